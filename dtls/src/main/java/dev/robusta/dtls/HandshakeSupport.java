package dev.robusta.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Vector;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

import dev.robusta.dtls.srtp.SrtpKeys;
import dev.robusta.dtls.srtp.SrtpProfile;

/**
 * What our Bouncy Castle client and server share: our credentials, the check of the peer's certificate against
 * the SDP fingerprints, the SRTP profile choice and the key export. One instance per connection.
 */
final class HandshakeSupport {

    /** The JDK's providers do the record crypto (AES-GCM intrinsics); thread-safe and shared. */
    static final JcaTlsCrypto CRYPTO = createCrypto();

    private static JcaTlsCrypto createCrypto() {
        SecureRandom random = new SecureRandom();
        // JcaTlsCrypto's constructor is protected: a subclass with our JDK-first helper.
        return new JcaTlsCrypto(new JdkFirstJcaHelper(), random, random) {
        };
    }

    private static final int[] ECDSA_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };
    private static final int[] RSA_SUITES = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };

    private final DtlsConfig config;
    private final Certificate chain;

    private volatile DtlsException failure;
    private volatile byte[] remoteCertificateDer;
    private volatile DtlsFingerprint remoteFingerprint;
    private volatile SrtpProfile selectedProfile;
    private volatile SrtpKeys srtpKeys;
    private volatile int negotiatedCipherSuite = -1;
    private volatile AeadRecordLayer recordLayer;

    HandshakeSupport(DtlsConfig config) {
        this.config = config;
        TlsCertificate certificate;
        try {
            certificate = CRYPTO.createCertificate(config.certificate().der());
        } catch (IOException e) {
            throw new IllegalArgumentException("Bouncy Castle cannot read our certificate", e);
        }
        this.chain = new Certificate(new TlsCertificate[] {certificate});
    }

    DtlsConfig config() {
        return config;
    }

    /** The suites a client offers: both key types, since it cannot know the server's certificate. */
    static int[] clientCipherSuites() {
        int[] all = new int[ECDSA_SUITES.length + RSA_SUITES.length];
        System.arraycopy(ECDSA_SUITES, 0, all, 0, ECDSA_SUITES.length);
        System.arraycopy(RSA_SUITES, 0, all, ECDSA_SUITES.length, RSA_SUITES.length);
        return all;
    }

    /** The suites a server can sign for with its certificate. */
    int[] serverCipherSuites() {
        return config.certificate().keyType() == DtlsCertificate.KeyType.ECDSA_P256 ? ECDSA_SUITES : RSA_SUITES;
    }

    /**
     * Checks the peer's leaf certificate against the SDP fingerprints. Bouncy Castle has already checked that
     * the peer holds its private key (signatures over the handshake); the fingerprint ties that key to the SDP.
     */
    void verifyPeer(Certificate peerChain) throws IOException {
        if (peerChain == null || peerChain.isEmpty()) {
            throw fail(new DtlsException(DtlsException.Reason.NO_PEER_CERTIFICATE,
                    "the peer sent no certificate; WebRTC requires one"), AlertDescription.certificate_required);
        }
        byte[] der = peerChain.getCertificateAt(0).getEncoded();
        for (DtlsFingerprint expected : config.remoteFingerprints()) {
            if (expected.matches(der)) {
                remoteCertificateDer = der;
                remoteFingerprint = DtlsFingerprint.sha256(der);
                return;
            }
        }
        DtlsFingerprint actual = DtlsFingerprint.sha256(der);
        throw fail(new DtlsException(DtlsException.Reason.FINGERPRINT_MISMATCH,
                "the peer's certificate (" + actual.toSdpValue() + ") matches none of the fingerprints in its SDP "
                        + config.remoteFingerprints()), AlertDescription.bad_certificate);
    }

    /** Our signing credentials, with a signature algorithm from the peer's list (SHA-256 preferred). */
    TlsCredentialedSigner signer(TlsContext context, Vector<?> peerSignatureAlgorithms) throws IOException {
        short signature = config.certificate().keyType() == DtlsCertificate.KeyType.ECDSA_P256
                ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa;
        SignatureAndHashAlgorithm chosen = null;
        if (peerSignatureAlgorithms != null) {
            for (Object o : peerSignatureAlgorithms) {
                SignatureAndHashAlgorithm candidate = (SignatureAndHashAlgorithm) o;
                if (candidate.getSignature() != signature) {
                    continue;
                }
                if (candidate.getHash() == HashAlgorithm.sha256) {
                    chosen = candidate;
                    break;
                }
                if (chosen == null) {
                    chosen = candidate;
                }
            }
        }
        if (chosen == null) {
            // RFC 5246 7.4.1.4.1: without the extension, SHA-1 is implied; nothing WebRTC speaks does that.
            throw fail(new DtlsException(DtlsException.Reason.PROTOCOL_ERROR,
                    "the peer accepts no " + SignatureAlgorithm.getName(signature) + " signature algorithm"),
                    AlertDescription.handshake_failure);
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), CRYPTO,
                config.certificate().privateKey(), chain, chosen);
    }

    /** Server side: the first of our preferred profiles the client offered, or none. */
    SrtpProfile chooseProfile(int[] offeredIds) throws IOException {
        for (SrtpProfile preferred : config.srtpProfiles()) {
            for (int offered : offeredIds) {
                if (offered == preferred.id()) {
                    selectedProfile = preferred;
                    return preferred;
                }
            }
        }
        if (config.srtpRequired()) {
            throw fail(new DtlsException(DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
                    "the client offered no SRTP profile among " + config.srtpProfiles()),
                    AlertDescription.handshake_failure);
        }
        return null;
    }

    /** Client side: checks the server's choice (one profile, one we offered). */
    void acceptServerProfile(int[] selectedIds, byte[] mki) throws IOException {
        if (selectedIds == null) {
            if (config.srtpRequired()) {
                throw fail(new DtlsException(DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
                        "the server agreed to no SRTP profile"), AlertDescription.handshake_failure);
            }
            return;
        }
        Optional<SrtpProfile> profile = selectedIds.length == 1 ? SrtpProfile.fromId(selectedIds[0]) : Optional.empty();
        if (profile.isEmpty() || !config.srtpProfiles().contains(profile.get()) || (mki != null && mki.length > 0)) {
            // RFC 5764 4.1.3: the server picks exactly one offered profile; we offered no MKI.
            throw fail(new DtlsException(DtlsException.Reason.PROTOCOL_ERROR,
                    "the server's use_srtp extension selects something we did not offer"),
                    AlertDescription.illegal_parameter);
        }
        selectedProfile = profile.get();
    }

    int[] offeredProfileIds() {
        List<SrtpProfile> profiles = config.srtpProfiles();
        int[] ids = new int[profiles.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = profiles.get(i).id();
        }
        return ids;
    }

    /**
     * After the handshake: notes the cipher suite and exports the SRTP keying material for the agreed profile
     * (RFC 5764 4.2).
     */
    void onHandshakeComplete(TlsContext context, boolean isClient) {
        negotiatedCipherSuite = context.getSecurityParametersConnection().getCipherSuite();
        if (config.ownRecordLayer()) {
            recordLayer = AeadRecordLayer.forHandshake(context, isClient);
        }
        SrtpProfile profile = selectedProfile;
        if (profile != null) {
            byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                    profile.keyingMaterialLength());
            srtpKeys = SrtpKeys.fromKeyingMaterial(profile, material, isClient);
        }
    }

    /** Records why the handshake failed (the first reason wins) and builds the alert Bouncy Castle sends. */
    TlsFatalAlert fail(DtlsException reason, short alert) {
        if (failure == null) {
            failure = reason;
        }
        return new TlsFatalAlert(alert, reason.getMessage());
    }

    void recordFailure(DtlsException reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    /** Our record layer for the data path (AES-GCM suites), or null to leave every record to Bouncy Castle. */
    AeadRecordLayer recordLayer() {
        return recordLayer;
    }

    DtlsException failure() {
        return failure;
    }

    byte[] remoteCertificateDer() {
        return remoteCertificateDer;
    }

    DtlsFingerprint remoteFingerprint() {
        return remoteFingerprint;
    }

    int negotiatedCipherSuite() {
        return negotiatedCipherSuite;
    }

    /** The IANA name of one of the suites we negotiate. */
    static String cipherSuiteName(int suite) {
        return switch (suite) {
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 -> "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 -> "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 -> "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA -> "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA -> "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA";
            case CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 -> "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
            case CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -> "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
            case CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 -> "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
            case CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 -> "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256";
            case CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA -> "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
            case CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA -> "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA";
            default -> String.format("0x%04X", suite);
        };
    }

    Optional<SrtpKeys> srtpKeys() {
        return Optional.ofNullable(srtpKeys);
    }
}
