package dev.robusta.signaling.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.robusta.signaling.json.Json;
import dev.robusta.signaling.json.PyJson;
import dev.robusta.signaling.server.HandshakeRequest;
import dev.robusta.signaling.server.HandshakeVerdict;
import dev.robusta.signaling.server.ServerCore;
import dev.robusta.signaling.server.ServerOutput;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notify server logic (rtclite's notify application; see docs/protocols/notify.md), sans-IO: a space per raw
 * request target holding at most two connections, NOTIFY relay with queueing until the other member arrives,
 * {@code GET /peerconnection} with {@code msg_id} echo, and the server closing the other member when one leaves.
 * Output is byte-exact with the reference's Python 2 {@code json.dumps}. Invalid requests get no reply, as in the
 * reference (the protocol has no error message).
 *
 * <p>Differences from the reference, on purpose: a space is full as soon as two handshakes are accepted for it (the
 * reference can let a third and fourth in together); the late close of a member the server closed never touches a
 * newer pair on the same path; the queue of a space is bounded.
 */
public final class NotifyCore implements ServerCore {
    private static final Logger log = LoggerFactory.getLogger(NotifyCore.class);
    private static final TextNode NOTIFY = TextNode.valueOf("NOTIFY");

    private final NotifyConfig config;
    private final Map<String, Space> spaces = new HashMap<>();
    private final Map<Long, Space> spaceOf = new HashMap<>();
    private final ArrayDeque<ServerOutput> out = new ArrayDeque<>();

    private static final class Space {
        final String path;
        final List<Long> members = new ArrayList<>(2);
        final List<Long> reserved = new ArrayList<>(2);
        final ArrayDeque<Object[]> pending = new ArrayDeque<>(); // {Long sender, JsonNode data}

        Space(String path) {
            this.path = path;
        }

        boolean full() {
            return members.size() + reserved.size() >= 2;
        }

        Long other(long connection) {
            for (Long m : members) {
                if (m != connection) {
                    return m;
                }
            }
            return null;
        }
    }

    public NotifyCore(NotifyConfig config) {
        this.config = config;
    }

    @Override
    public HandshakeVerdict handshake(long connectionId, HandshakeRequest request) {
        String target = request.target();
        if (!config.paths().isEmpty() && !config.paths().contains(target)) {
            return HandshakeVerdict.Reject.empty(404, "Not Found");
        }
        if (!config.hosts().isEmpty()) {
            String host = request.header("Host");
            if (host == null || !config.hosts().contains(host)) {
                return HandshakeVerdict.Reject.text(403, "Forbidden", "missing or forbidden Host header");
            }
        }
        if (!config.origins().isEmpty()) {
            String origin = request.header("Origin");
            if (origin != null && !config.origins().contains(origin)) {
                return HandshakeVerdict.Reject.text(403, "Forbidden", "forbidden Origin header");
            }
        }
        Space space = spaces.computeIfAbsent(target, Space::new);
        if (space.full()) {
            log.info("[notify] #{} refused: space {} is full", connectionId, target);
            return HandshakeVerdict.Reject.empty(400, "Bad Request - Space Full");
        }
        space.reserved.add(connectionId);
        spaceOf.put(connectionId, space);
        return HandshakeVerdict.ACCEPT;
    }

    @Override
    public void open(long connectionId) {
        Space space = spaceOf.get(connectionId);
        if (space == null) {
            return;
        }
        space.reserved.remove(Long.valueOf(connectionId));
        space.members.add(connectionId);
        log.info("[notify] #{} joined space {} ({} member{})", connectionId, space.path, space.members.size(),
                space.members.size() == 1 ? "" : "s");
        for (Object[] item; (item = space.pending.poll()) != null; ) {
            out.add(new ServerOutput.Send(connectionId, notify((JsonNode) item[1])));
        }
    }

    @Override
    public void text(long connectionId, String text) {
        Space space = spaceOf.get(connectionId);
        if (space == null || !space.members.contains(connectionId)) {
            return;
        }
        JsonNode msg;
        try {
            msg = Json.parse(text);
        } catch (JsonProcessingException e) {
            log.debug("[notify] #{} invalid JSON ignored: {}", connectionId, Json.shortMessage(e));
            return;
        }
        JsonNode method = msg.isObject() ? msg.get("method") : null;
        if (method == null) {
            log.debug("[notify] #{} message without method ignored", connectionId);
            return;
        }
        if (method.equals(TextNode.valueOf("GET"))) {
            JsonNode resource = msg.get("resource");
            if (resource != null && resource.equals(TextNode.valueOf("/peerconnection"))) {
                out.add(new ServerOutput.Send(connectionId, configurationReply(msg.get("msg_id"))));
            } else {
                log.debug("[notify] #{} GET of another resource ignored", connectionId);
            }
        } else if (method.equals(NOTIFY)) {
            JsonNode data = msg.get("data");
            if (data == null) {
                log.debug("[notify] #{} NOTIFY without data ignored", connectionId);
                return;
            }
            Long other = space.other(connectionId);
            if (other != null) {
                out.add(new ServerOutput.Send(other, notify(data)));
            } else if (space.pending.size() >= config.maxQueuedMessages()) {
                log.info("[notify] #{} queued {} messages in space {} with nobody to take them: closing",
                        connectionId, space.pending.size(), space.path);
                out.add(new ServerOutput.Close(connectionId, 1008, "Too many queued messages"));
            } else {
                space.pending.add(new Object[] {connectionId, data});
            }
        } else {
            log.debug("[notify] #{} unknown method ignored", connectionId);
        }
    }

    @Override
    public void closed(long connectionId) {
        Space space = spaceOf.remove(connectionId);
        if (space == null) {
            return;
        }
        space.reserved.remove(Long.valueOf(connectionId));
        boolean wasMember = space.members.remove(Long.valueOf(connectionId));
        space.pending.removeIf(item -> (Long) item[0] == connectionId);
        if (wasMember) {
            log.info("[notify] #{} left space {}", connectionId, space.path);
        }
        if (wasMember && !space.members.isEmpty()) {
            // The reference closes the other member too, with an empty close frame and no message.
            for (Long other : new ArrayList<>(space.members)) {
                space.members.remove(other);
                spaceOf.remove(other);
                space.pending.removeIf(item -> item[0].equals(other));
                out.add(new ServerOutput.Close(other, ServerOutput.NO_STATUS, ""));
                log.info("[notify] #{} closed: the other member of {} left", other, space.path);
            }
        }
        if (space.members.isEmpty() && space.reserved.isEmpty()) {
            spaces.remove(space.path);
        }
    }

    @Override
    public ServerOutput poll() {
        return out.poll();
    }

    /** Spaces that hold or expect a connection (tests and metrics). */
    public int spaceCount() {
        return spaces.size();
    }

    static String notify(JsonNode data) {
        // {'method': 'NOTIFY', 'data': data} in the reference's code: Python 2 orders it data, method.
        return PyJson.dumpsObject(List.of(new SimpleEntry<>("method", NOTIFY), new SimpleEntry<>("data", data)));
    }

    private String configurationReply(JsonNode msgId) {
        ObjectNode configuration = Json.object();
        configuration.set("iceServers", config.iceServers());
        ObjectNode result = Json.object();
        result.set("configuration", configuration);
        List<Map.Entry<String, JsonNode>> reply = new ArrayList<>();
        reply.add(new SimpleEntry<>("code", TextNode.valueOf("success")));
        reply.add(new SimpleEntry<>("result", result));
        if (msgId != null) {
            reply.add(new SimpleEntry<>("msg_id", msgId));
        }
        return PyJson.dumpsObject(reply);
    }
}
