package dev.robusta.dtls;

import java.util.Optional;

import dev.robusta.dtls.srtp.SrtpKeys;

/**
 * What a finished handshake agreed on.
 *
 * @param role this side's role
 * @param protocolVersion e.g. {@code DTLS 1.2}
 * @param cipherSuite the IANA name, e.g. {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}
 * @param srtpKeys the SRTP keys exported for the negotiated {@code use_srtp} profile, if one was agreed
 * @param remoteCertificateDer the peer's leaf certificate, DER
 * @param remoteFingerprint its SHA-256 fingerprint (it matched one the application gave)
 */
public record DtlsConnectionInfo(DtlsRole role, String protocolVersion, String cipherSuite,
                                 Optional<SrtpKeys> srtpKeys, byte[] remoteCertificateDer,
                                 DtlsFingerprint remoteFingerprint) {
    @Override
    public byte[] remoteCertificateDer() {
        return remoteCertificateDer.clone();
    }
}
