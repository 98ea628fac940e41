package dev.robusta.ice.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC and CRC work for MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT, and the credential keys (RFC 8489 section 9).
 * Per-thread MAC and CRC instances are reused, and re-keyed only when the key changes, so checking a message
 * allocates nothing in the steady state.
 */
final class StunCrypto {
    static final int FINGERPRINT_XOR = 0x5354554E;

    private static final ThreadLocal<KeyedMac> SHA1 = ThreadLocal.withInitial(() -> new KeyedMac("HmacSHA1"));
    private static final ThreadLocal<KeyedMac> SHA256 = ThreadLocal.withInitial(() -> new KeyedMac("HmacSHA256"));
    private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[32]);

    private StunCrypto() {}

    /**
     * The HMAC over {@code buf[start..attributeStart)}, with the header's length field replaced by
     * {@code patchedLength} (RFC 8489 section 14.5: the length as if the integrity attribute ended the message).
     * Writes the full MAC into the per-thread scratch array and returns it.
     */
    static byte[] hmac(boolean sha256, byte[] key, byte[] buf, int start, int attributeStart, int patchedLength) {
        Mac mac = (sha256 ? SHA256 : SHA1).get().keyed(key);
        byte[] scratch = SCRATCH.get();
        scratch[0] = (byte) (patchedLength >>> 8);
        scratch[1] = (byte) patchedLength;
        mac.update(buf, start, 2);
        mac.update(scratch, 0, 2);
        mac.update(buf, start + 4, attributeStart - start - 4);
        try {
            mac.doFinal(scratch, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC output does not fit 32 bytes", e);
        }
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

    /** A MAC that remembers its key so re-keying happens only when the key really changes. */
    private static final class KeyedMac {
        private final Mac mac;
        private final String algorithm;
        private byte[] lastKey = new byte[0];
        private boolean initialised;

        KeyedMac(String algorithm) {
            this.algorithm = algorithm;
            try {
                this.mac = Mac.getInstance(algorithm);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm + " is not available in this JVM", e);
            }
        }

        Mac keyed(byte[] key) {
            if (!initialised || !Arrays.equals(key, lastKey)) {
                try {
                    // An empty key is legal for HMAC but not for SecretKeySpec; one zero byte is equivalent.
                    mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot key " + algorithm, e);
                }
                lastKey = key.clone();
                initialised = true;
            }
            return mac;
        }
    }
}
