package dev.robusta.sctp.wire;

import java.util.Arrays;

/** COOKIE ECHO (RFC 9260 section 3.3.11): the State Cookie from the INIT ACK, returned verbatim. */
public final class CookieEchoChunk {
    private CookieEchoChunk() {}

    public static byte[] cookie(byte[] b, int off, int len) {
        return Arrays.copyOfRange(b, off + Chunk.HEADER_SIZE, off + len);
    }

    public static int write(byte[] b, int off, byte[] cookie) {
        System.arraycopy(cookie, 0, b, off + 4, cookie.length);
        Chunk.writeHeader(b, off, Chunk.COOKIE_ECHO, 0, 4 + cookie.length);
        return Bytes.pad(b, off, 4 + cookie.length);
    }
}
