package dev.robusta.signaling.server;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket upgrade request as the server received it.
 *
 * @param target the raw request target (path and query, not percent-decoded)
 * @param headers header values by lower-case name, in arrival order
 * @param remote the client's address
 */
public record HandshakeRequest(String target, Map<String, List<String>> headers, InetSocketAddress remote) {

    public HandshakeRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header (name matched case-insensitively), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The path part of the target: everything before the first {@code ?}. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }
}
