package dev.robusta.dtls.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts a DTLS-SRTP handshake exports, already split by direction: what this side
 * protects with ({@code local}) and what it unprotects the peer's packets with ({@code remote}).
 */
public final class SrtpKeys {
    private final SrtpProfile profile;
    private final byte[] localMasterKey;
    private final byte[] localMasterSalt;
    private final byte[] remoteMasterKey;
    private final byte[] remoteMasterSalt;

    public SrtpKeys(SrtpProfile profile, byte[] localMasterKey, byte[] localMasterSalt,
                    byte[] remoteMasterKey, byte[] remoteMasterSalt) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.localMasterKey = checkLength(localMasterKey, profile.masterKeyLength(), "local master key");
        this.localMasterSalt = checkLength(localMasterSalt, profile.masterSaltLength(), "local master salt");
        this.remoteMasterKey = checkLength(remoteMasterKey, profile.masterKeyLength(), "remote master key");
        this.remoteMasterSalt = checkLength(remoteMasterSalt, profile.masterSaltLength(), "remote master salt");
    }

    /**
     * Splits the output of the {@code EXTRACTOR-dtls_srtp} exporter, laid out as RFC 5764 section 4.2 says:
     * client key, server key, client salt, server salt. The DTLS client protects with the client's half.
     */
    public static SrtpKeys fromKeyingMaterial(SrtpProfile profile, byte[] material, boolean localIsDtlsClient) {
        int keyLength = profile.masterKeyLength();
        int saltLength = profile.masterSaltLength();
        if (material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material for " + profile.rfcName() + " must be "
                    + profile.keyingMaterialLength() + " bytes, got " + material.length);
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, keyLength);
        byte[] serverKey = Arrays.copyOfRange(material, keyLength, 2 * keyLength);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * keyLength, 2 * keyLength + saltLength);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * keyLength + saltLength, 2 * (keyLength + saltLength));
        return localIsDtlsClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** A copy of the master key this side protects its outgoing packets with. */
    public byte[] localMasterKey() {
        return localMasterKey.clone();
    }

    /** A copy of the master salt this side protects its outgoing packets with. */
    public byte[] localMasterSalt() {
        return localMasterSalt.clone();
    }

    /** A copy of the master key the peer protects its packets with. */
    public byte[] remoteMasterKey() {
        return remoteMasterKey.clone();
    }

    /** A copy of the master salt the peer protects its packets with. */
    public byte[] remoteMasterSalt() {
        return remoteMasterSalt.clone();
    }

    private static byte[] checkLength(byte[] value, int expected, String what) {
        Objects.requireNonNull(value, what);
        if (value.length != expected) {
            throw new IllegalArgumentException(what + " must be " + expected + " bytes, got " + value.length);
        }
        return value.clone();
    }

    @Override
    public String toString() {
        // Never print key material.
        return "SrtpKeys[" + profile.rfcName() + "]";
    }
}
