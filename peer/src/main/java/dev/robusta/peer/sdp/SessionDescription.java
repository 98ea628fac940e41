package dev.robusta.peer.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An SDP session description (RFC 8866) as WebRTC uses it: session-level lines, then media sections. Parsing
 * checks what every description must have (v=0 first, o= with six fields, s=, t=, well-formed m= and c= lines,
 * {@code x=value} lines) and keeps every line verbatim, so {@link #toSdp()} gives back the same text, CRLF line
 * ends included. Unknown attributes are kept and ignored.
 */
public final class SessionDescription {
    /** The o= line (RFC 8866 section 5.2). */
    public record Origin(String username, String sessionId, String sessionVersion, String netType, String addrType,
                         String address) {
        @Override
        public String toString() {
            return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
        }
    }

    private final List<SdpLine> sessionLines = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();

    public static SessionDescription parse(String sdp) throws SdpParseException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpParseException(0, "empty description");
        }
        SessionDescription d = new SessionDescription();
        String[] lines = sdp.split("\r?\n", -1);
        int count = lines.length;
        while (count > 0 && lines[count - 1].isEmpty()) {
            count--; // the final line break
        }
        MediaDescription current = null;
        boolean sawS = false;
        boolean sawT = false;
        for (int i = 0; i < count; i++) {
            int number = i + 1;
            String line = lines[i];
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpParseException(number, "not of the form <type>=<value>: '" + line + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (i == 0) {
                if (type != 'v' || !value.equals("0")) {
                    throw new SdpParseException(number, "a description starts with v=0");
                }
            }
            switch (type) {
                case 'o':
                    if (current == null) {
                        parseOrigin(number, value);
                    }
                    break;
                case 's':
                    sawS = true;
                    break;
                case 't':
                    sawT = true;
                    break;
                case 'c':
                    parseConnection(number, value);
                    break;
                case 'a':
                    if (value.isEmpty() || value.charAt(0) == ':') {
                        throw new SdpParseException(number, "attribute without a name");
                    }
                    break;
                case 'm':
                    current = MediaDescription.parseMLine(number, value);
                    d.media.add(current);
                    continue;
                default:
                    break;
            }
            SdpLine l = new SdpLine(type, value);
            if (current == null) {
                d.sessionLines.add(l);
            } else {
                current.lines().add(l);
            }
        }
        if (d.origin() == null) {
            throw new SdpParseException(0, "no o= line");
        }
        if (!sawS || !sawT) {
            throw new SdpParseException(0, "no " + (sawS ? "t=" : "s=") + " line");
        }
        return d;
    }

    private static Origin parseOrigin(int number, String value) throws SdpParseException {
        String[] f = value.split(" ");
        if (f.length != 6) {
            throw new SdpParseException(number, "o= needs 6 fields: '" + value + "'");
        }
        return new Origin(f[0], f[1], f[2], f[3], f[4], f[5]);
    }

    private static void parseConnection(int number, String value) throws SdpParseException {
        String[] f = value.split(" ");
        if (f.length != 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
            throw new SdpParseException(number, "c= must be 'IN IP4|IP6 <address>': '" + value + "'");
        }
    }

    /** The description as text, each line ended by CRLF (RFC 8866 section 5). */
    public String toSdp() {
        StringBuilder b = new StringBuilder(1024);
        for (SdpLine l : sessionLines) {
            b.append(l).append("\r\n");
        }
        for (MediaDescription m : media) {
            b.append("m=").append(m.mLine()).append("\r\n");
            for (SdpLine l : m.lines()) {
                b.append(l).append("\r\n");
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return toSdp();
    }

    public List<SdpLine> sessionLines() {
        return sessionLines;
    }

    public List<MediaDescription> media() {
        return media;
    }

    public Origin origin() {
        for (SdpLine l : sessionLines) {
            if (l.type() == 'o') {
                try {
                    return parseOrigin(0, l.value());
                } catch (SdpParseException e) {
                    return null;
                }
            }
        }
        return null;
    }

    public String attribute(String name) {
        return SdpAttributes.first(sessionLines, name);
    }

    public List<String> attributes(String name) {
        return SdpAttributes.all(sessionLines, name);
    }

    /** The mids of the BUNDLE group (RFC 8843), or an empty list. */
    public List<String> bundleMids() {
        for (String g : attributes("group")) {
            String[] f = g.trim().split(" ");
            if (f.length > 0 && f[0].equals("BUNDLE")) {
                return List.copyOf(Arrays.asList(f).subList(1, f.length));
            }
        }
        return List.of();
    }

    /** A media-level attribute, falling back to the session level (ice-ufrag, ice-pwd, fingerprint, setup...). */
    public String attribute(MediaDescription m, String name) {
        String v = m.attribute(name);
        return v != null ? v : attribute(name);
    }

    public MediaDescription mediaByMid(String mid) {
        for (MediaDescription m : media) {
            if (mid.equals(m.mid())) {
                return m;
            }
        }
        return null;
    }
}
