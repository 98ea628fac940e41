package dev.robusta.sctp.wire;

/** COOKIE ACK (RFC 9260 section 3.3.12): the association is established. */
public final class CookieAckChunk {
    public static final int SIZE = 4;

    private CookieAckChunk() {}

    public static int write(byte[] b, int off) {
        Chunk.writeHeader(b, off, Chunk.COOKIE_ACK, 0, SIZE);
        return SIZE;
    }
}
