package dev.robusta.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate and its private key, as WebRTC endpoints use them: the peer trusts it only through
 * the fingerprint exchanged in SDP. Generate one and reuse it across connections (generating an RSA key takes
 * tens of milliseconds); it is immutable and thread-safe.
 */
public final class DtlsCertificate {

    /** The key types WebRTC endpoints use. */
    public enum KeyType {
        /** ECDSA on P-256 with SHA-256, the WebRTC default. */
        ECDSA_P256,
        /** RSA 2048 with SHA-256 (public exponent 65537). */
        RSA_2048
    }

    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private final KeyType keyType;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final byte[] der;
    private final DtlsFingerprint fingerprint;

    private DtlsCertificate(KeyType keyType, KeyPair keyPair, X509Certificate certificate) {
        this.keyType = keyType;
        this.keyPair = keyPair;
        this.certificate = certificate;
        try {
            this.der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate we built", e);
        }
        this.fingerprint = DtlsFingerprint.sha256(der);
    }

    /** Generates an ECDSA P-256 certificate valid for 30 days. */
    public static DtlsCertificate generate() {
        return generate(KeyType.ECDSA_P256);
    }

    /** Generates a certificate of this key type valid for 30 days. */
    public static DtlsCertificate generate(KeyType keyType) {
        return generate(keyType, DEFAULT_VALIDITY);
    }

    /** Generates a certificate of this key type, valid from a day ago (clock skew) for {@code validity}. */
    public static DtlsCertificate generate(KeyType keyType, Duration validity) {
        Objects.requireNonNull(keyType, "keyType");
        SecureRandom random = new SecureRandom();
        try {
            KeyPair keyPair = generateKeyPair(keyType, random);
            Instant now = Instant.now();
            byte[] serial = new byte[8];
            random.nextBytes(serial);
            // A random common name, as browsers use: it carries no identity, the fingerprint does.
            byte[] cn = new byte[8];
            random.nextBytes(cn);
            X500Name name = new X500Name("CN=robusta-" + HexFormat.of().formatHex(cn));
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(1, serial), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(validity)), name, keyPair.getPublic());
            String signatureAlgorithm = keyType == KeyType.ECDSA_P256 ? "SHA256withECDSA" : "SHA256withRSA";
            JcaContentSignerBuilder signerBuilder = new JcaContentSignerBuilder(signatureAlgorithm);
            if (keyType == KeyType.ECDSA_P256) {
                signerBuilder.setProvider(JdkFirstJcaHelper.BOUNCY_CASTLE);
            }
            ContentSigner signer = signerBuilder.build(keyPair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new DtlsCertificate(keyType, keyPair, certificate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a " + keyType + " certificate", e);
        }
    }

    /**
     * Wraps an existing certificate and its private key (for example one loaded from a key store).
     *
     * @throws IllegalArgumentException if the key is neither EC P-256 nor RSA
     */
    public static DtlsCertificate of(X509Certificate certificate, PrivateKey privateKey) {
        String algorithm = privateKey.getAlgorithm();
        KeyType keyType = switch (algorithm) {
            case "EC" -> KeyType.ECDSA_P256;
            case "RSA" -> KeyType.RSA_2048;
            default -> throw new IllegalArgumentException("unsupported private key algorithm " + algorithm);
        };
        return new DtlsCertificate(keyType, new KeyPair(certificate.getPublicKey(), privateKey), certificate);
    }

    private static KeyPair generateKeyPair(KeyType keyType, SecureRandom random) throws GeneralSecurityException {
        if (keyType == KeyType.ECDSA_P256) {
            // Bouncy Castle's P-256 is several times faster than the JDK's (see JdkFirstJcaHelper).
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", JdkFirstJcaHelper.BOUNCY_CASTLE);
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
        return generator.generateKeyPair();
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The SHA-256 fingerprint to put in SDP. */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    /** The certificate's DER encoding (a copy). */
    public byte[] encoded() {
        return der.clone();
    }

    public X509Certificate x509() {
        return certificate;
    }

    /** When the certificate stops being valid. */
    public Instant expires() {
        return certificate.getNotAfter().toInstant();
    }

    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    byte[] der() {
        return der;
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + keyType + ", " + fingerprint.toSdpValue() + "]";
    }
}
