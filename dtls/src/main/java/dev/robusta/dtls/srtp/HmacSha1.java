package dev.robusta.dtls.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's SHA-1 (and its intrinsic) without allocating per message: {@code Mac}'s
 * {@code doFinal(byte[], int)} allocates the result internally, {@code MessageDigest.digest(byte[], int, int)}
 * does not. Not thread-safe.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    // The outer hash's input: the outer pad, then the inner hash, which is digested straight into place.
    private final byte[] outer = new byte[BLOCK + LENGTH];

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        sha1.update(innerPad);
    }

    void update(byte[] data, int off, int len) {
        sha1.update(data, off, len);
    }

    /** Writes the 20-byte MAC of everything updated since the last call to {@code out[off..]}, and resets. */
    void finish(byte[] out, int off) {
        try {
            sha1.digest(outer, BLOCK, LENGTH);
            sha1.update(outer, 0, BLOCK + LENGTH);
            sha1.digest(out, off, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // cannot happen: the output always has 20 bytes of room
        }
        sha1.update(innerPad); // ready for the next message
    }
}
