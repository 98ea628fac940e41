package dev.robusta.signaling.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Python 2.7 json.dumps parity: the key orders observed from the notify reference server (notify.md 6.1, 6.2). */
class PyJsonTest {
    @Test
    void objectKeyOrderFollowsPython2DictHashing() throws Exception {
        assertEquals("{\"sdp\": \"v=0\\r\\n\", \"type\": \"offer\"}",
                PyJson.dumps(Json.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}")));
        assertEquals("{\"sdpMid\": \"0\", \"candidate\": \"candidate:1 1 udp 1 192.0.2.1 5000 typ host\", "
                        + "\"sdpMLineIndex\": 0}",
                PyJson.dumps(Json.parse("{\"candidate\":\"candidate:1 1 udp 1 192.0.2.1 5000 typ host\","
                        + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}")));
        // The server's own dicts: {'method':..., 'data':...} and {'code':..., 'result':...} + msg_id.
        assertEquals(List.of(1, 0), List.of(box(PyJson.dictOrder(List.of("method", "data")))));
        assertEquals(List.of(0, 2, 1), List.of(box(PyJson.dictOrder(List.of("code", "result", "msg_id")))));
    }

    @Test
    void largerDictsResizeAsCPythonDoes() {
        // Six keys force one resize (8 -> 32 slots); the order is still a permutation of all keys.
        int[] order = PyJson.dictOrder(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        assertEquals(10, java.util.Arrays.stream(order).distinct().count());
        // Single-character keys hash to (c<<7 * 1000003) ^ c ^ 1; CPython 2.7 prints these in this order.
        // Expected strings printed by CPython 2.7.18's json.dumps(json.loads(...)) on this machine.
        assertEquals("{\"a\": 1, \"c\": 3, \"b\": 2}", PyJson.dumps(parse("{\"a\":1,\"b\":2,\"c\":3}")));
        assertEquals("{\"a\": 1, \"c\": 3, \"b\": 2, \"e\": 5, \"d\": 4, \"g\": 7, \"f\": 6, \"i\": 9, \"h\": 8, "
                + "\"j\": 10}", PyJson.dumps(parse("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,"
                + "\"h\":8,\"i\":9,\"j\":10}")));
        assertEquals("{\"sdpMid\": \"0\", \"candidate\": \"c\", \"foundation\": \"1\", \"component\": \"rtp\", "
                + "\"priority\": 1, \"usernameFragment\": \"x\", \"sdpMLineIndex\": 0}",
                PyJson.dumps(parse("{\"usernameFragment\":\"x\",\"candidate\":\"c\",\"sdpMid\":\"0\","
                + "\"sdpMLineIndex\":0,\"foundation\":\"1\",\"component\":\"rtp\",\"priority\":1}")));
        assertEquals("{\"\": 3, \"k\\ud83d\\ude00\": 2, \"\\u00e9t\\u00e9\": 1}",
                PyJson.dumps(parse("{\"\\u00e9t\\u00e9\":1,\"k\\ud83d\\ude00\":2, \"\":3}")));
    }

    @Test
    void pythonScalars() throws Exception {
        // Printed by CPython 2.7.18's json.dumps(json.loads(...)) on this machine.
        assertEquals("[1.5, 1.0, 1e+16, 1000000000000000.0, 0.0001, 1e-05, Infinity, 12345678901234567890, 0.1, "
                        + "1234560000.0]",
                PyJson.dumps(Json.parse("[1.5, 1.0, 1e16, 1e15, 0.0001, 0.00001, 1e400, 12345678901234567890, 0.1, "
                        + "123.456e7]")));
        assertEquals("[null, true, false, \"\\u00e9\\ud83d\\ude00\\u007f\\n\\\"\"]",
                PyJson.dumps(Json.parse("[null,true,false,\"\u00e9\uD83D\uDE00\u007f\\n\\\"\"]")));
        assertEquals("{}", PyJson.dumps(Json.parse("{}")));
        assertEquals("[]", PyJson.dumps(Json.parse("[]")));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String s) {
        try {
            return Json.parse(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Integer[] box(int[] a) {
        return java.util.Arrays.stream(a).boxed().toArray(Integer[]::new);
    }
}
