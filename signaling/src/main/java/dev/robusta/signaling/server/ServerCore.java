package dev.robusta.signaling.server;

/**
 * A protocol's server logic without sockets, threads or clocks: a connection's upgrade request comes in and a
 * verdict goes out; then texts come in and {@link ServerOutput}s are pulled with {@link #poll()} until it returns
 * null. Not thread-safe: the driver calls it under one lock, and drains the outputs after every call.
 */
public interface ServerCore {

    /** Decides on a connection's upgrade request (already checked to be a well-formed WebSocket upgrade). */
    HandshakeVerdict handshake(long connectionId, HandshakeRequest request);

    /** The 101 response for an accepted handshake is on its way; the connection may now receive messages. */
    void open(long connectionId);

    /** A complete, valid UTF-8 text message from the connection. */
    void text(long connectionId, String text);

    /** A complete binary message; the protocols here use text only. */
    default void binary(long connectionId, int sizeBytes) {}

    /** The connection is gone (for any reason); called once, also for connections that never opened. */
    void closed(long connectionId);

    /** The next output, or null when there is none. */
    ServerOutput poll();
}
