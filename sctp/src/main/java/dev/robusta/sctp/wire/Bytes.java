package dev.robusta.sctp.wire;

/** Big-endian (network order) reads and writes on byte arrays; every SCTP field is big-endian but the checksum. */
public final class Bytes {
    private Bytes() {}

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** A 32-bit field as an int (TSNs and tags are compared with serial arithmetic or as bits). */
    public static int i32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** A 32-bit field as an unsigned value. */
    public static long u32(byte[] b, int off) {
        return i32(b, off) & 0xFFFF_FFFFL;
    }

    public static void put8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    public static void put32(byte[] b, int off, long v) {
        put32(b, off, (int) v);
    }

    public static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) (v >>> 32));
        put32(b, off + 4, (int) v);
    }

    public static long i64(byte[] b, int off) {
        return ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xFFFF_FFFFL);
    }

    /** Rounds a chunk or parameter length up to the 4-byte boundary (RFC 9260 section 3.2). */
    public static int padded(int length) {
        return (length + 3) & ~3;
    }

    /** Zeroes the padding after a {@code length}-byte TLV at {@code off}; returns the padded length. */
    public static int pad(byte[] b, int off, int length) {
        int p = padded(length);
        for (int i = off + length; i < off + p; i++) {
            b[i] = 0;
        }
        return p;
    }
}
