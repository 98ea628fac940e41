package dev.robusta.demo.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.sctp.DataChannelState;
import dev.robusta.signaling.gstreamer.GstEvent;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat demo end to end with a Java stand-in for the page ({@link JavaChatPage}: the page's signalling and
 * channel messages) over real WebSocket and UDP on 127.0.0.1. The page itself in Chromium is interop-tests'
 * {@code DemoChatPageChromiumTest}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChatDemoTest {
    private static EventLoopGroup group;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private static ChatDemo demo(int maxTabs) throws Exception {
        return ChatDemo.start(ChatDemo.Options.defaults().withPort(0).withMaxSessions(maxTabs)
                .withPingInterval(Duration.ofMillis(100)));
    }

    @Test
    void javaPeerOffersEchoesInOrderAndReportsRoundTrips() throws Exception {
        try (ChatDemo demo = demo(4); JavaChatPage page = JavaChatPage.open(demo.signallingUri(), group, false)) {
            JsonNode hello = page.next("hello");
            assertTrue(hello.path("text").asText().contains("echo"), hello.toString());
            for (int i = 1; i <= 20; i++) {
                page.sendChat(i, "line " + i + " ✓");
            }
            for (int i = 1; i <= 20; i++) {
                JsonNode echo = page.next("echo");
                assertEquals(i, echo.path("seq").asLong(), echo.toString());
                assertEquals("line " + i + " ✓", echo.path("text").asText());
            }
            // The Java peer pings every 100 ms here; each pong comes back as a measured round trip.
            JsonNode first = page.next("rtt");
            JsonNode second = page.next("rtt");
            JsonNode third = page.next("rtt");
            for (JsonNode rtt : new JsonNode[] {first, second, third}) {
                assertTrue(rtt.path("ms").asDouble() > 0 && rtt.path("ms").asDouble() < 5000, rtt.toString());
                assertTrue(rtt.path("medianMs").asDouble() > 0, rtt.toString());
            }
            assertTrue(second.path("count").asLong() > first.path("count").asLong());
            assertTrue(third.path("seq").asLong() > second.path("seq").asLong());
            assertEquals(1, demo.activeSessions());
        }
    }

    @Test
    void otherTextIsEchoedAsAChatLineAndBinaryAsItIs() throws Exception {
        try (ChatDemo demo = demo(4); JavaChatPage page = JavaChatPage.open(demo.signallingUri(), group, false)) {
            page.sendRaw("not JSON at all");
            JsonNode echo = page.next("echo");
            assertEquals("not JSON at all", echo.path("text").asText());
            assertTrue(echo.path("seq").isMissingNode(), echo.toString());
            page.sendBinary(new byte[] {0, 1, 2, (byte) 255});
            assertEquals("AAEC/w==", page.next("binary").path("bytes").asText());
            // An unknown message type gets no answer, and the session carries on.
            page.sendRaw("{\"type\":\"whatever\"}");
            page.sendChat(5, "after");
            JsonNode next = page.next("echo");
            assertEquals("after", next.path("text").asText(), next.toString());
        }
    }

    @Test
    void closingTheTabsSignallingEndsItsConnection() throws Exception {
        try (ChatDemo demo = demo(4)) {
            JavaChatPage page = JavaChatPage.open(demo.signallingUri(), group, false);
            try {
                page.sendChat(1, "hi");
                assertEquals("hi", page.next("echo").path("text").asText());
                assertEquals(1, demo.activeSessions());
                // The tab goes: its WebSocket closes, the server ends the session, the Java peer closes its
                // connection (SCTP ABORT, DTLS close_notify), and the page's channel closes.
                RTCDataChannel channel = page.open.get(5, TimeUnit.SECONDS);
                page.closeSignalling();
                waitFor(() -> demo.activeSessions() == 0, "the Java peer's session to end");
                waitFor(() -> channel.readyState() == DataChannelState.CLOSED,
                        "the page's channel to close, now " + channel.readyState());
            } finally {
                page.close();
            }
        }
    }

    @Test
    void aPageThatOffersIsAnswered() throws Exception {
        try (ChatDemo demo = demo(4); JavaChatPage page = JavaChatPage.open(demo.signallingUri(), group, true)) {
            page.sendChat(7, "the page offered");
            JsonNode echo = page.next("echo");
            assertEquals(7, echo.path("seq").asLong());
            assertEquals("the page offered", echo.path("text").asText());
            assertNotNull(page.next("rtt"));
        }
    }

    @Test
    void tabsBeyondTheLimitAreRefusedWithAReason() throws Exception {
        try (ChatDemo demo = demo(1); JavaChatPage first = JavaChatPage.open(demo.signallingUri(), group, false)) {
            first.sendChat(1, "first");
            assertEquals("first", first.next("echo").path("text").asText());
            try (JavaChatPage second = JavaChatPage.open(demo.signallingUri(), group, false)) {
                GstEvent end = second.ends.poll(20, TimeUnit.SECONDS);
                assertTrue(end instanceof GstEvent.EndSession e && e.error() != null
                        && e.error().contains("at most 1"), String.valueOf(end));
            }
            assertEquals(1, demo.activeSessions());
            first.sendChat(2, "still here");
            assertEquals("still here", first.next("echo").path("text").asText());
        }
    }

    @Test
    void servesThePageWithTheSignallingAddressOnLoopbackOnly() throws Exception {
        try (ChatDemo demo = demo(2)) {
            URI page = demo.pageUri();
            assertEquals("127.0.0.1", page.getHost());
            assertEquals("127.0.0.1", demo.signallingUri().getHost());
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertTrue(res.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(res.body().contains("const SIGNALLING_URL = '" + demo.signallingUri() + "';"), res.body());
            assertTrue(!res.body().contains("__SIGNALLING_URL__"));
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(page.resolve("/secret")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void selfTestReportsReachTheListenerAndOversizedOnesAreRefused() throws Exception {
        try (ChatDemo demo = demo(2)) {
            CompletableFuture<String> report = new CompletableFuture<>();
            demo.addSelfTestReportListener(report::complete);
            URI uri = demo.pageUri().resolve("/report");
            HttpResponse<Void> big = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(
                    "x".repeat(ChatPageServer.MAX_REPORT_BYTES + 1))).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(413, big.statusCode());
            HttpResponse<Void> ok = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"status\":\"ok\"}")).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(204, ok.statusCode());
            assertEquals("{\"status\":\"ok\"}", report.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTakenPortGivesAClearError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> ChatDemo.start(ChatDemo.Options.defaults().withPort(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("--port") && e.getMessage().contains(":" + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
