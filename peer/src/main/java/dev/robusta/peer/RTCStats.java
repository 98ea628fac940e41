package dev.robusta.peer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stats object of a {@link RTCStatsReport} (W3C webrtc-stats RTCStats): an id that stays the same across
 * reports for the same object, a type, a timestamp, and members named as W3C names them ({@code bytesSent},
 * {@code currentRoundTripTime}, ...). Member values are {@link Long}, {@link Double}, {@link Boolean} or
 * {@link String}; a member the stack cannot know yet is absent rather than zero.
 */
public final class RTCStats {
    private final String id;
    private final RTCStatsType type;
    private final double timestamp;
    private final Map<String, Object> members;

    RTCStats(String id, RTCStatsType type, double timestamp, Map<String, Object> members) {
        this.id = Objects.requireNonNull(id);
        this.type = Objects.requireNonNull(type);
        this.timestamp = timestamp;
        this.members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public String id() {
        return id;
    }

    public RTCStatsType type() {
        return type;
    }

    /** When the values were read, in milliseconds since the Unix epoch. */
    public double timestamp() {
        return timestamp;
    }

    /** Every member but id, type and timestamp, in a stable order. */
    public Map<String, Object> members() {
        return members;
    }

    public boolean has(String member) {
        return members.containsKey(member);
    }

    /** @throws IllegalArgumentException when the member is absent or not a whole number */
    public long getLong(String member) {
        Object v = members.get(member);
        if (v instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException(describe(member, v, "a whole number"));
    }

    /** @throws IllegalArgumentException when the member is absent or not a number */
    public double getDouble(String member) {
        Object v = members.get(member);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(describe(member, v, "a number"));
    }

    /** @throws IllegalArgumentException when the member is absent or not a string */
    public String getString(String member) {
        Object v = members.get(member);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(describe(member, v, "a string"));
    }

    /** @throws IllegalArgumentException when the member is absent or not a boolean */
    public boolean getBoolean(String member) {
        Object v = members.get(member);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(describe(member, v, "a boolean"));
    }

    private String describe(String member, Object value, String expected) {
        return type.jsonName() + " " + id + ": member " + member
                + (value == null ? " is absent" : " is " + value + ", not " + expected);
    }

    /** The object as W3C's JSON shape: {@code {"id":..., "type":..., "timestamp":..., members...}}. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{");
        appendJson(b, "id", id);
        b.append(',');
        appendJson(b, "type", type.jsonName());
        b.append(',');
        appendJson(b, "timestamp", timestamp);
        for (Map.Entry<String, Object> e : members.entrySet()) {
            b.append(',');
            appendJson(b, e.getKey(), e.getValue());
        }
        return b.append('}').toString();
    }

    private static void appendJson(StringBuilder b, String name, Object value) {
        appendString(b, name);
        b.append(':');
        if (value instanceof String s) {
            appendString(b, s);
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            b.append("null");
        } else {
            b.append(value);
        }
    }

    /** A JSON string literal: quoted, with quotes, backslashes and control characters escaped. */
    static void appendString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return toJson();
    }
}
