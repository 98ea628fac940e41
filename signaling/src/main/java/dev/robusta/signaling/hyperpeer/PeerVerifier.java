package dev.robusta.signaling.hyperpeer;

import java.util.Map;

/**
 * The Hyperpeer server's key check, called during the WebSocket upgrade with the raw path segments (as the
 * reference server's {@code verifyPeer(type, id, key)}). Refusing answers HTTP 401 {@code Unauthorized}.
 */
@FunctionalInterface
public interface PeerVerifier {
    /** Accepts every peer; the key is ignored (the reference server's behaviour without {@code verifyPeer}). */
    PeerVerifier ACCEPT_ALL = (type, id, key) -> true;

    /**
     * @param type the peer type (never null)
     * @param id the requested id, or null when the URL had none
     * @param key the key, or null when the URL had none
     * @return true to accept the peer
     */
    boolean verify(String type, String id, String key);

    /**
     * Checks keys per peer id: a peer whose id is in {@code keys} must present exactly that key; other peers are
     * accepted only when {@code requireKnownId} is false.
     */
    static PeerVerifier keys(Map<String, String> keys, boolean requireKnownId) {
        Map<String, String> copy = Map.copyOf(keys);
        return (type, id, key) -> {
            String expected = id == null ? null : copy.get(id);
            if (expected == null) {
                return !requireKnownId;
            }
            return java.security.MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    key == null ? new byte[0] : key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
    }
}
