package dev.robusta.signaling.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robusta.signaling.SignalingException;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.CloseStatus;
import dev.robusta.signaling.client.WebSocketClient;
import dev.robusta.signaling.json.Json;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notify client, as rtclite's sample page speaks: join {@code /call/{id}}, ask for the peer-connection
 * configuration, send and receive NOTIFY data. Events arrive on the connection's event loop: do not block there.
 */
public final class NotifyClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifyClient.class);

    private final Consumer<NotifyEvent> events;
    private final Map<String, CompletableFuture<JsonNode>> pendingGets = new ConcurrentHashMap<>();
    private final AtomicLong nextMsgId = new AtomicLong(1);
    private volatile WebSocketClient ws;

    private NotifyClient(Consumer<NotifyEvent> events) {
        this.events = events;
    }

    /**
     * Connects to a space.
     *
     * @param uri e.g. {@code ws://127.0.0.1:8080/call/1234}
     */
    public static CompletableFuture<NotifyClient> connect(URI uri, ClientOptions options,
                                                          Consumer<NotifyEvent> events) {
        NotifyClient client = new NotifyClient(events);
        return WebSocketClient.connect(uri, options, new WebSocketClient.Listener() {
            @Override
            public void onText(String text) {
                client.onText(text);
            }

            @Override
            public void onClose(CloseStatus status) {
                client.onClose(status);
            }
        }).thenApply(ws -> {
            client.ws = ws;
            return client;
        });
    }

    /**
     * {@code GET /peerconnection}: completes with {@code result.configuration} (e.g. {@code {"iceServers":[{"url":
     * "stun:..."}]}}; note the legacy {@code url} key).
     */
    public CompletableFuture<JsonNode> peerConnectionConfiguration() {
        long id = nextMsgId.getAndIncrement();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pendingGets.put(Long.toString(id), f);
        ObjectNode msg = Json.object();
        msg.put("method", "GET").put("msg_id", id).put("resource", "/peerconnection");
        ws.send(Json.write(msg)).whenComplete((v, e) -> {
            if (e != null) {
                pendingGets.remove(Long.toString(id));
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** {@code NOTIFY}: passed to the other member, or queued until one arrives. */
    public CompletableFuture<Void> notify(JsonNode data) {
        ObjectNode msg = Json.object();
        msg.put("method", "NOTIFY");
        msg.set("data", data == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : data);
        return ws.send(Json.write(msg));
    }

    /** Sends any text as it is. */
    public CompletableFuture<Void> sendRaw(String text) {
        return ws.send(text);
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
            log.warn("notify server sent invalid JSON: {}", Json.shortMessage(e));
            return;
        }
        if ("NOTIFY".equals(msg.path("method").asText(null)) && msg.has("data")) {
            deliver(new NotifyEvent.Notify(msg.get("data")));
        } else if ("success".equals(msg.path("code").asText(null))) {
            JsonNode id = msg.get("msg_id");
            CompletableFuture<JsonNode> f = id == null ? null : pendingGets.remove(id.asText());
            if (f != null) {
                f.complete(msg.path("result").path("configuration"));
            } else {
                log.debug("notify: reply with unknown msg_id {}", id);
            }
        } else {
            log.debug("notify: unexpected message {}", text);
        }
    }

    private void onClose(CloseStatus status) {
        SignalingException gone = new SignalingException("connection closed (" + status.code() + ")");
        pendingGets.values().forEach(f -> f.completeExceptionally(gone));
        deliver(new NotifyEvent.Closed(status.code(), status.reason()));
    }

    private void deliver(NotifyEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            log.warn("notify event listener failed", e);
        }
    }
}
