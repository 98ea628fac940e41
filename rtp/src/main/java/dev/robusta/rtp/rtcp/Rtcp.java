package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;

/** Byte helpers shared by the RTCP packet classes. */
final class Rtcp {
    static final int HEADER_BYTES = 4;

    private Rtcp() {}

    /** Writes the common header: V=2, no padding, {@code count} (RC/SC/FMT), PT and the length in words - 1. */
    static void header(byte[] b, int off, int count, int pt, int totalBytes) {
        if ((totalBytes & 3) != 0) {
            throw new IllegalStateException("RTCP packet length not a multiple of 4: " + totalBytes);
        }
        if (totalBytes > 4 * 0x10000) {
            throw new IllegalStateException("RTCP packet of " + totalBytes + " bytes: too long for its length field");
        }
        if (b.length - off < totalBytes) {
            throw new IndexOutOfBoundsException("RTCP packet of " + totalBytes + " bytes does not fit at " + off);
        }
        int words = totalBytes / 4 - 1;
        b[off] = (byte) (0x80 | count);
        b[off + 1] = (byte) pt;
        b[off + 2] = (byte) (words >>> 8);
        b[off + 3] = (byte) words;
    }

    static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int u24(byte[] b, int p) {
        return ((b[p] & 0xFF) << 16) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF);
    }

    static void put32(byte[] b, int p, long v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    static void put24(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 16);
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) v;
    }

    static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    static void need(int have, int need, String what) throws MalformedPacketException {
        if (have < need) {
            throw new MalformedPacketException(what + ": need " + need + " bytes, have " + have);
        }
    }

    static long checkU32(long v, String what) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " not a 32-bit unsigned value: " + v);
        }
        return v;
    }
}
