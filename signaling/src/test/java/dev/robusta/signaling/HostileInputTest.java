package dev.robusta.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.signaling.client.CloseStatus;
import dev.robusta.signaling.gstreamer.GstSignallingServer;
import dev.robusta.signaling.hyperpeer.HyperpeerServer;
import dev.robusta.signaling.hyperpeer.PeerVerifier;
import dev.robusta.signaling.notify.NotifyConfig;
import dev.robusta.signaling.notify.NotifyServer;
import dev.robusta.signaling.server.WebSocketServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input against each of the three servers: the offending client is answered or closed, the server stays up,
 * its connection table drains, and a well-behaved client keeps working throughout.
 */
class HostileInputTest {
    private static final int MAX_MESSAGE = 8192;
    private final AtomicInteger serial = new AtomicInteger();

    private static WebSocketServer start(String protocol) {
        ServerConfig config = ServerConfig.builder(new InetSocketAddress("127.0.0.1", 0))
                .maxMessageBytes(MAX_MESSAGE)
                .handshakeTimeout(Duration.ofMillis(400))
                .idleTimeout(Duration.ofMillis(700))
                .pingInterval(Duration.ofMillis(200))
                .rateLimit(200, 50)
                .maxPendingOutboundBytes(64 * 1024)
                .build();
        return switch (protocol) {
            case "hyperpeer" -> HyperpeerServer.start(config, PeerVerifier.ACCEPT_ALL);
            case "gstreamer" -> GstSignallingServer.start(config, false);
            case "notify" -> NotifyServer.start(config, NotifyConfig.defaults());
            default -> throw new IllegalArgumentException(protocol);
        };
    }

    private String target(String protocol) {
        int n = serial.incrementAndGet();
        return switch (protocol) {
            case "hyperpeer" -> "/t/h" + n;
            case "notify" -> "/call/h" + n;
            default -> "/";
        };
    }

    /** A fresh well-behaved client does one request/response round trip. */
    private void probe(String protocol, WebSocketServer server) throws Exception {
        try (TextCollector c = TextCollector.connect(server.baseUri() + target(protocol))) {
            switch (protocol) {
                case "hyperpeer" -> {
                    c.send("{\"type\":\"listPeers\"}");
                    assertTrue(c.next().startsWith("{\"type\":\"peers\""));
                }
                case "gstreamer" -> {
                    assertTrue(c.next().startsWith("{\"type\":\"welcome\""));
                    c.send("{\"type\":\"list\"}");
                    assertTrue(c.next().startsWith("{\"type\":\"list\""));
                }
                default -> {
                    c.send("{\"method\":\"GET\",\"resource\":\"/peerconnection\"}");
                    assertTrue(c.next().startsWith("{\"code\": \"success\""));
                }
            }
        }
    }

    private RawHttp upgraded(String protocol, WebSocketServer server) throws IOException {
        RawHttp raw = new RawHttp(server.localAddress());
        raw.write(RawHttp.upgrade(target(protocol), "127.0.0.1"));
        String head = raw.readResponse();
        assertTrue(head.startsWith("HTTP/1.1 101 "), head);
        return raw;
    }

    /** Reads server frames until a close frame; returns its status code (1005 for none), or -1 on EOF. */
    private static int closeCode(RawHttp raw) throws IOException {
        while (true) {
            Object[] f = raw.readFrame();
            if (f == null) {
                return -1;
            }
            if ((int) f[0] == 8) {
                byte[] p = (byte[]) f[1];
                return p.length >= 2 ? ((p[0] & 0xff) << 8) | (p[1] & 0xff) : CloseStatus.NO_STATUS;
            }
        }
    }

