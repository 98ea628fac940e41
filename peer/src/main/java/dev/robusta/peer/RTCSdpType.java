package dev.robusta.peer;

import java.util.Locale;

/** W3C RTCSdpType. */
public enum RTCSdpType {
    OFFER, PRANSWER, ANSWER, ROLLBACK;

    /** The lower-case name used in signalling ("offer", "answer"...). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RTCSdpType fromJsonName(String name) {
        for (RTCSdpType t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown SDP type '" + name + "'");
    }
}
