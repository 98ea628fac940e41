package dev.robusta.sctp.wire;

/** SHUTDOWN COMPLETE (RFC 9260 section 3.3.13): ends a graceful close. Flag T as in ABORT. */
public final class ShutdownCompleteChunk {
    public static final int SIZE = 4;
    public static final int FLAG_T = 0x01;

    private ShutdownCompleteChunk() {}

    public static int write(byte[] b, int off, boolean reflected) {
        Chunk.writeHeader(b, off, Chunk.SHUTDOWN_COMPLETE, reflected ? FLAG_T : 0, SIZE);
        return SIZE;
    }
}
