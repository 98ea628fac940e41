package dev.robusta.signaling.hyperpeer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robusta.signaling.SignalingException;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.CloseStatus;
import dev.robusta.signaling.client.WebSocketClient;
import dev.robusta.signaling.json.Json;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hyperpeer signalling client, speaking as hyperpeer-py and hyperpeer-js do on the wire. Requests return futures
 * completed by the server's answer; everything received is also delivered as a {@link HyperpeerEvent} (on the
 * connection's event loop: do not block there).
 */
public final class HyperpeerClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HyperpeerClient.class);

    /** One entry of a {@code peers} listing. */
    public record PeerInfo(String id, String type, boolean busy) {}

    private final Consumer<HyperpeerEvent> events;
    private final ArrayDeque<CompletableFuture<List<PeerInfo>>> pendingPeers = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Void>> pendingUnpair = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<String>> pendingPair = new ArrayDeque<>();
    private volatile WebSocketClient ws;

    private HyperpeerClient(Consumer<HyperpeerEvent> events) {
        this.events = events;
    }

    /** The URL the reference clients build: {@code serverAddress/type[/id[/key]]}. */
    public static URI peerUri(String serverAddress, String type, String id, String key) {
        if (serverAddress.endsWith("/")) {
            throw new IllegalArgumentException("serverAddress must not end with '/': " + serverAddress);
        }
        if (key != null && id == null) {
            throw new IllegalArgumentException("a key needs an id (the server would take the key as the id)");
        }
        StringBuilder sb = new StringBuilder(serverAddress).append('/').append(type);
        if (id != null) {
            sb.append('/').append(id);
        }
        if (key != null) {
            sb.append('/').append(key);
        }
        return URI.create(sb.toString());
    }

    /**
     * Connects as a peer.
     *
     * @param serverAddress e.g. {@code ws://127.0.0.1:8080} (no trailing slash)
     * @param type the peer type, e.g. {@code media-server}
     * @param id the peer id, or null to let the server pick one (it never says which)
     * @param key the key, or null
     * @param events receives every event, on the connection's event loop
     */
    public static CompletableFuture<HyperpeerClient> connect(String serverAddress, String type, String id, String key,
                                                             ClientOptions options,
                                                             Consumer<HyperpeerEvent> events) {
        HyperpeerClient client = new HyperpeerClient(events);
        URI uri;
        try {
            uri = peerUri(serverAddress, type, id, key);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
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

    /** {@code listPeers}: every connected peer, this one included, in connection order. */
    public CompletableFuture<List<PeerInfo>> listPeers() {
        CompletableFuture<List<PeerInfo>> f = new CompletableFuture<>();
        synchronized (this) {
            pendingPeers.add(f);
        }
        sendOrFail("{\"type\":\"listPeers\"}", f);
        return f;
    }

    /** {@code ready}: this peer accepts a pairing (again). No reply. */
    public CompletableFuture<Void> ready() {
        return ws.send("{\"type\":\"ready\"}");
    }

    /**
     * {@code pair}: completes with the remote id on {@code status paired}, or exceptionally with a
     * {@link HyperpeerException} ({@code ERR_PEER_NOT_FOUND}, {@code ERR_PEER_BUSY}). This side then waits for the
     * remote's offer.
     */
    public CompletableFuture<String> pair(String remotePeerId) {
        CompletableFuture<String> f = new CompletableFuture<>();
        synchronized (this) {
            pendingPair.add(f);
        }
        ObjectNode msg = Json.object();
        msg.put("type", "pair").put("remotePeerId", remotePeerId);
        sendOrFail(Json.write(msg), f);
        return f;
    }

    /** {@code unpair}: completes on the server's {@code status unpaired} (sent even when not paired). */
    public CompletableFuture<Void> unpair() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            pendingUnpair.add(f);
        }
        sendOrFail("{\"type\":\"unpair\"}", f);
        return f;
    }

    /** Relays a message to the partner; the server answers {@code ERR_BAD_STATE} (an event) when not paired. */
    public CompletableFuture<Void> signal(JsonNode message) {
        return ws.send(Json.write(message));
    }

    /** Sends any text as it is (tests of the server's error handling). */
    public CompletableFuture<Void> sendRaw(String text) {
        return ws.send(text);
    }

    /** Completes when the connection has ended. */
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

    private <T> void sendOrFail(String text, CompletableFuture<T> f) {
        ws.send(text).whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            }
        });
    }

    private void onText(String text) {
        JsonNode msg;
        try {
            msg = Json.parse(text);
        } catch (JsonProcessingException e) {
            log.warn("hyperpeer server sent invalid JSON: {}", Json.shortMessage(e));
            return;
        }
        String type = msg.isObject() && msg.path("type").isTextual() ? msg.get("type").asText() : "";
        HyperpeerEvent event;
        switch (type) {
            case "peers" -> {
                List<PeerInfo> peers = new ArrayList<>();
                for (JsonNode p : msg.path("peers")) {
                    peers.add(new PeerInfo(p.path("id").asText(), p.path("type").asText(), p.path("busy").asBoolean()));
                }
                CompletableFuture<List<PeerInfo>> f;
                synchronized (this) {
                    f = pendingPeers.poll();
                }
                if (f != null) {
                    f.complete(List.copyOf(peers));
                }
                event = new HyperpeerEvent.Peers(List.copyOf(peers));
            }
            case "status" -> {
                String status = msg.path("status").asText();
                if (status.equals("paired")) {
                    String remote = msg.path("remotePeerId").asText();
                    CompletableFuture<String> f;
                    synchronized (this) {
                        f = pendingPair.poll();
                    }
                    if (f != null) {
                        f.complete(remote);
                    }
                    event = new HyperpeerEvent.Paired(remote);
                } else if (status.equals("unpaired")) {
                    CompletableFuture<Void> f;
                    synchronized (this) {
                        f = pendingUnpair.poll();
                    }
                    if (f != null) {
                        f.complete(null);
                    }
                    event = new HyperpeerEvent.Unpaired();
                } else {
                    event = new HyperpeerEvent.Signal(msg);
                }
            }
            case "error" -> {
                String code = msg.path("code").asText();
                String message = msg.path("message").asText();
                if (code.equals(HyperpeerCore.ERR_PEER_NOT_FOUND) || code.equals(HyperpeerCore.ERR_PEER_BUSY)) {
                    CompletableFuture<String> f;
                    synchronized (this) {
                        f = pendingPair.poll();
                    }
                    if (f != null) {
                        f.completeExceptionally(new HyperpeerException(code, message));
                    }
                }
                event = new HyperpeerEvent.Error(code, message);
            }
            default -> event = new HyperpeerEvent.Signal(msg);
        }
        deliver(event);
    }

    private void onClose(CloseStatus status) {
        SignalingException gone = new SignalingException("connection closed (" + status.code() + ")");
        synchronized (this) {
            pendingPeers.forEach(f -> f.completeExceptionally(gone));
            pendingPair.forEach(f -> f.completeExceptionally(gone));
            pendingUnpair.forEach(f -> f.completeExceptionally(gone));
        }
        deliver(new HyperpeerEvent.Closed(status.code(), status.reason()));
    }

    private void deliver(HyperpeerEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            log.warn("hyperpeer event listener failed", e);
        }
    }
}
