package dev.robusta.dtls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.robusta.dtls.srtp.SrtpProfile;

/**
 * What one DTLS connection needs: our certificate, our role, the peer's fingerprints from its SDP, the SRTP
 * profiles we offer or accept (most preferred first) and the timers.
 */
public final class DtlsConfig {
    /** Browsers' order: AEAD first, then the mandatory-to-implement AES-CM with an 80-bit tag. */
    public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES = List.of(SrtpProfile.AEAD_AES_128_GCM,
            SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AES128_CM_HMAC_SHA1_32);

    private final DtlsCertificate certificate;
    private final DtlsRole role;
    private final List<DtlsFingerprint> remoteFingerprints;
    private final List<SrtpProfile> srtpProfiles;
    private final boolean srtpRequired;
    private final Duration handshakeTimeout;
    private final Duration initialRetransmitTimeout;
    private final int mtu;
    private final boolean ownRecordLayer;

    private DtlsConfig(Builder b) {
        this.certificate = Objects.requireNonNull(b.certificate, "certificate");
        this.role = Objects.requireNonNull(b.role, "role");
        if (b.remoteFingerprints.isEmpty()) {
            throw new IllegalArgumentException("at least one remote fingerprint is required: "
                    + "WebRTC trusts the peer's certificate only through the fingerprint in its SDP");
        }
        this.remoteFingerprints = List.copyOf(b.remoteFingerprints);
        this.srtpProfiles = List.copyOf(b.srtpProfiles);
        this.srtpRequired = b.srtpRequired;
        this.handshakeTimeout = b.handshakeTimeout;
        this.initialRetransmitTimeout = b.initialRetransmitTimeout;
        this.mtu = b.mtu;
        this.ownRecordLayer = b.ownRecordLayer;
        if (srtpRequired && srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("SRTP is required but no SRTP profile is configured");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    public DtlsRole role() {
        return role;
    }

    public List<DtlsFingerprint> remoteFingerprints() {
        return remoteFingerprints;
    }

    public List<SrtpProfile> srtpProfiles() {
        return srtpProfiles;
    }

    public boolean srtpRequired() {
        return srtpRequired;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration initialRetransmitTimeout() {
        return initialRetransmitTimeout;
    }

    public int mtu() {
        return mtu;
    }

    /**
     * True (the default) when application data of AES-GCM suites is protected by our own record layer after the
     * handshake; false leaves every record to Bouncy Castle (tests use it to check the two interoperate).
     */
    boolean ownRecordLayer() {
        return ownRecordLayer;
    }

    public static final class Builder {
        private DtlsCertificate certificate;
        private DtlsRole role;
        private final List<DtlsFingerprint> remoteFingerprints = new ArrayList<>();
        private List<SrtpProfile> srtpProfiles = DEFAULT_SRTP_PROFILES;
        private boolean srtpRequired;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private Duration initialRetransmitTimeout = Duration.ofMillis(250);
        private int mtu = 1200;
        private boolean ownRecordLayer = true;

        private Builder() {
        }

        public Builder certificate(DtlsCertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        public Builder role(DtlsRole role) {
            this.role = role;
            return this;
        }

        /** A fingerprint from the peer's SDP; the peer's certificate must match one of those given. */
        public Builder remoteFingerprint(DtlsFingerprint fingerprint) {
            remoteFingerprints.add(Objects.requireNonNull(fingerprint, "fingerprint"));
            return this;
        }

        public Builder remoteFingerprints(Collection<DtlsFingerprint> fingerprints) {
            fingerprints.forEach(this::remoteFingerprint);
            return this;
        }

        /** SRTP profiles to offer (client) or accept (server), most preferred first; empty for data only. */
        public Builder srtpProfiles(List<SrtpProfile> profiles) {
            this.srtpProfiles = List.copyOf(profiles);
            return this;
        }

        /** Fail the handshake when no SRTP profile is agreed (a media session needs one). Default false. */
        public Builder srtpRequired(boolean required) {
            this.srtpRequired = required;
            return this;
        }

        /** How long the whole handshake may take, retransmissions included. Default 30 s. */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("handshake timeout must be positive, got " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** The first flight retransmission timeout; it doubles on each retry (RFC 6347 4.2.4). Default 250 ms. */
        public Builder initialRetransmitTimeout(Duration timeout) {
            if (timeout.toMillis() < 10 || timeout.toMillis() > 60_000) {
                throw new IllegalArgumentException("initial retransmit timeout must be 10 ms..60 s, got " + timeout);
            }
            this.initialRetransmitTimeout = timeout;
            return this;
        }

        /** The largest datagram DTLS may send (handshake messages are fragmented to fit). Default 1200. */
        public Builder mtu(int mtu) {
            if (mtu < 256 || mtu > 65_507) {
                throw new IllegalArgumentException("mtu must be 256..65507, got " + mtu);
            }
            this.mtu = mtu;
            return this;
        }

        /** Package-private: see {@link DtlsConfig#ownRecordLayer()}. */
        Builder ownRecordLayer(boolean own) {
            this.ownRecordLayer = own;
            return this;
        }

        public DtlsConfig build() {
            return new DtlsConfig(this);
        }
    }
}
