package dev.robusta.signaling.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link ServerCore}'s answer to an upgrade request. */
public sealed interface HandshakeVerdict {

    /** Accept: the driver answers 101 and calls {@link ServerCore#open}. */
    Accept ACCEPT = new Accept();

    /** Accept the upgrade. */
    final class Accept implements HandshakeVerdict {
        private Accept() {}
    }

    /**
     * Refuse with a complete HTTP response, then close the connection.
     *
     * @param status the status code
     * @param reason the reason phrase (may carry text, e.g. {@code Bad Request - Space Full})
     * @param headers response headers in order, besides {@code Content-Length}, which the driver always sets
     * @param body the body, empty for none
     */
    record Reject(int status, String reason, Map<String, String> headers, String body) implements HandshakeVerdict {
        public Reject {
            headers = new LinkedHashMap<>(headers);
        }

        /** A response with no body: {@code Content-Length: 0} only. */
        public static Reject empty(int status, String reason) {
            return new Reject(status, reason, Map.of(), "");
        }

        /** A response with a {@code text/plain} body, headers in the notify reference's order. */
        public static Reject text(int status, String reason, String body) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Length", Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            headers.put("Content-Type", "text/plain");
            return new Reject(status, reason, headers, body);
        }
    }
}
