package dev.robusta.signaling.gstreamer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robusta.signaling.json.Json;
import dev.robusta.signaling.server.HandshakeRequest;
import dev.robusta.signaling.server.HandshakeVerdict;
import dev.robusta.signaling.server.ServerCore;
import dev.robusta.signaling.server.ServerOutput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GStreamer WebRTC signalling server logic (gst-plugins-rs signalling, protocol 1.1; see
 * docs/protocols/gstreamer.md), sans-IO: {@code welcome}, {@code setProtocolVersion}, {@code setPeerStatus} with
 * producer / listener / passive-consumer roles, {@code list}, {@code listConsumers}, {@code startSession} (with an
 * optional consumer offer), {@code peer} SDP/ICE relay, {@code endSession} and {@code endSessionV1_1}, listener
 * notifications, and clean-up on disconnect. Peers that never select a version are served as {@code v1_0}.
 *
 * <p>As the reference, messages that do not parse (invalid JSON, unknown {@code type}, missing or mistyped fields)
 * are dropped without reply; with {@code reportInvalid} they get {@code {"type":"error","details":"Invalid message:
 * ..."}} instead (an extension; real clients treat errors as fatal, so it is off by default).
 */
public final class GstSignallingCore implements ServerCore {
    private static final Logger log = LoggerFactory.getLogger(GstSignallingCore.class);
    private static final List<String> ROLE_NAMES = List.of("producer", "listener", "consumer");

    private final Supplier<String> ids;
    private final boolean reportInvalid;
    private final Map<Long, Peer> byConnection = new HashMap<>();
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Set<String>> producerSessions = new HashMap<>();
    private final Map<String, Set<String>> consumerSessions = new HashMap<>();
    private final ArrayDeque<ServerOutput> out = new ArrayDeque<>();

    private static final class Peer {
        final long connection;
        final String id;
        List<String> roles = List.of();
        JsonNode meta; // null when unset
        String statusPeerId; // the peerId of the stored status: null until a status is accepted
        boolean receivedFirstMessage;
        boolean v11;

        Peer(long connection, String id) {
            this.connection = connection;
            this.id = id;
        }

        boolean producing() {
            return roles.contains("producer");
        }

        boolean consuming() {
            return roles.contains("consumer");
        }

        boolean listening() {
            return roles.contains("listener");
        }
    }

    private record Session(String id, String producer, String consumer) {
        String other(String peerId) throws Failure {
            if (producer.equals(peerId)) {
                return consumer;
            }
            if (consumer.equals(peerId)) {
                return producer;
            }
            throw new Failure("Peer " + peerId + " is not part of " + id);
        }
    }

    /** A handled request that failed: its text goes back as {@code error.details}. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String details) {
            super(details, null, false, false);
        }
    }

    /** A message that does not parse as any known message. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * @param ids source of peer and session ids (UUID v4 strings in production)
     * @param reportInvalid answer unparseable messages with an error instead of dropping them silently
     */
    public GstSignallingCore(Supplier<String> ids, boolean reportInvalid) {
        this.ids = ids;
        this.reportInvalid = reportInvalid;
    }

    @Override
    public HandshakeVerdict handshake(long connectionId, HandshakeRequest request) {
        return HandshakeVerdict.ACCEPT; // the path and query are ignored, as by the reference server
    }

    @Override
    public void open(long connectionId) {
        String id;
        do {
            id = ids.get();
        } while (peers.containsKey(id));
        Peer p = new Peer(connectionId, id);
        byConnection.put(connectionId, p);
        peers.put(id, p);
        send(p, welcome(id));
        log.info("[gstreamer] #{} connected: peer {} ({} peers)", connectionId, id, peers.size());
    }

    @Override
    public void text(long connectionId, String text) {
        Peer p = byConnection.get(connectionId);
        if (p == null) {
            return;
        }
        ObjectNode msg;
        String type;
        try {
            JsonNode node = Json.parse(text);
            if (!node.isObject()) {
                throw new Invalid("not a JSON object");
            }
            msg = (ObjectNode) node;
            JsonNode t = msg.get("type");
            if (t == null || !t.isTextual()) {
                throw new Invalid("missing field `type`");
            }
            type = t.asText();
        } catch (JsonProcessingException e) {
            invalid(p, Json.shortMessage(e));
            return;
        } catch (Invalid e) {
            invalid(p, e.getMessage());
            return;
        }
        try {
            handle(p, type, msg);
        } catch (Invalid e) {
            invalid(p, e.getMessage());
            return;
        } catch (Failure e) {
            send(p, error(e.getMessage()));
        }
        p.receivedFirstMessage = true;
    }

    @Override
    public void binary(long connectionId, int sizeBytes) {
        log.debug("[gstreamer] #{} binary message of {} bytes ignored", connectionId, sizeBytes);
    }

    @Override
    public void closed(long connectionId) {
        Peer p = byConnection.remove(connectionId);
        if (p == null) {
            return;
        }
        peers.remove(p.id);
        stopProducer(p.id);
        stopConsumer(p.id);
        for (Peer l : peers.values()) {
            if (l.listening()) {
                send(l, peerStatusChanged(p.id, List.of(), p.meta));
            }
        }
        log.info("[gstreamer] #{} disconnected: peer {} ({} peers)", connectionId, p.id, peers.size());
    }

    @Override
    public ServerOutput poll() {
        return out.poll();
    }

    /** Connected peers (tests and metrics). */
    public int peerCount() {
        return peers.size();
    }

    /** Open sessions (tests and metrics). */
    public int sessionCount() {
        return sessions.size();
    }

    // ---- message handling ------------------------------------------------------------------------------------

    private void handle(Peer p, String type, ObjectNode msg) throws Invalid, Failure {
        switch (type) {
            case "newPeer" -> {
                // Internal in the reference; a client sending it resets its own record.
                Peer fresh = new Peer(p.connection, p.id);
                byConnection.put(p.connection, fresh);
                peers.put(p.id, fresh);
                send(fresh, welcome(p.id));
                fresh.receivedFirstMessage = true;
            }
            case "setProtocolVersion" -> {
                String v = requiredString(msg, "version");
                if (!v.equals("v1_0") && !v.equals("v1_1")) {
                    throw new Invalid("unknown variant `" + v + "`, expected `v1_0` or `v1_1`");
                }
                if (p.receivedFirstMessage) {
                    throw new Failure("Protocol version selection for peer '" + p.id + "' must be first message");
                }
                p.v11 = v.equals("v1_1");
            }
            case "setPeerStatus" -> setPeerStatus(p, msg);
            case "startSession" -> {
                String target = requiredString(msg, "peerId");
                String offer = optionalString(msg, "offer");
                startSession(p, target, offer);
            }
            case "peer" -> peerMessage(p, msg);
            case "endSession" -> endSession(p, requiredString(msg, "sessionId"), null);
            case "endSessionV1_1" -> endSession(p, requiredString(msg, "sessionId"), optionalString(msg, "error"));
            case "list" -> send(p, list("list", "producers", true));
            case "listConsumers" -> send(p, list("listConsumers", "consumers", false));
            default -> throw new Invalid("unknown variant `" + type + "`");
        }
    }

    private void setPeerStatus(Peer p, ObjectNode msg) throws Invalid, Failure {
        JsonNode rolesNode = msg.get("roles");
        if (rolesNode == null || !rolesNode.isArray()) {
            throw new Invalid("missing field `roles`");
        }
        List<String> roles = new ArrayList<>();
        for (JsonNode r : rolesNode) {
            if (!r.isTextual() || !ROLE_NAMES.contains(r.asText())) {
                throw new Invalid("unknown role " + r);
            }
            roles.add(r.asText());
        }
        JsonNode meta = msg.get("meta");
        if (meta != null && meta.isNull()) {
            meta = null;
        }
        String peerId = optionalString(msg, "peerId");
        if (roles.equals(p.roles) && Objects.equals(meta, p.meta) && Objects.equals(peerId, p.statusPeerId)) {
            log.debug("[gstreamer] status of {} has not changed", p.id);
            return;
        }
        boolean producing = roles.contains("producer");
        boolean consuming = roles.contains("consumer");
        if (producing && consuming) {
            throw new Failure("Cannot register peer " + p.id + " as both producer and passive consumer");
        }
        if (p.producing() && !producing) {
            stopProducer(p.id);
        } else if (p.consuming() && !consuming) {
            stopConsumer(p.id);
        }
        p.roles = List.copyOf(roles);
        p.meta = meta;
        p.statusPeerId = p.id;
        for (Peer l : peers.values()) {
            if (l.listening()) {
                send(l, peerStatusChanged(p.id, p.roles, p.meta));
            }
        }
        log.info("[gstreamer] peer {} registered as {}", p.id, p.roles);
    }

    private void startSession(Peer from, String toId, String offer) throws Failure {
        Peer to = peers.get(toId);
        if (to == null) {
            throw new Failure("Peer with ID '" + toId + "' not found");
        }
        String producer;
        String consumer;
        if (to.producing()) {
            producer = to.id;
            consumer = from.id;
        } else if (to.consuming()) {
            producer = from.id;
            consumer = to.id;
        } else {
            throw new Failure("Missing a producer or a consumer: id " + from.id + " roles " + debugRoles(from.roles)
                    + ", id " + to.id + " roles " + debugRoles(to.roles));
        }
        String sessionId;
        do {
            sessionId = ids.get();
        } while (sessions.containsKey(sessionId));
        sessions.put(sessionId, new Session(sessionId, producer, consumer));
        consumerSessions.computeIfAbsent(consumer, k -> new LinkedHashSet<>()).add(sessionId);
        producerSessions.computeIfAbsent(producer, k -> new LinkedHashSet<>()).add(sessionId);
        ObjectNode started = Json.object();
        started.put("type", "sessionStarted").put("peerId", producer).put("sessionId", sessionId);
        send(peers.get(consumer), Json.write(started));
        ObjectNode start = Json.object();
        start.put("type", "startSession").put("peerId", consumer).put("sessionId", sessionId);
        if (offer == null) {
            start.putNull("offer");
        } else {
            start.put("offer", offer);
        }
        send(peers.get(producer), Json.write(start));
        log.info("[gstreamer] session {} started: producer {} consumer {}", sessionId, producer, consumer);
    }

    private void peerMessage(Peer p, ObjectNode msg) throws Invalid, Failure {
        String sessionId = requiredString(msg, "sessionId");
        ObjectNode relayed = Json.object();
        relayed.put("type", "peer").put("sessionId", sessionId);
        boolean offer = false;
        String inner = null;
        for (Iterator<String> it = msg.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (f.equals("sdp") || f.equals("ice")) {
                inner = f;
                break;
            }
        }
        if (inner == null) {
            throw new Invalid("peer message without `sdp` or `ice`");
        }
        if (inner.equals("sdp")) {
            JsonNode sdp = msg.get("sdp");
            if (!sdp.isObject()) {
                throw new Invalid("`sdp` is not an object");
            }
            String sdpType = requiredString((ObjectNode) sdp, "type");
            if (!sdpType.equals("offer") && !sdpType.equals("answer")) {
                throw new Invalid("unknown sdp type `" + sdpType + "`");
            }
            String text = requiredString((ObjectNode) sdp, "sdp");
            relayed.putObject("sdp").put("type", sdpType).put("sdp", text);
            offer = sdpType.equals("offer");
        } else {
            JsonNode ice = msg.get("ice");
            if (!ice.isObject()) {
                throw new Invalid("`ice` is not an object");
            }
            String candidate = requiredString((ObjectNode) ice, "candidate");
            JsonNode index = ice.get("sdpMLineIndex");
            if (index == null || !index.isIntegralNumber() || !index.canConvertToLong() || index.asLong() < 0
                    || index.asLong() > 0xFFFF_FFFFL) {
                throw new Invalid("`sdpMLineIndex` must be a non-negative integer");
            }
            relayed.putObject("ice").put("candidate", candidate).put("sdpMLineIndex", index.asLong());
        }
        Session s = sessions.get(sessionId);
        if (s == null) {
            log.debug("[gstreamer] peer {} sent a peer message for unknown session {}", p.id, sessionId);
            return;
        }
        if (offer && p.id.equals(s.consumer())) {
            throw new Failure("cannot forward offer from \"" + p.id + "\" to \"" + s.producer() + "\" as \"" + p.id
                    + "\" is not the producer");
        }
        Peer other = peers.get(s.other(p.id));
        if (other != null) {
            send(other, Json.write(relayed));
        }
    }

    private void endSession(Peer p, String sessionId, String error) throws Failure {
        Session s = removeSession(sessionId);
        if (s == null) {
            log.debug("[gstreamer] peer {} ended unknown session {}", p.id, sessionId);
            return;
        }
        if (error != null && !p.v11) {
            throw new Failure("Invalid end session message with error from peer '" + p.id
                    + "', minimum protocol version is 1.1");
        }
        String otherId = s.other(p.id);
        notifyEnded(otherId, sessionId, error);
        log.info("[gstreamer] session {} ended by {}", sessionId, p.id);
    }

    private void stopProducer(String peerId) {
        Set<String> ids = producerSessions.remove(peerId);
        endAll(peerId, ids);
    }

    private void stopConsumer(String peerId) {
        Set<String> ids = consumerSessions.remove(peerId);
        endAll(peerId, ids);
    }

    private void endAll(String peerId, Set<String> sessionIds) {
        if (sessionIds == null) {
            return;
        }
        for (String sid : new ArrayList<>(sessionIds)) {
            Session s = removeSession(sid);
            if (s != null) {
                String otherId = s.producer().equals(peerId) ? s.consumer() : s.producer();
                notifyEnded(otherId, sid, null);
                log.info("[gstreamer] session {} ended: {} left its role or disconnected", sid, peerId);
            }
        }
    }

    private Session removeSession(String sessionId) {
        Session s = sessions.remove(sessionId);
        if (s != null) {
            Set<String> c = consumerSessions.get(s.consumer());
            if (c != null) {
                c.remove(sessionId);
            }
            Set<String> pr = producerSessions.get(s.producer());
            if (pr != null) {
                pr.remove(sessionId);
            }
        }
        return s;
    }

    private void notifyEnded(String peerId, String sessionId, String error) {
        Peer other = peers.get(peerId);
        if (other == null) {
            return;
        }
        ObjectNode end = Json.object();
        if (other.v11) {
            end.put("type", "endSessionV1_1").put("sessionId", sessionId);
            if (error == null) {
                end.putNull("error");
            } else {
                end.put("error", error);
            }
        } else {
            end.put("type", "endSession").put("sessionId", sessionId);
        }
        send(other, Json.write(end));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void invalid(Peer p, String why) {
        log.debug("[gstreamer] peer {} sent an invalid message: {}", p.id, why);
        if (reportInvalid) {
            send(p, error("Invalid message: " + why));
        }
    }

    private static String requiredString(ObjectNode msg, String field) throws Invalid {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid("missing field `" + field + "`");
        }
        if (!v.isTextual()) {
            throw new Invalid("`" + field + "` is not a string");
        }
        return v.asText();
    }

    private static String optionalString(ObjectNode msg, String field) throws Invalid {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid("`" + field + "` is not a string");
        }
        return v.asText();
    }

    /** Rust's {@code {:?}} of a role list: {@code [Producer, Listener]}. */
    static String debugRoles(List<String> roles) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < roles.size(); i++) {
            String r = roles.get(i);
            sb.append(i == 0 ? "" : ", ").append(Character.toUpperCase(r.charAt(0))).append(r.substring(1));
        }
        return sb.append(']').toString();
    }

    private static String welcome(String id) {
        ObjectNode m = Json.object();
        m.put("type", "welcome").put("peerId", id);
        return Json.write(m);
    }

    private static String peerStatusChanged(String id, List<String> roles, JsonNode meta) {
        ObjectNode m = Json.object();
        m.put("type", "peerStatusChanged");
        ArrayNode r = m.putArray("roles");
        roles.forEach(r::add);
        m.set("meta", meta == null ? NullNode.getInstance() : meta);
        m.put("peerId", id);
        return Json.write(m);
    }

    private String list(String type, String field, boolean producers) {
        ObjectNode m = Json.object();
        m.put("type", type);
        ArrayNode arr = m.putArray(field);
        for (Peer q : peers.values()) {
            if (producers ? q.producing() : q.consuming()) {
                ObjectNode e = arr.addObject();
                e.put("id", q.id);
                e.set("meta", q.meta == null ? NullNode.getInstance() : q.meta);
            }
        }
        return Json.write(m);
    }

    private static String error(String details) {
        ObjectNode m = Json.object();
        m.put("type", "error").put("details", details);
        return Json.write(m);
    }

    private void send(Peer p, String text) {
        if (p != null) {
            out.add(new ServerOutput.Send(p.connection, text));
        }
    }
}
