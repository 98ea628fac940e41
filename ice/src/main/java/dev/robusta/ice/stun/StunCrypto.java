package dev.robusta.ice.stun;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * HMAC and CRC work for MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT, and the credential keys (RFC 8489 section 9).
 * Per-thread HMAC and CRC instances are reused, so checking or signing a message allocates nothing.
 */
final class StunCrypto {
    static final int FINGERPRINT_XOR = 0x5354554E;

    private static final ThreadLocal<Hmac> SHA1 = ThreadLocal.withInitial(() -> new Hmac("SHA-1"));
    private static final ThreadLocal<Hmac> SHA256 = ThreadLocal.withInitial(() -> new Hmac("SHA-256"));
    private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[32]);

    private StunCrypto() {}

    /**
     * The HMAC over {@code buf[start..attributeStart)}, with the header's length field replaced by
     * {@code patchedLength} (RFC 8489 section 14.5: the length as if the integrity attribute ended the message).
     * Writes the full MAC into the per-thread scratch array and returns it.
     */
    static byte[] hmac(boolean sha256, byte[] key, byte[] buf, int start, int attributeStart, int patchedLength) {
        Hmac mac = (sha256 ? SHA256 : SHA1).get().start(key);
        byte[] scratch = SCRATCH.get();
        scratch[0] = (byte) (patchedLength >>> 8);
        scratch[1] = (byte) patchedLength;
        mac.update(buf, start, 2);
        mac.update(scratch, 0, 2);
        mac.update(buf, start + 4, attributeStart - start - 4);
        mac.finish(scratch);
        return scratch;
    }

    /** CRC-32 of {@code buf[start..end)} XOR 0x5354554E (RFC 8489 section 14.7). */
    static int fingerprint(byte[] buf, int start, int end) {
        CRC32 crc = CRC.get();
        crc.reset();
        crc.update(buf, start, end - start);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /** Constant-time comparison of {@code length} bytes. */
    static boolean equalsConstantTime(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aOffset + i] ^ b[bOffset + i];
        }
        return diff == 0;
    }

    /**
     * SASLprep-style preparation of a password (RFC 4013, as RFC 5389 and RFC 5769 use it): characters mapped to
     * nothing are dropped, non-ASCII spaces become spaces, then NFKC.
     */
    static String prepare(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isMappedToNothing(c)) {
                continue;
            }
            b.append(Character.isSpaceChar(c) ? ' ' : c);
        }
        return Normalizer.normalize(b, Normalizer.Form.NFKC);
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(char c) {
        return c == '\u00AD' || c == '\u034F' || c == '\u1806' || (c >= '\u180B' && c <= '\u180D')
                || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || (c >= '\uFE00' && c <= '\uFE0F')
                || c == '\uFEFF';
    }

    static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }

    /**
     * HMAC (RFC 2104) over a reused {@link MessageDigest}. Unlike {@code javax.crypto.Mac}, whose {@code doFinal}
     * returns a new array each time, it writes the result into the caller's array. Re-keying only recomputes the
     * two pads (no allocation), which matters because an ICE agent alternates between its own and the peer's key.
     */
    private static final class Hmac {
        private static final int BLOCK_BYTES = 64; // SHA-1 and SHA-256

        private final MessageDigest digest;
        private final int macBytes;
        private final byte[] innerPad = new byte[BLOCK_BYTES];
        private final byte[] outerPad = new byte[BLOCK_BYTES];
        private final byte[] innerHash;
        private final byte[] key = new byte[BLOCK_BYTES];
        private int keyLength = -1; // none yet

        Hmac(String algorithm) {
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " is not available in this JVM", e);
            }
            macBytes = digest.getDigestLength();
            innerHash = new byte[macBytes];
        }

        /** Keys the HMAC (when the key differs from the last one) and starts a new MAC. */
        Hmac start(byte[] newKey) {
            if (newKey.length != keyLength || !Arrays.equals(newKey, 0, keyLength, key, 0, keyLength)) {
                // RFC 2104 section 2: a key longer than the block is hashed first; shorter ones are zero-padded.
                byte[] k = newKey.length > BLOCK_BYTES ? digest.digest(newKey) : newKey;
                Arrays.fill(innerPad, (byte) 0x36);
                Arrays.fill(outerPad, (byte) 0x5C);
                for (int i = 0; i < k.length; i++) {
                    innerPad[i] ^= k[i];
                    outerPad[i] ^= k[i];
                }
                if (newKey.length <= BLOCK_BYTES) {
                    System.arraycopy(newKey, 0, key, 0, newKey.length);
                    keyLength = newKey.length;
                } else {
                    keyLength = -1; // rare: long keys are re-hashed on every use rather than remembered
                }
            }
            digest.reset();
            digest.update(innerPad);
            return this;
        }

        void update(byte[] b, int offset, int length) {
            digest.update(b, offset, length);
        }

        /** Writes the MAC into {@code out[0..macBytes)}. */
        void finish(byte[] out) {
            try {
                digest.digest(innerHash, 0, macBytes);
                digest.update(outerPad);
                digest.update(innerHash);
                digest.digest(out, 0, macBytes);
            } catch (DigestException e) {
                throw new IllegalStateException("HMAC output does not fit " + out.length + " bytes", e);
            }
        }
    }
}
