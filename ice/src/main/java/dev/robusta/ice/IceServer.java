package dev.robusta.ice;

import java.util.Locale;
import java.util.Objects;

/**
 * A STUN or TURN server from a URI (RFC 7064, RFC 7065), as W3C's RTCIceServer gives them:
 * {@code stun:host[:port]} or {@code turn:host[:port][?transport=udp]}. The agent speaks to servers over UDP;
 * {@code stuns:}, {@code turns:} and {@code transport=tcp} are refused with a clear error.
 *
 * @param type     STUN or TURN
 * @param host     host name or IP literal (IPv6 without brackets)
 * @param port     port (3478 by default)
 * @param username TURN username, or null for STUN
 * @param password TURN password, or null for STUN
 */
public record IceServer(Type type, String host, int port, String username, String password) {
    public enum Type { STUN, TURN }

    public static final int DEFAULT_PORT = 3478;

    public IceServer {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ICE server port out of range: " + port);
        }
        if (type == Type.TURN && (username == null || password == null)) {
            throw new IllegalArgumentException("a TURN server needs a username and a credential");
        }
    }

    public static IceServer stun(String uri) {
        return parse(uri, null, null);
    }

    public static IceServer turn(String uri, String username, String password) {
        return parse(uri, username, password);
    }

    /** Parses a stun: or turn: URI. */
    public static IceServer parse(String uri, String username, String password) {
        String s = uri.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("ICE server URI has no scheme: '" + uri + "'");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = s.substring(colon + 1);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Type type;
        switch (scheme) {
            case "stun":
                type = Type.STUN;
                break;
            case "turn":
                type = Type.TURN;
                break;
            case "stuns":
            case "turns":
                throw new IllegalArgumentException("TLS ICE servers are not supported (UDP only): '" + uri + "'");
            default:
                throw new IllegalArgumentException("not a stun: or turn: URI: '" + uri + "'");
        }
        if (query != null) {
            String transport = query.toLowerCase(Locale.ROOT);
            if (type == Type.STUN || !transport.equals("transport=udp")) {
                throw new IllegalArgumentException("only UDP is supported (query '" + query + "'): '" + uri + "'");
            }
        }
        String host;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed IPv6 literal in '" + uri + "'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.startsWith(":")) {
                port = parsePort(after.substring(1), uri);
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("unexpected '" + after + "' in '" + uri + "'");
            }
        } else {
            int p = rest.indexOf(':');
            if (p >= 0 && rest.indexOf(':', p + 1) >= 0) {
                // RFC 7064 section 3.1: an IPv6 literal must be in brackets.
                throw new IllegalArgumentException("IPv6 address without brackets in '" + uri + "'");
            }
            if (p >= 0) {
                host = rest.substring(0, p);
                port = parsePort(rest.substring(p + 1), uri);
            } else {
                host = rest;
            }
            // RFC 7064: host is an IP literal or a reg-name; no "//", userinfo, spaces or other delimiters.
            if (!host.matches("[A-Za-z0-9._~%!$&'()*+,;=-]+") || host.startsWith("//")) {
                throw new IllegalArgumentException("bad host '" + host + "' in '" + uri + "'");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in '" + uri + "'");
        }
        return new IceServer(type, host, port, username, password);
    }

    private static int parsePort(String p, String uri) {
        if (!p.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("bad port '" + p + "' in '" + uri + "'");
        }
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + uri + "'", e);
        }
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (type == Type.STUN ? "stun:" : "turn:") + h + ":" + port;
    }
}
