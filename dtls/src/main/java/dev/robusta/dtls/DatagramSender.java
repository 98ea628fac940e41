package dev.robusta.dtls;

/**
 * Where DTLS writes its datagrams: the ICE pair in production, a pipe or UDP socket in tests.
 * Called from the handshake thread and from threads that send application data; it must be thread-safe and
 * must copy the bytes before it returns.
 */
@FunctionalInterface
public interface DatagramSender {
    void send(byte[] data, int offset, int length);
}
