package dev.robusta.ice.stun;

import java.nio.charset.StandardCharsets;

/** The keys for MESSAGE-INTEGRITY (RFC 8489 section 9). */
public final class StunCredentials {
    private StunCredentials() {}

    /** Short-term credential key (ICE): the password, prepared, as UTF-8. */
    public static byte[] shortTermKey(String password) {
        return StunCrypto.prepare(password).getBytes(StandardCharsets.UTF_8);
    }

    /** Long-term credential key (TURN) with the MD5 algorithm: MD5(username ":" realm ":" password). */
    public static byte[] longTermKey(String username, String realm, String password) {
        return StunCrypto.digest("MD5", username + ":" + realm + ":" + StunCrypto.prepare(password));
    }

    /** Long-term credential key with the SHA-256 password algorithm (RFC 8489 section 18.5.1.2). */
    public static byte[] longTermKeySha256(String username, String realm, String password) {
        return StunCrypto.digest("SHA-256", username + ":" + realm + ":" + StunCrypto.prepare(password));
    }
}
