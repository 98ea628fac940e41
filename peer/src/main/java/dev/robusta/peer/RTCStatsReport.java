package dev.robusta.peer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link RTCPeerConnection#getStats()} returns (W3C RTCStatsReport): stats objects by id, read at one
 * moment on the connection's event loop, so the counters in one report are consistent with each other.
 */
public final class RTCStatsReport implements Iterable<RTCStats> {
    private final Map<String, RTCStats> byId;

    RTCStatsReport(Collection<RTCStats> stats) {
        Map<String, RTCStats> m = new LinkedHashMap<>();
        for (RTCStats s : stats) {
            if (m.putIfAbsent(s.id(), s) != null) {
                throw new IllegalStateException("two stats objects with id " + s.id());
            }
        }
        byId = Collections.unmodifiableMap(m);
    }

    public Optional<RTCStats> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The objects of one type, in report order. */
    public List<RTCStats> ofType(RTCStatsType type) {
        List<RTCStats> out = new ArrayList<>();
        for (RTCStats s : byId.values()) {
            if (s.type() == type) {
                out.add(s);
            }
        }
        return out;
    }

    /** The only object of a type (e.g. the peer-connection stats). */
    public RTCStats only(RTCStatsType type) {
        List<RTCStats> all = ofType(type);
        if (all.size() != 1) {
            throw new IllegalStateException("the report has " + all.size() + " " + type.jsonName() + " objects");
        }
        return all.get(0);
    }

    public int size() {
        return byId.size();
    }

    public Map<String, RTCStats> asMap() {
        return byId;
    }

    @Override
    public Iterator<RTCStats> iterator() {
        return byId.values().iterator();
    }

    /** The report as a JSON object keyed by id, as a browser's report serialises. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (RTCStats s : byId.values()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            RTCStats.appendString(b, s.id());
            b.append(':').append(s.toJson());
        }
        return b.append('}').toString();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
