package dev.robusta.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON a report serialises to, as a browser's: escaped strings, members in order, NaN as null. */
class RTCStatsTest {
    @Test
    void jsonEscapesStringsAndKeepsMemberOrder() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("label", "x\"y\n\u0001");
        members.put("messagesSent", 3L);
        members.put("roundTripTime", Double.NaN);
        members.put("open", true);
        RTCStats s = new RTCStats("D\\1", RTCStatsType.DATA_CHANNEL, 1.5, members);
        String json = "{\"id\":\"D\\\\1\",\"type\":\"data-channel\",\"timestamp\":1.5,"
                + "\"label\":\"x\\\"y\\n\\u0001\",\"messagesSent\":3,\"roundTripTime\":null,\"open\":true}";
        assertEquals(json, s.toJson());
        assertEquals("{\"D\\\\1\":" + json + "}", new RTCStatsReport(List.of(s)).toJson());
    }
}
