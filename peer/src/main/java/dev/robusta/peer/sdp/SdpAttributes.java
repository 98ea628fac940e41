package dev.robusta.peer.sdp;

import java.util.ArrayList;
import java.util.List;

/** Attribute lookup over a list of SDP lines, shared by the session and media levels. */
final class SdpAttributes {
    private SdpAttributes() {}

    /** The value of the first a=name line ("" for a flag attribute), or null. */
    static String first(List<SdpLine> lines, String name) {
        for (SdpLine l : lines) {
            if (l.isAttribute() && name.equals(l.name())) {
                String v = l.attributeValue();
                return v == null ? "" : v;
            }
        }
        return null;
    }

    /** The values of every a=name line, in order. */
    static List<String> all(List<SdpLine> lines, String name) {
        List<String> out = new ArrayList<>();
        for (SdpLine l : lines) {
            if (l.isAttribute() && name.equals(l.name())) {
                String v = l.attributeValue();
                out.add(v == null ? "" : v);
            }
        }
        return out;
    }
}
