package dev.robusta.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as SDP carries it ({@code a=fingerprint:sha-256 AB:CD:...}, RFC 8122): the hash
 * function's name and the digest of the certificate's DER encoding.
 */
public final class DtlsFingerprint {
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final String algorithm;
    private final byte[] digest;

    private DtlsFingerprint(String algorithm, byte[] digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    /**
     * The fingerprint of a DER-encoded certificate with one of the hash functions of RFC 8122's registry
     * (sha-1, sha-224, sha-256, sha-384, sha-512).
     */
    public static DtlsFingerprint of(String algorithm, byte[] certificateDer) {
        String name = normalise(algorithm);
        try {
            return new DtlsFingerprint(name, MessageDigest.getInstance(jcaName(name)).digest(certificateDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + name, e);
        }
    }

    /** The SHA-256 fingerprint WebRTC uses. */
    public static DtlsFingerprint sha256(byte[] certificateDer) {
        return of("sha-256", certificateDer);
    }

    /**
     * Parses the value of an SDP fingerprint attribute, e.g. {@code sha-256 AB:CD:...}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static DtlsFingerprint parse(String sdpValue) {
        Objects.requireNonNull(sdpValue, "fingerprint");
        String trimmed = sdpValue.trim();
        int space = trimmed.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("fingerprint must be '<hash> <hex bytes>': '" + sdpValue + "'");
        }
        String name = normalise(trimmed.substring(0, space));
        String hex = trimmed.substring(space + 1).trim();
        byte[] digest;
        try {
            digest = HexFormat.ofDelimiter(":").parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fingerprint bytes must be colon-separated hex pairs: '" + hex + "'", e);
        }
        if (digest.length != digestLength(name)) {
            throw new IllegalArgumentException(name + " fingerprint must have " + digestLength(name)
                    + " bytes, got " + digest.length);
        }
        return new DtlsFingerprint(name, digest);
    }

    /** Lower-case hash function name as SDP writes it, e.g. {@code sha-256}. */
    public String algorithm() {
        return algorithm;
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** Whether this fingerprint is that of the given DER-encoded certificate. */
    public boolean matches(byte[] certificateDer) {
        byte[] actual = of(algorithm, certificateDer).digest;
        return MessageDigest.isEqual(actual, digest);
    }

    /** The SDP attribute value: {@code sha-256 AB:CD:...}. */
    public String toSdpValue() {
        return algorithm + " " + COLON_HEX.formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsFingerprint other && algorithm.equals(other.algorithm)
                && Arrays.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }

    private static String normalise(String algorithm) {
        String name = algorithm.trim().toLowerCase(Locale.ROOT);
        digestLength(name);
        return name;
    }

    private static int digestLength(String name) {
        return switch (name) {
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            case "sha-512" -> 64;
            default -> throw new IllegalArgumentException("unsupported fingerprint hash function '" + name
                    + "' (supported: sha-1, sha-224, sha-256, sha-384, sha-512)");
        };
    }

    private static String jcaName(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