    private static void awaitNoConnections(WebSocketServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.connectionCount() > expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, server.connectionCount(), "connections left on the server");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "gstreamer", "notify"})
    void oversizedFrameAndOversizedFragmentedMessageAreClosedWith1009(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol)) {
            try (RawHttp raw = upgraded(protocol, server)) {
                raw.frame(1, new byte[MAX_MESSAGE + 1], true, true);
                assertEquals(1009, closeCode(raw));
            }
            try (RawHttp raw = upgraded(protocol, server)) {
                byte[] part = "x".repeat(3000).getBytes(StandardCharsets.UTF_8);
                raw.frame(1, part, false, true);
                raw.frame(0, part, false, true);
                raw.frame(0, part, true, true);
                assertEquals(1009, closeCode(raw));
            }
            probe(protocol, server);
            awaitNoConnections(server, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "gstreamer", "notify"})
    void floodIsCutByTheRateLimit(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol); RawHttp raw = upgraded(protocol, server)) {
            String msg = protocol.equals("notify") ? "{\"method\":\"GET\",\"resource\":\"/none\"}" : "{\"type\":\"x\"}";
            int sent = 0;
            try {
                for (; sent < 2000; sent++) {
                    raw.text(msg);
                }
            } catch (IOException e) {
                // the server may already have closed the socket
            }
            assertEquals(1008, closeCode(raw));
            assertTrue(server.limitClosures() >= 1);
            probe(protocol, server);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "gstreamer", "notify"})
    void silentAndHalfSentHandshakesTimeOut(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol);
             Socket silent = new Socket();
             RawHttp partial = new RawHttp(server.localAddress())) {
            silent.connect(server.localAddress());
            silent.setSoTimeout(3000);
            partial.write("GET " + target(protocol) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr");
            probe(protocol, server);
            assertEquals(-1, silent.getInputStream().read(), "silent connection not closed");
            assertTrue(partial.closedByServer());
            awaitNoConnections(server, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "gstreamer", "notify"})
    void halfOpenClientThatNeverAnswersPingsIsClosed(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol); RawHttp raw = upgraded(protocol, server)) {
            // The raw client reads (and so sees pings) but never answers them.
            int pings = 0;
            while (true) {
                Object[] f = raw.readFrame();
                if (f == null) {
                    break;
                }
                if ((int) f[0] == 9) {
                    pings++;
                } else if ((int) f[0] == 8) {
                    byte[] p = (byte[]) f[1];
                    assertEquals(1001, ((p[0] & 0xff) << 8) | (p[1] & 0xff));
                    break;
                }
            }
            assertTrue(pings >= 1, "the server pinged the quiet client");
            awaitNoConnections(server, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "gstreamer", "notify"})
    void protocolViolationsCloseOnlyThatClient(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol)) {
            try (RawHttp raw = upgraded(protocol, server)) {
                raw.frame(1, "{}".getBytes(StandardCharsets.UTF_8), true, false); // unmasked
                assertTrue(raw.closedByServer());
            }
            try (RawHttp raw = upgraded(protocol, server)) {
                raw.frame(1, new byte[] {(byte) 0xc3, (byte) 0x28}, true, true); // invalid UTF-8
                assertTrue(raw.closedByServer());
            }
            try (RawHttp raw = upgraded(protocol, server)) {
                raw.frame(0x3, new byte[] {1}, true, true); // reserved opcode
                assertTrue(raw.closedByServer());
            }
            try (RawHttp raw = new RawHttp(server.localAddress())) {
                raw.write("\u0016\u0003\u0001garbage that is not HTTP\r\n\r\n");
                assertTrue(raw.readResponse().startsWith("HTTP/1.1 400 "));
            }
            try (RawHttp raw = new RawHttp(server.localAddress())) {
                raw.write("GET /" + "a".repeat(10000) + " HTTP/1.1\r\n\r\n");
                assertTrue(raw.readResponse().startsWith("HTTP/1.1 400 "));
            }
            probe(protocol, server);
            awaitNoConnections(server, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "gstreamer", "notify"})
    void badJsonBinaryAndDeepNestingLeaveTheConnectionUsable(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol);
             TextCollector c = TextCollector.connect(server.baseUri() + target(protocol))) {
            if (protocol.equals("gstreamer")) {
                c.next(); // welcome
            }
            c.send("{\"unterminated\":");
            c.send("[".repeat(500) + "]".repeat(500));
            c.send("{\"type\":null,\"method\":null,\"data\":{\"\u0000\":\"\\ud800\"}}");
            c.ws.send("\u00ff\u00fe binary-ish but valid text");
            switch (protocol) {
                case "hyperpeer" -> {
                    for (int i = 0; i < 2; i++) {
                        assertTrue(c.next().startsWith("{\"type\":\"error\",\"code\":\"ERR_BAD_SIGNAL\""));
                    }
                    c.send("{\"type\":\"listPeers\"}");
                    String next = c.next();
                    while (!next.startsWith("{\"type\":\"peers\"")) {
                        assertTrue(next.contains("\"type\":\"error\""), next);
                        next = c.next();
                    }
                }
                case "gstreamer" -> {
                    c.send("{\"type\":\"list\"}");
                    c.expect("{\"type\":\"list\",\"producers\":[]}");
                }
                default -> {
                    c.send("{\"method\":\"GET\",\"msg_id\":1,\"resource\":\"/peerconnection\"}");
                    assertTrue(c.next().startsWith("{\"code\": \"success\", \"msg_id\": 1"));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "gstreamer", "notify"})
    void binaryFramesAreRefusedOrIgnoredWithoutHarm(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol); RawHttp raw = upgraded(protocol, server)) {
            raw.frame(2, new byte[] {1, 2, 3}, true, true);
            if (protocol.equals("hyperpeer")) {
                assertEquals("{\"type\":\"error\",\"code\":\"ERR_BAD_SIGNAL\",\"message\":\"Binary messages are not "
                        + "supported\"}", raw.readText());
            }
            if (protocol.equals("gstreamer")) {
                assertTrue(raw.readText().startsWith("{\"type\":\"welcome\""));
            }
            raw.frame(9, "hi".getBytes(StandardCharsets.UTF_8), true, true); // ping is answered with the same payload
            Object[] f = raw.readFrame();
            while ((int) f[0] == 9) {
                f = raw.readFrame();
            }
            assertEquals(10, (int) f[0]);
            assertEquals("hi", new String((byte[]) f[1], StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "notify"})
    void aClientThatDoesNotReadIsClosedAndItsPartnerIsNot(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol)) {
            String pathA = protocol.equals("notify") ? "/call/slow" : "/t/fast";
            String pathB = protocol.equals("notify") ? "/call/slow" : "/t/slow";
            try (TextCollector a = TextCollector.connect(server.baseUri() + pathA);
                 RawHttp b = new RawHttp(server.localAddress())) {
                b.socket.setReceiveBufferSize(4096);
                b.write(RawHttp.upgrade(pathB, "127.0.0.1"));
                assertTrue(b.readResponse().startsWith("HTTP/1.1 101 "));
                String big = "y".repeat(7000);
                if (protocol.equals("hyperpeer")) {
                    b.text("{\"type\":\"ready\"}");
                    b.text("{\"type\":\"listPeers\"}");
                    b.readText();
                    a.send("{\"type\":\"pair\",\"remotePeerId\":\"slow\"}");
                    assertTrue(a.next().contains("paired"));
                }
                String msg = protocol.equals("notify") ? "{\"method\":\"NOTIFY\",\"data\":\"" + big + "\"}"
                        : "{\"type\":\"offer\",\"sdp\":\"" + big + "\"}";
                // b never reads: its socket buffers fill, then the server's 64 KiB allowance, then it is closed.
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                int sent = 0;
                while (server.limitClosures() == 0 && System.nanoTime() < deadline && sent < 5000) {
                    a.ws.send(msg);
                    sent++;
                    if (sent % 40 == 0) {
                        Thread.sleep(200); // stay under the rate limit
                    }
                }
                assertTrue(server.limitClosures() >= 1, "slow reader not closed after " + sent + " messages");
                if (protocol.equals("hyperpeer")) {
                    a.send("{\"type\":\"listPeers\"}");
                    String next = a.next();
                    while (!next.startsWith("{\"type\":\"peers\"")) {
                        next = a.next();
                    }
                    assertTrue(next.contains("\"fast\"") && !next.contains("\"slow\""), next);
                }
            }
            probe(protocol, server);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperpeer", "gstreamer", "notify"})
    void manyConnectionsThatAbortLeaveNothingBehind(String protocol) throws Exception {
        try (WebSocketServer server = start(protocol)) {
            List<RawHttp> open = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                RawHttp raw = upgraded(protocol, server);
                raw.text("{\"type\":\"ready\",\"method\":\"NOTIFY\",\"data\":" + i + "}");
                open.add(raw);
            }
            for (RawHttp raw : open) {
                raw.socket.setSoLinger(true, 0); // RST, no close frame
                raw.close();
            }
            awaitNoConnections(server, 0);
            probe(protocol, server);
            ByteBuffer.allocate(0);
        }
    }
}
