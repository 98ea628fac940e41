package dev.robusta.interop.browser;

import java.nio.ByteBuffer;

/**
 * The messages interop tests send, generated the same way here and in {@code peer-harness.html}, so that each
 * side checks content and order of what it receives without a copy of what was sent. A bulk run interleaves
 * text {@code i} and binary {@code i}; a "big" message is binary and at least {@link #BIG_THRESHOLD} bytes.
 */
public final class MessagePattern {
    /** Binary messages at least this big are "big" ones (bulk binary messages are far smaller). */
    public static final int BIG_THRESHOLD = 65536;

    private MessagePattern() {}

    /** Text message {@code i} of a bulk run on the channel {@code label} (with non-ASCII characters). */
    public static String text(String label, int i) {
        return label + "|" + i + "|\u00e9\u2713|" + "abcdefghij".repeat(i % 13);
    }

    /** Binary message {@code i} of a bulk run: 4 to 304 bytes, the index first (big-endian). */
    public static byte[] binary(int i) {
        int n = 4 + (i * 37) % 301;
        byte[] b = new byte[n];
        ByteBuffer.wrap(b).putInt(0, i);
        for (int j = 4; j < n; j++) {
            b[j] = (byte) (i + j * 7);
        }
        return b;
    }

    /** A big binary message of {@code size} bytes. */
    public static byte[] big(int size) {
        byte[] b = new byte[size];
        for (int j = 0; j < size; j++) {
            b[j] = (byte) (j * 13 + (j >>> 8));
        }
        return b;
    }

    /** Whether {@code data} (its remaining bytes) is {@link #big(int)} of its size. */
    public static boolean isBig(ByteBuffer data) {
        ByteBuffer d = data.duplicate();
        for (int j = 0; d.hasRemaining(); j++) {
            if (d.get() != (byte) (j * 13 + (j >>> 8))) {
                return false;
            }
        }
        return true;
    }
}
