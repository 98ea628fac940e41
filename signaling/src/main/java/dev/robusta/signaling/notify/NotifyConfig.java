package dev.robusta.signaling.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.signaling.json.Json;
import java.util.List;

/**
 * What the notify server checks and serves besides transport settings.
 *
 * @param paths the exact request targets allowed ({@code --path}); empty allows any (404 otherwise)
 * @param hosts the exact {@code Host} values allowed ({@code --host}); empty allows any (403 otherwise)
 * @param origins the exact {@code Origin} values allowed when one is sent ({@code --origin}); empty allows any
 * @param iceServers the {@code iceServers} array served by {@code GET /peerconnection}
 * @param maxQueuedMessages NOTIFY messages a space keeps for a member that has not arrived; the sender is closed
 *     (1008) past it
 */
public record NotifyConfig(List<String> paths, List<String> hosts, List<String> origins, JsonNode iceServers,
                           int maxQueuedMessages) {

    /** The reference server's fixed configuration: {@code [{"url": "stun:stun.l.google.com:19302"}]}. */
    public static final String DEFAULT_ICE_SERVERS = "[{\"url\":\"stun:stun.l.google.com:19302\"}]";

    public NotifyConfig {
        paths = List.copyOf(paths);
        hosts = List.copyOf(hosts);
        origins = List.copyOf(origins);
        if (iceServers == null || !iceServers.isArray()) {
            throw new IllegalArgumentException("iceServers must be a JSON array");
        }
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages must be positive");
        }
    }

    /** No restrictions, the reference's ICE servers, 1,000 queued messages per space. */
    public static NotifyConfig defaults() {
        return new NotifyConfig(List.of(), List.of(), List.of(), parse(DEFAULT_ICE_SERVERS), 1000);
    }

    /** This configuration with other restrictions. */
    public NotifyConfig withRestrictions(List<String> paths, List<String> hosts, List<String> origins) {
        return new NotifyConfig(paths, hosts, origins, iceServers, maxQueuedMessages);
    }

    /** This configuration serving other ICE servers (a JSON array of RTCIceServer objects). */
    public NotifyConfig withIceServers(String json) {
        return new NotifyConfig(paths, hosts, origins, parse(json), maxQueuedMessages);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("iceServers is not valid JSON: " + Json.shortMessage(e), e);
        }
    }
}
