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
