package dev.robusta.demo.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robusta.signaling.json.Json;

/**
 * The messages of the chat page and the Java peer on the {@code chat} data channel: one JSON object per text
 * message, {@code type} first.
 *
 * <pre>
 * page -&gt; Java  {"type":"chat","seq":1,"text":"hello"}      a line the person typed
 * Java -&gt; page  {"type":"echo","seq":1,"text":"hello"}      its echo (the page times it: its own round trip)
 * Java -&gt; page  {"type":"ping","seq":7}                     every second while the channel is open
 * page -&gt; Java  {"type":"pong","seq":7}                     at once
 * Java -&gt; page  {"type":"rtt","seq":7,"ms":0.71,"medianMs":0.80,"count":7}   what the Java peer measured
 * Java -&gt; page  {"type":"hello","text":"..."}               once, when the channel opens
 * </pre>
 *
 * A text that is not such an object is echoed as a chat line; binary messages are echoed as they are.
 */
final class ChatMessages {
    /** What a received text message is. */
    sealed interface Incoming {
        record Chat(long seq, String text) implements Incoming {}

        record Pong(long seq) implements Incoming {}

        /** Valid JSON of a type the Java peer does not act on (e.g. the page's own pings, if it ever sends any). */
        record Other(String type) implements Incoming {}
    }

    private ChatMessages() {}

    static Incoming parse(String text) {
        JsonNode msg;
        try {
            msg = Json.parse(text);
        } catch (JsonProcessingException e) {
            return new Incoming.Chat(-1, text);
        }
        if (!msg.isObject()) {
            return new Incoming.Chat(-1, text);
        }
        String type = msg.path("type").asText("");
        switch (type) {
            case "chat":
                return new Incoming.Chat(msg.path("seq").asLong(-1), msg.path("text").asText(""));
            case "pong":
                return msg.path("seq").canConvertToLong() ? new Incoming.Pong(msg.path("seq").asLong())
                        : new Incoming.Other(type);
            default:
                return new Incoming.Other(type);
        }
    }

    static String echo(long seq, String text) {
        ObjectNode m = Json.object().put("type", "echo");
        if (seq >= 0) {
            m.put("seq", seq);
        }
        return Json.write(m.put("text", text));
    }

    static String ping(long seq) {
        return Json.write(Json.object().put("type", "ping").put("seq", seq));
    }

    static String rtt(long seq, double ms, double medianMs, long count) {
        return Json.write(Json.object().put("type", "rtt").put("seq", seq).put("ms", round(ms))
                .put("medianMs", round(medianMs)).put("count", count));
    }

    static String hello(String text) {
        return Json.write(Json.object().put("type", "hello").put("text", text));
    }

    /** Three decimals are plenty for milliseconds and keep the page's numbers short. */
    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
