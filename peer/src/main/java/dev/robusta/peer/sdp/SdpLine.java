package dev.robusta.peer.sdp;

/**
 * One SDP line, {@code <type>=<value>} (RFC 8866 section 5), kept verbatim so a description round-trips byte for
 * byte. For attributes ({@code a=}) {@link #name()} and {@link #attributeValue()} split the value at its first
 * colon.
 */
public record SdpLine(char type, String value) {

    public static SdpLine attribute(String name, String value) {
        return new SdpLine('a', value == null ? name : name + ":" + value);
    }

    public boolean isAttribute() {
        return type == 'a';
    }

    /** Attribute name ("rtpmap" for "a=rtpmap:96 VP8/90000"), or null if not an attribute. */
    public String name() {
        if (type != 'a') {
            return null;
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** Attribute value after the first colon; null for a flag attribute such as "a=rtcp-mux". */
    public String attributeValue() {
        if (type != 'a') {
            return null;
        }
        int colon = value.indexOf(':');
        return colon < 0 ? null : value.substring(colon + 1);
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
