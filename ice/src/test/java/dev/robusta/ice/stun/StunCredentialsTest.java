package dev.robusta.ice.stun;

import static dev.robusta.ice.stun.StunBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Keys for MESSAGE-INTEGRITY (RFC 8489 section 9) and the password preparation behind them. */
class StunCredentialsTest {

    @Test
    void longTermKeyIsMd5OfUserRealmPassword() {
        // printf 'alice:example.org:s3cret' | md5sum
        assertArrayEquals(hex("8b83b40c22906c0c67a3c5bcc491bc14"),
                StunCredentials.longTermKey("alice", "example.org", "s3cret"));
        // printf 'alice:example.org:' | md5sum
        assertArrayEquals(hex("dab9e8c08aa8e2ee2f29f367fa0d2abe"), StunCredentials.longTermKey("alice", "example.org", ""));
    }

    @Test
    void longTermKeySha256() {
        // printf 'alice:example.org:s3cret' | sha256sum
        assertArrayEquals(hex("f22052fea8541d9a84dc48aa41b20e65023c376e463bc39e716fac6e0f0f7a5f"),
                StunCredentials.longTermKeySha256("alice", "example.org", "s3cret"));
    }

    @Test
    void longTermKeyPreparesOnlyThePassword() {
        // A soft hyphen in the password is mapped to nothing; in the username it stays (RFC 8489 leaves the
        // username to the caller's OpaqueString handling).
        assertArrayEquals(StunCredentials.longTermKey("alice", "example.org", "s3cret"),
                StunCredentials.longTermKey("alice", "example.org", "s3\u00ADcret"));
        assertFalse(Arrays.equals(StunCredentials.longTermKey("alice", "example.org", "s3cret"),
                StunCredentials.longTermKey("al\u00ADice", "example.org", "s3cret")));
    }

    @Test
    void shortTermKeyIsThePreparedPasswordInUtf8() {
        assertArrayEquals("VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII),
                StunCredentials.shortTermKey("VOkJxbRl1RmTxUk/WvJxBt"));
        assertArrayEquals("p\u00E4ss".getBytes(StandardCharsets.UTF_8), StunCredentials.shortTermKey("pa\u0308ss"),
                "NFKC composes a + combining diaeresis");
        assertArrayEquals(new byte[0], StunCredentials.shortTermKey(""));
    }

    @Test
    void saslPrepMapsAndNormalises() {
        assertEquals("ab", StunCrypto.prepare("a\u00ADb"), "soft hyphen: mapped to nothing (RFC 3454 B.1)");
        assertEquals("ab", StunCrypto.prepare("a\u200Bb\uFEFF"), "zero-width space and BOM: mapped to nothing");
        assertEquals("a b", StunCrypto.prepare("a\u00A0b"), "no-break space: mapped to space (RFC 4013 2.1)");
        assertEquals("a b", StunCrypto.prepare("a\u3000b"), "ideographic space");
        assertEquals("fi", StunCrypto.prepare("\uFB01"), "ligature: NFKC");
        assertEquals("IX", StunCrypto.prepare("\u2168"), "roman numeral nine: NFKC");
        assertEquals("plain-ascii/+=", StunCrypto.prepare("plain-ascii/+="));
    }

    @Test
    void hmacMatchesTheJdkMacForEveryKeyLengthRegime() throws Exception {
        // Keys shorter than, equal to and longer than the 64-byte block (RFC 2104 hashes the latter), alternating
        // between calls as an ICE agent alternates between its own and the peer's password.
        Random random = new Random(21);
        for (String algorithm : new String[] {"HmacSHA1", "HmacSHA256"}) {
            boolean sha256 = algorithm.equals("HmacSHA256");
            Mac jdk = Mac.getInstance(algorithm);
            for (int round = 0; round < 200; round++) {
                byte[] key = new byte[new int[] {0, 1, 16, 20, 22, 32, 63, 64, 65, 100, 200}[round % 11]];
                random.nextBytes(key);
                byte[] message = new byte[20 + 4 * random.nextInt(40)];
                random.nextBytes(message);
                int patchedLength = random.nextInt(0x10000);
                byte[] patched = message.clone();
                StunBytes.putU16(patched, 2, patchedLength);
                // An empty HMAC key equals a one-zero-byte key (both are zero-padded); SecretKeySpec refuses empty.
                jdk.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
                byte[] expected = jdk.doFinal(patched);
                byte[] actual = StunCrypto.hmac(sha256, key, message, 0, message.length, patchedLength);
                assertArrayEquals(expected, Arrays.copyOf(actual, expected.length), algorithm + " key " + key.length);
            }
        }
    }

    @Test
    void fingerprintIsCrc32XorStun() {
        // CRC-32 of "123456789" is the published check value 0xCBF43926 (ISO-HDLC); FINGERPRINT XORs 0x5354554E.
        byte[] digits = "x123456789y".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xCBF43926 ^ 0x5354554E, StunCrypto.fingerprint(digits, 1, 10));
    }

    @Test
    void constantTimeComparison() {
        byte[] a = hex("00112233");
        assertTrue(StunCrypto.equalsConstantTime(a, 1, hex("ff112233"), 1, 3));
        assertFalse(StunCrypto.equalsConstantTime(a, 0, hex("00112234"), 0, 4));
        assertTrue(StunCrypto.equalsConstantTime(a, 0, hex("99"), 0, 0));
    }
}
