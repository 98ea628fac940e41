package dev.robusta.interop.process;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The test messages both sides of an aiortc or Pion interop test generate and check, defined identically in
 * {@code aiortc_peer.py} and {@code pion_peer.go}: the sequence text(0), binary(0), text(1), binary(1), ... and large messages. Sizes vary
 * from empty to a few fragments; text mixes one-, two-, three- and four-byte UTF-8 characters.
 */
public final class MessagePatterns {
    private static final int[] ALPHABET;

    static {
        ALPHABET = new int[29];
        for (int c = 0; c < 26; c++) {
            ALPHABET[c] = 'a' + c;
        }
        ALPHABET[26] = 0xE9;
        ALPHABET[27] = 0x20AC;
        ALPHABET[28] = 0x1F600;
    }

    private MessagePatterns() {
    }

    /** Text message i: (i * 7919) % 300 code points. */
    public static String text(int i) {
        int n = (int) ((i * 7919L) % 300);
        StringBuilder b = new StringBuilder(n * 2);
        for (int j = 0; j < n; j++) {
            b.appendCodePoint(ALPHABET[(int) ((i * 31L + j) % ALPHABET.length)]);
        }
        return b.toString();
    }

    /** Binary message i: (i * 104729) % 1500 bytes. */
    public static byte[] binary(int i) {
        int n = (int) ((i * 104729L) % 1500);
        byte[] b = new byte[n];
        for (int j = 0; j < n; j++) {
            b[j] = (byte) (i * 131 + j * 17);
        }
        return b;
    }

    /** A large binary message of n bytes. */
    public static byte[] large(int n) {
        byte[] b = new byte[n];
        for (int j = 0; j < n; j++) {
            b[j] = (byte) (j * 31 + (j >>> 11));
        }
        return b;
    }

    /** The UTF-8 size of text message i. */
    public static int textBytes(int i) {
        return text(i).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Bytes in the first {@code count} pairs of the sequence (text and binary), as counted on the wire. */
    public static long sequenceBytes(int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += textBytes(i) + binary(i).length;
        }
        return total;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
