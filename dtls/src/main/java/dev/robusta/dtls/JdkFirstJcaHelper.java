package dev.robusta.dtls;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;

import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Takes algorithms from the JDK's providers (whose AES-GCM and SHA use CPU intrinsics) and falls back to a
 * private Bouncy Castle provider for the few the JDK names differently or lacks, such as the RSA-PSS
 * signatures ({@code SHA256WITHRSAANDMGF1}) OpenSSL uses for ServerKeyExchange. ECDSA is the exception that
 * goes to Bouncy Castle first: its P-256 (fixed-base comb, Shamir's trick) signs 3x and verifies 5x faster than
 * the JDK's on JDK 17 and 25, and a handshake does one of each on its critical path. It never installs a
 * provider globally.
 */
final class JdkFirstJcaHelper extends DefaultJcaJceHelper {
    /** One private Bouncy Castle provider for the module (also signs our certificates). */
    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
        if (algorithm.toUpperCase(java.util.Locale.ROOT).endsWith("WITHECDSA")) {
            return Signature.getInstance(algorithm, BOUNCY_CASTLE);
        }
        try {
            return super.createSignature(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return Signature.getInstance(algorithm, BOUNCY_CASTLE);
        }
    }

    /** X25519 (the ECDHE group both ends prefer): Bouncy Castle's is about twice as fast as the JDK's. */
    @Override
    public javax.crypto.KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
        if (isX25519(algorithm)) {
            return javax.crypto.KeyAgreement.getInstance(algorithm, BOUNCY_CASTLE);
        }
        return super.createKeyAgreement(algorithm);
    }

    @Override
    public java.security.KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
        if (isX25519(algorithm)) {
            return java.security.KeyPairGenerator.getInstance(algorithm, BOUNCY_CASTLE);
        }
        return super.createKeyPairGenerator(algorithm);
    }

    @Override
    public java.security.KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
        if (isX25519(algorithm)) {
            return java.security.KeyFactory.getInstance(algorithm, BOUNCY_CASTLE);
        }
        return super.createKeyFactory(algorithm);
    }

    private static boolean isX25519(String algorithm) {
        String a = algorithm.toUpperCase(java.util.Locale.ROOT);
        return a.equals("X25519") || a.equals("XDH");
    }

    @Override
    public java.security.AlgorithmParameters createAlgorithmParameters(String algorithm)
            throws NoSuchAlgorithmException {
        try {
            return super.createAlgorithmParameters(algorithm);
        } catch (NoSuchAlgorithmException e) {
            return java.security.AlgorithmParameters.getInstance(algorithm, BOUNCY_CASTLE);
        }
    }

}
