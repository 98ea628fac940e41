package dev.robusta.sctp.wire;

/** SHUTDOWN ACK (RFC 9260 section 3.3.9): the answer to SHUTDOWN once all data is acknowledged. */
public final class ShutdownAckChunk {
    public static final int SIZE = 4;

    private ShutdownAckChunk() {}

    public static int write(byte[] b, int off) {
        Chunk.writeHeader(b, off, Chunk.SHUTDOWN_ACK, 0, SIZE);
        return SIZE;
    }
}
