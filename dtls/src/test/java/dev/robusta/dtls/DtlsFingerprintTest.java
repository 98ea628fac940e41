package dev.robusta.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {

    @Test
    void parsesAndPrintsTheSdpForm() {
        // A fingerprint line as Chromium writes it.
        String sdp = "sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08";
        DtlsFingerprint fingerprint = DtlsFingerprint.parse(sdp);
        assertEquals("sha-256", fingerprint.algorithm());
        assertEquals(32, fingerprint.digest().length);
        assertEquals(0x6b, fingerprint.digest()[0] & 0xff);
        assertEquals(sdp, fingerprint.toSdpValue());
        assertEquals(fingerprint, DtlsFingerprint.parse("SHA-256 " + sdp.substring(8).toLowerCase()));
    }

    @Test
    void rejectsMalformedValuesWithAClearMessage() {
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256"));
        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
                () -> DtlsFingerprint.parse("sha-256 AB:CD"));
        assertTrue(wrongLength.getMessage().contains("32 bytes"), wrongLength.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("md5 AB:CD"));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-1 ZZ" + ":00".repeat(19)));
    }

    @Test
    void matchesOnlyItsOwnCertificate() throws Exception {
        DtlsCertificate a = DtlsCertificate.generate();
        DtlsCertificate b = DtlsCertificate.generate();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(a.encoded());
        assertArrayEquals(expected, a.fingerprint().digest());
        assertTrue(a.fingerprint().matches(a.encoded()));
        assertFalse(a.fingerprint().matches(b.encoded()));
        DtlsFingerprint sha1 = DtlsFingerprint.of("sha-1", a.encoded());
        assertTrue(DtlsFingerprint.parse(sha1.toSdpValue()).matches(a.encoded()));
    }

    @Test
    void generatesEcdsaAndRsaCertificatesValidNow() {
        DtlsCertificate ec = DtlsCertificate.generate();
        DtlsCertificate rsa = DtlsCertificate.generate(DtlsCertificate.KeyType.RSA_2048, Duration.ofDays(2));
        assertEquals("EC", ec.x509().getPublicKey().getAlgorithm());
        assertEquals("SHA256withECDSA", ec.x509().getSigAlgName());
        assertEquals("RSA", rsa.x509().getPublicKey().getAlgorithm());
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) rsa.x509().getPublicKey()).getModulus().bitLength());
        assertTrue(ec.expires().isAfter(Instant.now().plus(Duration.ofDays(29))));
        assertTrue(rsa.expires().isBefore(Instant.now().plus(Duration.ofDays(3))));
        assertTrue(ec.x509().getNotBefore().toInstant().isBefore(Instant.now()));
        DtlsCertificate wrapped = DtlsCertificate.of(ec.x509(), ec.privateKey());
        assertEquals(ec.fingerprint(), wrapped.fingerprint());
    }
}
