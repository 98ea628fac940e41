package dev.robusta.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * An ICE candidate (RFC 8445 section 5.1) with its SDP form (RFC 8839 section 5.1). Only UDP candidates are
 * used by the agent; others parse (so a browser's TCP candidates can be recognised and skipped).
 *
 * <p>The address of a remote candidate may be unresolved (a DNS or mDNS {@code .local} name): the layer above
 * resolves it before handing it to the agent.
 *
 * @param foundation     the foundation (1 to 32 ice-chars)
 * @param componentId    1 for RTP (and everything under BUNDLE with rtcp-mux)
 * @param transport      "udp" (lower case)
 * @param priority       the candidate priority, 1 to 2^31-1
 * @param address        the transport address
 * @param type           host, srflx, prflx or relay
 * @param relatedAddress raddr/rport, or null
 */
public record Candidate(String foundation, int componentId, String transport, long priority,
                       InetSocketAddress address, CandidateType type, InetSocketAddress relatedAddress) {

    public Candidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        if (componentId < 1 || componentId > 256) {
            throw new IllegalArgumentException("component ID must be 1..256: " + componentId);
        }
        if (priority < 1 || priority > 0x7FFFFFFFL) {
            throw new IllegalArgumentException("priority must be 1..2^31-1: " + priority);
        }
        transport = transport.toLowerCase(Locale.ROOT);
    }

    /**
     * Candidate priority (RFC 8445 section 5.1.2.1): 2^24 * type preference + 2^8 * local preference + (256 -
     * component ID).
     */
    public static long priority(CandidateType type, int localPreference, int componentId) {
        return ((long) type.typePreference() << 24) | ((long) (localPreference & 0xFFFF) << 8) | (256 - componentId);
    }

    public boolean isUdp() {
        return "udp".equals(transport);
    }

    public boolean isResolved() {
        return !address.isUnresolved();
    }

    /** The SDP attribute value, without "a=": {@code candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host}. */
    public String toSdp() {
        StringBuilder b = new StringBuilder(96);
        b.append("candidate:").append(foundation).append(' ').append(componentId).append(' ').append(transport)
                .append(' ').append(priority).append(' ').append(hostString(address)).append(' ')
                .append(address.getPort()).append(" typ ").append(type.sdpName());
        if (relatedAddress != null) {
            b.append(" raddr ").append(hostString(relatedAddress)).append(" rport ").append(relatedAddress.getPort());
        }
        return b.toString();
    }

    /**
     * Parses the SDP form, with or without the leading "a=" and "candidate:". Extension attributes (generation,
     * ufrag, network-id, tcptype...) are accepted and ignored.
     *
     * @throws IllegalArgumentException with a message naming the bad field
     */
    public static Candidate fromSdp(String sdp) {
        String s = sdp.trim();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.startsWith("candidate:")) {
            s = s.substring("candidate:".length());
        }
        String[] f = s.split("\\s+");
        if (f.length < 8) {
            throw new IllegalArgumentException("candidate needs at least 8 fields: '" + sdp + "'");
        }
        if (!"typ".equals(f[6])) {
            throw new IllegalArgumentException("candidate field 7 must be 'typ': '" + sdp + "'");
        }
        int component = parseInt(f[1], "component", sdp);
        long priority = parseLong(f[3], "priority", sdp);
        InetSocketAddress address = address(f[4], parseInt(f[5], "port", sdp), sdp);
        CandidateType type = CandidateType.fromSdpName(f[7]);
        String raddr = null;
        int rport = -1;
        for (int i = 8; i + 1 < f.length; i += 2) {
            if ("raddr".equals(f[i])) {
                raddr = f[i + 1];
            } else if ("rport".equals(f[i])) {
                rport = parseInt(f[i + 1], "rport", sdp);
            }
        }
        InetSocketAddress related = raddr != null && rport >= 0 ? address(raddr, rport, sdp) : null;
        return new Candidate(f[0], component, f[2], priority, address, type, related);
    }

    private static InetSocketAddress address(String host, int port, String sdp) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + sdp + "'");
        }
        if (isIpLiteral(host)) {
            try {
                // A literal: getByName parses it without any lookup.
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad address '" + host + "' in '" + sdp + "'", e);
            }
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        if (host.isEmpty()) {
            return false;
        }
        // Digits and dots only: it must then be a dotted quad. InetAddress would take "1.2.3" or "010.1.1.1" and
        // quietly read another address.
        if (!host.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
            throw new IllegalArgumentException("bad IPv4 address '" + host + "'");
        }
        return true;
    }

    private static int parseInt(String v, String what, String sdp) {
        if (v.isEmpty() || v.charAt(0) == '+' || v.charAt(0) == '-') {
            throw new IllegalArgumentException("bad " + what + " '" + v + "' in '" + sdp + "'");
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + v + "' in '" + sdp + "'", e);
        }
    }

    private static long parseLong(String v, String what, String sdp) {
        if (v.isEmpty() || v.charAt(0) == '+' || v.charAt(0) == '-') {
            throw new IllegalArgumentException("bad " + what + " '" + v + "' in '" + sdp + "'");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + v + "' in '" + sdp + "'", e);
        }
    }

    /** The address as text, without a name lookup: RFC 5952 form for IPv6 ("::1", as browsers write it), no zone. */
    public static String hostString(InetSocketAddress a) {
        if (a.isUnresolved()) {
            return a.getHostString();
        }
        String h = io.netty.util.NetUtil.toAddressString(a.getAddress());
        int scope = h.indexOf('%');
        return scope >= 0 ? h.substring(0, scope) : h;
    }

    @Override
    public String toString() {
        return toSdp();
    }
}
