package dev.robusta.ice.stun;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** The 96-bit STUN transaction ID (RFC 8489 section 5): a value usable as a map key. */
public final class TransactionId {
    public static final int LENGTH = 12;
    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    private final byte[] bytes;
    private final int hash;

    private TransactionId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** A cryptographically random ID, as RFC 8489 requires for messages on the wire. */
    public static TransactionId random() {
        return random(SECURE_RANDOM);
    }

    /** An ID from the given source; tests pass a seeded one to stay reproducible. */
    public static TransactionId random(Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new TransactionId(b);
    }

    public static TransactionId of(byte[] source, int offset) {
        return new TransactionId(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public static TransactionId of(byte[] twelveBytes) {
        if (twelveBytes.length != LENGTH) {
            throw new IllegalArgumentException("a transaction ID has 12 bytes, not " + twelveBytes.length);
        }
        return new TransactionId(twelveBytes.clone());
    }

    /** True when {@code source[offset..offset+12)} holds this ID. */
    public boolean matches(byte[] source, int offset) {
        return Arrays.equals(bytes, 0, LENGTH, source, offset, offset + LENGTH);
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionId other && other.hash == hash && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
