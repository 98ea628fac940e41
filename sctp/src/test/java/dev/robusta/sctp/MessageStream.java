package dev.robusta.sctp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Deterministic message contents for transfer tests: message {@code i} is a seeded pattern whose first 8 bytes
 * are its index, so a receiver can check content and order with a running SHA-256 over what it got.
 */
final class MessageStream {
    private final Random sizes;
    private final int minSize;
    private final int maxSize;
    private long next;
    private final MessageDigest digest;

    MessageStream(long seed, int minSize, int maxSize) {
        this.sizes = new Random(seed);
        this.minSize = Math.max(8, minSize);
        this.maxSize = maxSize;
        this.digest = sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    long count() {
        return next;
    }

    /** The next message; its bytes are added to this stream's digest. */
    byte[] next() {
        int size = minSize + (maxSize > minSize ? sizes.nextInt(maxSize - minSize + 1) : 0);
        byte[] b = new byte[size];
        long index = next++;
        long x = index * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (index >>> (56 - 8 * i));
        }
        digest.update(b);
        return b;
    }

    byte[] digest() {
        return digest.digest();
    }

    static long indexOf(byte[] message) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (message[i] & 0xFF);
        }
        return v;
    }
}
