package dev.robusta.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.gstreamer.GstSignallingServer;
import dev.robusta.signaling.hyperpeer.HyperpeerServer;
import dev.robusta.signaling.hyperpeer.PeerVerifier;
import dev.robusta.signaling.json.Json;
import dev.robusta.signaling.notify.NotifyConfig;
import dev.robusta.signaling.notify.NotifyServer;
import dev.robusta.signaling.server.WebSocketServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each server against a client that is not ours: plain {@code WebSocket} and {@code RTCPeerConnection} in headless
 * Chromium, every page checking the server's lines byte for byte and then carrying a real WebRTC negotiation to an
 * open data channel over loopback.
 */
class BrowserInteropTest {
    private static final long PAGE_TIMEOUT_S = 60;

    private static void assertPassed(String report) throws Exception {
        JsonNode r = Json.parse(report);
        assertTrue(r.path("ok").asBoolean(), "page failed: " + r.path("error").asText() + "\nlog: " + r.path("log"));
        assertTrue(r.path("dataChannel").asBoolean(), "no data channel: " + report);
    }

    @Test
    void hyperpeerPage() throws Exception {
        try (WebSocketServer server = HyperpeerServer.start(ServerConfig.loopback(), PeerVerifier.ACCEPT_ALL);
             Chromium chromium = new Chromium()) {
            CompletableFuture<String> report = chromium.open("hyperpeer", "hyperpeer.html", "ws=" + server.baseUri());
            assertPassed(report.get(PAGE_TIMEOUT_S, TimeUnit.SECONDS));
        }
    }

    @Test
    void gstreamerPage() throws Exception {
        try (WebSocketServer server = GstSignallingServer.start(ServerConfig.loopback(), false);
             Chromium chromium = new Chromium()) {
            CompletableFuture<String> report = chromium.open("gstreamer", "gstreamer.html", "ws=" + server.baseUri());
            assertPassed(report.get(PAGE_TIMEOUT_S, TimeUnit.SECONDS));
        }
    }

    @Test
    void notifyTwoPagesAsTheSeedDescribes() throws Exception {
        NotifyConfig noStun = NotifyConfig.defaults().withIceServers("[]");
        try (WebSocketServer server = NotifyServer.start(ServerConfig.loopback(), noStun);
             Chromium chromium = new Chromium()) {
            String call = server.baseUri() + "/call/2310";
            CompletableFuture<String> caller = chromium.open("caller", "notify.html", "role=caller&ws=" + call);
            // The callee arrives later: the caller's offer and candidates wait in the server's queue.
            Thread.sleep(1500);
            CompletableFuture<String> callee = chromium.open("callee", "notify.html", "role=callee&ws=" + call);
            assertPassed(caller.get(PAGE_TIMEOUT_S, TimeUnit.SECONDS));
            String calleeReport = callee.get(PAGE_TIMEOUT_S, TimeUnit.SECONDS);
            assertPassed(calleeReport);
            assertEquals("hello from caller", Json.parse(calleeReport).path("received").asText());
        }
    }
}
