package dev.robusta.peer.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One media section ({@code m=} line and what follows it, RFC 8866 section 5.14), with typed access to the
 * attributes WebRTC uses (RFC 8829, 8839, 8841, 8842, 8843). Unknown lines are kept as they are.
 */
public final class MediaDescription {
    private String kind;
    private int port;
    private int portCount;
    private String proto;
    private final List<String> formats;
    private final List<SdpLine> lines = new ArrayList<>();

    public MediaDescription(String kind, int port, String proto, List<String> formats) {
        this.kind = kind;
        this.port = port;
        this.proto = proto;
        this.formats = new ArrayList<>(formats);
    }

    static MediaDescription parseMLine(int lineNumber, String value) throws SdpParseException {
        String[] f = value.split(" ");
        if (f.length < 4) {
            throw new SdpParseException(lineNumber, "m= needs media, port, proto and at least one format: '" + value + "'");
        }
        String portField = f[1];
        int count = 0;
        int slash = portField.indexOf('/');
        if (slash >= 0) {
            count = parseNumber(lineNumber, portField.substring(slash + 1), "port count");
            portField = portField.substring(0, slash);
        }
        int port = parseNumber(lineNumber, portField, "port");
        if (port > 65535) {
            throw new SdpParseException(lineNumber, "port out of range: " + port);
        }
        List<String> formats = new ArrayList<>();
        for (int i = 3; i < f.length; i++) {
            if (!f[i].isEmpty()) {
                formats.add(f[i]);
            }
        }
        MediaDescription m = new MediaDescription(f[0], port, f[2], formats);
        m.portCount = count;
        return m;
    }

    private static int parseNumber(int lineNumber, String s, String what) throws SdpParseException {
        try {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SdpParseException(lineNumber, "bad " + what + " '" + s + "'");
        }
    }

    String mLine() {
        StringBuilder b = new StringBuilder(kind).append(' ').append(port);
        if (portCount > 0) {
            b.append('/').append(portCount);
        }
        b.append(' ').append(proto);
        for (String f : formats) {
            b.append(' ').append(f);
        }
        return b.toString();
    }

    /** "audio", "video" or "application" (others are kept and rejected by the layer above). */
    public String kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** Port 0 and no bundle-only: the section is rejected (RFC 8829 section 5.3.1). */
    public boolean isRejected() {
        return port == 0 && !hasAttribute("bundle-only");
    }

    public String proto() {
        return proto;
    }

    public List<String> formats() {
        return Collections.unmodifiableList(formats);
    }

    /** The lines after the m= line, in order. */
    public List<SdpLine> lines() {
        return lines;
    }

    // ---- attributes ----

    public String attribute(String name) {
        return SdpAttributes.first(lines, name);
    }

    public List<String> attributes(String name) {
        return SdpAttributes.all(lines, name);
    }

    public boolean hasAttribute(String name) {
        return attribute(name) != null;
    }

    public void addAttribute(String name, String value) {
        lines.add(SdpLine.attribute(name, value));
    }

    public void removeAttributes(String name) {
        lines.removeIf(l -> l.isAttribute() && name.equals(l.name()));
    }

    public String mid() {
        return attribute("mid");
    }

    /** sendrecv, sendonly, recvonly or inactive; sendrecv when absent (RFC 8866 section 6.7). */
    public String direction() {
        for (String d : new String[] {"sendrecv", "sendonly", "recvonly", "inactive"}) {
            if (hasAttribute(d)) {
                return d;
            }
        }
        return "sendrecv";
    }

    public String iceUfrag() {
        return attribute("ice-ufrag");
    }

    public String icePwd() {
        return attribute("ice-pwd");
    }

    public String setup() {
        return attribute("setup");
    }

    public List<String> fingerprints() {
        return attributes("fingerprint");
    }

    /** Values of the a=candidate lines, each starting "candidate:" as RTCIceCandidate.candidate does. */
    public List<String> candidates() {
        List<String> out = new ArrayList<>();
        for (String c : attributes("candidate")) {
            out.add("candidate:" + c);
        }
        return out;
    }

    public boolean endOfCandidates() {
        return hasAttribute("end-of-candidates");
    }

    public boolean rtcpMux() {
        return hasAttribute("rtcp-mux");
    }

    /** Payload type to "name/clock[/channels]" from a=rtpmap, in the m= line's order. */
    public Map<Integer, String> rtpMaps() {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (String v : attributes("rtpmap")) {
            int sp = v.indexOf(' ');
            if (sp > 0) {
                try {
                    out.put(Integer.parseInt(v.substring(0, sp)), v.substring(sp + 1));
                } catch (NumberFormatException ignored) {
                    // A malformed rtpmap names no payload type we could use; it is kept as a line only.
                }
            }
        }
        return out;
    }

    /** The a=fmtp parameters of a payload type, or null. */
    public String fmtp(int payloadType) {
        String prefix = payloadType + " ";
        for (String v : attributes("fmtp")) {
            if (v.startsWith(prefix)) {
                return v.substring(prefix.length());
            }
        }
        return null;
    }

    /** True for a data-channel section (RFC 8841): UDP/DTLS/SCTP, or the older DTLS/SCTP form. */
    public boolean isDataChannel() {
        return "application".equals(kind) && proto.endsWith("DTLS/SCTP");
    }

    /**
     * The SCTP port: a=sctp-port (RFC 8841), or for the older form (aiortc 1.4, draft-ietf-mmusic-sctp-sdp-05)
     * the m= line's format with a=sctpmap; -1 when absent.
     */
    public int sctpPort() {
        String p = attribute("sctp-port");
        if (p == null && proto.equals("DTLS/SCTP") && !formats.isEmpty()) {
            p = formats.get(0);
        }
        if (p == null) {
            return -1;
        }
        try {
            return Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** a=max-message-size, or -1 when absent (RFC 8841 section 6: then 64 KiB is to be assumed). */
    public long maxMessageSize() {
        String v = attribute("max-message-size");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
