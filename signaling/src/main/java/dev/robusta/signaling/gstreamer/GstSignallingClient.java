package dev.robusta.signaling.gstreamer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robusta.signaling.SignalingException;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.CloseStatus;
import dev.robusta.signaling.client.WebSocketClient;
import dev.robusta.signaling.json.Json;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GStreamer WebRTC signalling client (as webrtcsink/webrtcsrc's signaller and gstwebrtc-api speak). Connecting
 * completes once {@code welcome} gave the peer id. With protocol 1.1 it sends {@code setProtocolVersion} first, as the
 * GStreamer client does. Events arrive on the connection's event loop: do not block there.
 */
public final class GstSignallingClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GstSignallingClient.class);

    /** One entry of a {@code list} / {@code listConsumers} reply; {@code meta} may be a JSON null. */
    public record PeerEntry(String id, JsonNode meta) {}

    private final Consumer<GstEvent> events;
    private final boolean v11;
    private final CompletableFuture<GstSignallingClient> welcomed = new CompletableFuture<>();
    private final ArrayDeque<CompletableFuture<List<PeerEntry>>> pendingList = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<List<PeerEntry>>> pendingConsumers = new ArrayDeque<>();
    private final Map<String, ArrayDeque<CompletableFuture<String>>> pendingSessions = new LinkedHashMap<>();
    private volatile WebSocketClient ws;
    private volatile String peerId;

    private GstSignallingClient(Consumer<GstEvent> events, boolean v11) {
        this.events = events;
        this.v11 = v11;
    }

    /**
     * Connects and waits for {@code welcome}.
     *
     * @param uri e.g. {@code ws://127.0.0.1:8443} (the server ignores the path)
     * @param protocolV11 send {@code setProtocolVersion v1_1} first (end-session errors, {@code endSessionV1_1})
     */
    public static CompletableFuture<GstSignallingClient> connect(URI uri, boolean protocolV11, ClientOptions options,
                                                                 Consumer<GstEvent> events) {
        GstSignallingClient client = new GstSignallingClient(events, protocolV11);
        WebSocketClient.connect(uri, options, new WebSocketClient.Listener() {
            @Override
            public void onText(String text) {
                client.onText(text);
            }

            @Override
            public void onClose(CloseStatus status) {
                client.onClose(status);
            }
        }).whenComplete((ws, e) -> {
            if (e != null) {
                client.welcomed.completeExceptionally(e);
                return;
            }
            client.ws = ws;
            if (protocolV11) {
                ws.send("{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
            }
            if (client.peerId != null) {
                client.welcomed.complete(client);
            }
        });
        return client.welcomed;
    }

    /** The id the server gave this peer. */
    public String peerId() {
        return peerId;
    }

    /** {@code setPeerStatus}: roles among {@code producer}, {@code listener}, {@code consumer}; meta may be null. */
    public CompletableFuture<Void> setPeerStatus(List<String> roles, JsonNode meta) {
        ObjectNode msg = Json.object();
        msg.put("type", "setPeerStatus");
        ArrayNode r = msg.putArray("roles");
        roles.forEach(r::add);
        if (meta == null) {
            msg.putNull("meta");
        } else {
            msg.set("meta", meta);
        }
        msg.put("peerId", peerId);
        return ws.send(Json.write(msg));
    }

    /**
     * {@code startSession} towards a producer (or, from a producer, a passive consumer). Completes with the session
     * id from {@code sessionStarted} (or the server's {@code startSession} when this side is the producer), or
     * exceptionally with the server's error details.
     *
     * @param offer this consumer's SDP offer, or null to let the producer offer
     */
    public CompletableFuture<String> startSession(String targetPeerId, String offer) {
        CompletableFuture<String> f = new CompletableFuture<>();
        synchronized (this) {
            pendingSessions.computeIfAbsent(targetPeerId, k -> new ArrayDeque<>()).add(f);
        }
        ObjectNode msg = Json.object();
        msg.put("type", "startSession").put("peerId", targetPeerId);
        if (offer != null) {
            msg.put("offer", offer);
        }
        ws.send(Json.write(msg)).whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** {@code list}: the producers. */
    public CompletableFuture<List<PeerEntry>> list() {
        CompletableFuture<List<PeerEntry>> f = new CompletableFuture<>();
        synchronized (this) {
            pendingList.add(f);
        }
        ws.send("{\"type\":\"list\"}");
        return f;
    }

    /** {@code listConsumers}: the passive consumers. */
    public CompletableFuture<List<PeerEntry>> listConsumers() {
        CompletableFuture<List<PeerEntry>> f = new CompletableFuture<>();
        synchronized (this) {
            pendingConsumers.add(f);
        }
        ws.send("{\"type\":\"listConsumers\"}");
        return f;
    }

    /** {@code peer} with an SDP offer or answer. */
    public CompletableFuture<Void> sendSdp(String sessionId, String type, String sdp) {
        ObjectNode msg = Json.object();
        msg.put("type", "peer").put("sessionId", sessionId);
        msg.putObject("sdp").put("type", type).put("sdp", sdp);
        return ws.send(Json.write(msg));
    }

    /** {@code peer} with an ICE candidate. */
    public CompletableFuture<Void> sendIce(String sessionId, String candidate, long sdpMLineIndex) {
        ObjectNode msg = Json.object();
        msg.put("type", "peer").put("sessionId", sessionId);
        msg.putObject("ice").put("candidate", candidate).put("sdpMLineIndex", sdpMLineIndex);
        return ws.send(Json.write(msg));
    }

    /** {@code endSession}. */
    public CompletableFuture<Void> endSession(String sessionId) {
        ObjectNode msg = Json.object();
        msg.put("type", "endSession").put("sessionId", sessionId);
        return ws.send(Json.write(msg));
    }

    /** {@code endSessionV1_1} with an error text (needs protocol 1.1; null for none). */
    public CompletableFuture<Void> endSession(String sessionId, String error) {
        ObjectNode msg = Json.object();
        msg.put("type", "endSessionV1_1").put("sessionId", sessionId);
        if (error == null) {
            msg.putNull("error");
        } else {
            msg.put("error", error);
        }
        return ws.send(Json.write(msg));
    }

    /** Sends any text as it is (tests of the server's handling of bad input). */
    public CompletableFuture<Void> sendRaw(String text) {
        return ws.send(text);
    }

    /** True when this client selected protocol 1.1. */
    public boolean protocolV11() {
        return v11;
    }

    public CompletableFuture<CloseStatus> closeFuture() {
        return ws.closeFuture();
    }

    /** Ends the connection without a close frame. */
    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        ws.close();
    }

    private void onText(String text) {
        JsonNode msg;
        try {
            msg = Json.parse(text);
        } catch (JsonProcessingException e) {
            log.warn("gstreamer signalling server sent invalid JSON: {}", Json.shortMessage(e));
            return;
        }
        String type = msg.path("type").asText("");
        GstEvent event;
        switch (type) {
            case "welcome" -> {
                peerId = msg.path("peerId").asText();
                event = new GstEvent.Welcome(peerId);
                if (ws != null) {
                    welcomed.complete(this);
                }
            }
            case "peerStatusChanged" -> {
                List<String> roles = new ArrayList<>();
                msg.path("roles").forEach(r -> roles.add(r.asText()));
                event = new GstEvent.PeerStatusChanged(msg.path("peerId").asText(), List.copyOf(roles),
                        msg.get("meta"));
            }
            case "startSession" -> {
                String peer = msg.path("peerId").asText();
                String sid = msg.path("sessionId").asText();
                completeSession(peer, sid);
                event = new GstEvent.StartSession(peer, sid, msg.path("offer").isTextual()
                        ? msg.get("offer").asText() : null);
            }
            case "sessionStarted" -> {
                String peer = msg.path("peerId").asText();
                String sid = msg.path("sessionId").asText();
                completeSession(peer, sid);
                event = new GstEvent.SessionStarted(peer, sid);
            }
            case "peer" -> {
                String sid = msg.path("sessionId").asText();
                if (msg.has("sdp")) {
                    event = new GstEvent.Sdp(sid, msg.path("sdp").path("type").asText(),
                            msg.path("sdp").path("sdp").asText());
                } else {
                    event = new GstEvent.Ice(sid, msg.path("ice").path("candidate").asText(),
                            msg.path("ice").path("sdpMLineIndex").asLong());
                }
            }
            case "endSession" -> event = new GstEvent.EndSession(msg.path("sessionId").asText(), null);
            case "endSessionV1_1" -> event = new GstEvent.EndSession(msg.path("sessionId").asText(),
                    msg.path("error").isTextual() ? msg.get("error").asText() : null);
            case "list", "listConsumers" -> {
                List<PeerEntry> entries = new ArrayList<>();
                for (JsonNode p : msg.path(type.equals("list") ? "producers" : "consumers")) {
                    entries.add(new PeerEntry(p.path("id").asText(), p.get("meta")));
                }
                CompletableFuture<List<PeerEntry>> f;
                synchronized (this) {
                    f = (type.equals("list") ? pendingList : pendingConsumers).poll();
                }
                if (f != null) {
                    f.complete(List.copyOf(entries));
                }
                event = new GstEvent.Listed(type, List.copyOf(entries));
            }
            case "error" -> {
                String details = msg.path("details").asText();
                failSession(details);
                event = new GstEvent.Error(details);
            }
            default -> {
                log.debug("gstreamer signalling: unknown message type {}", type);
                return;
            }
        }
        deliver(event);
    }

    private void completeSession(String peer, String sessionId) {
        CompletableFuture<String> f = null;
        synchronized (this) {
            ArrayDeque<CompletableFuture<String>> q = pendingSessions.get(peer);
            if (q != null) {
                f = q.poll();
                if (q.isEmpty()) {
                    pendingSessions.remove(peer);
                }
            }
        }
        if (f != null) {
            f.complete(sessionId);
        }
    }

    /** An error naming a target of a pending startSession fails that request. */
    private void failSession(String details) {
        CompletableFuture<String> f = null;
        synchronized (this) {
            for (Iterator<Map.Entry<String, ArrayDeque<CompletableFuture<String>>>> it =
                         pendingSessions.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, ArrayDeque<CompletableFuture<String>>> e = it.next();
                String target = e.getKey();
                if (details.equals("Peer with ID '" + target + "' not found")
                        || (details.startsWith("Missing a producer or a consumer:")
                        && details.contains("id " + target + " roles"))) {
                    f = e.getValue().poll();
                    if (e.getValue().isEmpty()) {
                        it.remove();
                    }
                    break;
                }
            }
        }
        if (f != null) {
            f.completeExceptionally(new SignalingException(details));
        }
    }

    private void onClose(CloseStatus status) {
        SignalingException gone = new SignalingException("connection closed (" + status.code() + ")");
        welcomed.completeExceptionally(gone);
        synchronized (this) {
            pendingList.forEach(f -> f.completeExceptionally(gone));
            pendingConsumers.forEach(f -> f.completeExceptionally(gone));
            pendingSessions.values().forEach(q -> q.forEach(f -> f.completeExceptionally(gone)));
        }
        deliver(new GstEvent.Closed(status.code(), status.reason()));
    }

    private void deliver(GstEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            log.warn("gstreamer signalling event listener failed", e);
        }
    }
}
