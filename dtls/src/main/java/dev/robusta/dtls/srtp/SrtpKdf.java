package dev.robusta.dtls.srtp;

/**
 * The SRTP key derivation function (RFC 3711 section 4.3) with a key derivation rate of 0, as DTLS-SRTP uses:
 * the AES-CM PRF keyed with the master key, at IV {@code (master_salt XOR (label << 48)) << 16}. For the AEAD
 * profiles the 96-bit master salt is used the same way, zero-padded to 112 bits (RFC 7714 section 11), and
 * AES-256 keys derive with AES-256.
 */
final class SrtpKdf {
    static final int LABEL_RTP_ENCRYPTION = 0;
    static final int LABEL_RTP_AUTH = 1;
    static final int LABEL_RTP_SALT = 2;
    static final int LABEL_RTCP_ENCRYPTION = 3;
    static final int LABEL_RTCP_AUTH = 4;
    static final int LABEL_RTCP_SALT = 5;

    /** HMAC-SHA1 session authentication keys are 160 bits (RFC 3711 section 8.2). */
    static final int AUTH_KEY_LENGTH = 20;

    private SrtpKdf() {}

    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterSalt.length > 14) {
            throw new IllegalArgumentException("master salt longer than 112 bits");
        }
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label; // key_id = label || r, r = 0: the label lands 48 bits above the salt's end
        byte[] out = new byte[length];
        new AesCounterMode(masterKey).xor(iv, out, 0, length);
        return out;
    }

    /** The session keys of one direction and one of RTP or RTCP. */
    record SessionKeys(byte[] encryptionKey, byte[] salt, byte[] authKey) {}

    static SessionKeys rtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return keys(profile, masterKey, masterSalt, LABEL_RTP_ENCRYPTION, LABEL_RTP_AUTH, LABEL_RTP_SALT);
    }

    static SessionKeys rtcpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return keys(profile, masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, LABEL_RTCP_AUTH, LABEL_RTCP_SALT);
    }

    private static SessionKeys keys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt,
                                    int encLabel, int authLabel, int saltLabel) {
        byte[] enc = derive(masterKey, masterSalt, encLabel, profile.masterKeyLength());
        byte[] salt = derive(masterKey, masterSalt, saltLabel, profile.masterSaltLength());
        byte[] auth = profile.isAead() ? new byte[0] : derive(masterKey, masterSalt, authLabel, AUTH_KEY_LENGTH);
        return new SessionKeys(enc, salt, auth);
    }
}
