package dev.robusta.dtls.srtp;

import java.util.Optional;

/**
 * The SRTP protection profiles DTLS-SRTP negotiates in its {@code use_srtp} extension (RFC 5764 section 4.1.2,
 * RFC 7714 section 14.2), with the master key and salt sizes each one exports.
 */
public enum SrtpProfile {
    /** AES-128 counter mode with an 80-bit HMAC-SHA1 tag on RTP and RTCP. */
    AES128_CM_HMAC_SHA1_80(0x0001, "SRTP_AES128_CM_HMAC_SHA1_80", 16, 14, 10, 10),
    /** AES-128 counter mode with a 32-bit HMAC-SHA1 tag on RTP (RTCP keeps 80 bits, RFC 5764 4.1.2). */
    AES128_CM_HMAC_SHA1_32(0x0002, "SRTP_AES128_CM_HMAC_SHA1_32", 16, 14, 4, 10),
    /** AEAD AES-128-GCM with a 16-byte tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, "SRTP_AEAD_AES_128_GCM", 16, 12, 16, 16),
    /** AEAD AES-256-GCM with a 16-byte tag (RFC 7714). */
    AEAD_AES_256_GCM(0x0008, "SRTP_AEAD_AES_256_GCM", 32, 12, 16, 16);

    private final int id;
    private final String rfcName;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int rtpAuthTagLength;
    private final int rtcpAuthTagLength;

    SrtpProfile(int id, String rfcName, int masterKeyLength, int masterSaltLength,
                int rtpAuthTagLength, int rtcpAuthTagLength) {
        this.id = id;
        this.rfcName = rfcName;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.rtpAuthTagLength = rtpAuthTagLength;
        this.rtcpAuthTagLength = rtcpAuthTagLength;
    }

    /** The two-byte SRTPProtectionProfile value of the {@code use_srtp} extension. */
    public int id() {
        return id;
    }

    /** The name the RFCs and OpenSSL use, e.g. {@code SRTP_AES128_CM_HMAC_SHA1_80}. */
    public String rfcName() {
        return rfcName;
    }

    /** Master key length in bytes. */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** Master salt length in bytes. */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Authentication tag length on SRTP packets, in bytes. */
    public int rtpAuthTagLength() {
        return rtpAuthTagLength;
    }

    /** Authentication tag length on SRTCP packets, in bytes. */
    public int rtcpAuthTagLength() {
        return rtcpAuthTagLength;
    }

    /** Whether this is an AEAD (AES-GCM, RFC 7714) profile rather than counter mode with HMAC-SHA1. */
    public boolean isAead() {
        return this == AEAD_AES_128_GCM || this == AEAD_AES_256_GCM;
    }

    /** Bytes of DTLS keying material this profile needs: both sides' master keys and salts (RFC 5764 4.2). */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile with this {@code use_srtp} value, if we support it. */
    public static Optional<SrtpProfile> fromId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
