package dev.robusta.ice.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/** Byte-level helpers for the STUN tests: hex, literal addresses, and hand edits of encoded messages. */
final class StunBytes {
    private StunBytes() {}

    /** Hex to bytes; spaces and newlines are ignored so vectors can keep the RFC's layout. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** An address from an IP literal (no DNS look-up happens for literals). */
    static InetSocketAddress addr(String ipLiteral, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ipLiteral), port);
        } catch (UnknownHostException e) {
            throw new AssertionError("not an IP literal: " + ipLiteral, e);
        }
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void putU32(byte[] b, int off, int v) {
        putU16(b, off, v >>> 16);
        putU16(b, off + 2, v);
    }

    /** Sets the header's message length to what the array really holds after the header. */
    static byte[] fixBodyLength(byte[] m) {
        putU16(m, 2, m.length - StunMessage.HEADER_LENGTH);
        return m;
    }

    /**
     * Offsets of the attribute headers, found by walking the length fields; the walk stops at an attribute that
     * would overrun the array, so it also works on damaged messages.
     */
    static int[] attributeStarts(byte[] m) {
        int[] starts = new int[Math.max(0, (m.length - StunMessage.HEADER_LENGTH) / 4)];
        int n = 0;
        int p = StunMessage.HEADER_LENGTH;
        while (p + 4 <= m.length) {
            starts[n++] = p;
            p += 4 + ((u16(m, p + 2) + 3) & ~3);
        }
        return Arrays.copyOf(starts, n);
    }

    /** Appends one attribute (padded with zeros) and fixes the header length. */
    static byte[] appendAttribute(byte[] m, int type, byte[] value) {
        byte[] out = Arrays.copyOf(m, m.length + 4 + ((value.length + 3) & ~3));
        putU16(out, m.length, type);
        putU16(out, m.length + 2, value.length);
        System.arraycopy(value, 0, out, m.length + 4, value.length);
        return fixBodyLength(out);
    }

    /** Drops a trailing FINGERPRINT attribute (8 bytes) and fixes the header length. */
    static byte[] withoutFingerprint(byte[] m) {
        if (u16(m, m.length - 8) != StunAttributes.FINGERPRINT) {
            throw new IllegalArgumentException("message does not end with FINGERPRINT");
        }
        return fixBodyLength(Arrays.copyOf(m, m.length - 8));
    }

    /**
     * When the last attribute (by the length walk) is a 4-byte FINGERPRINT that ends the array, rewrites its value
     * so that it matches: lets mutated messages get past the CRC to the checks behind it.
     */
    static void refreshFingerprint(byte[] m) {
        int[] starts = attributeStarts(m);
        if (starts.length == 0) {
            return;
        }
        int last = starts[starts.length - 1];
        if (last + 8 == m.length && u16(m, last) == StunAttributes.FINGERPRINT && u16(m, last + 2) == 4) {
            putU32(m, last + 4, StunCrypto.fingerprint(m, 0, last));
        }
    }
}
