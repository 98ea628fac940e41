package dev.robusta.signaling.hyperpeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robusta.signaling.HandshakeRejectedException;
import dev.robusta.signaling.RawHttp;
import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.TextCollector;
import dev.robusta.signaling.Tls;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.CloseStatus;
import dev.robusta.signaling.json.Json;
import dev.robusta.signaling.server.WebSocketServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Hyperpeer server on loopback against raw WebSocket connections and the Java client. */
class HyperpeerServerTest {
    private WebSocketServer server;
    private String base;

    @BeforeEach
    void start() {
        server = HyperpeerServer.start(ServerConfig.loopback(), PeerVerifier.keys(Map.of("keyed", "secret"), false));
        base = server.baseUri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void vector71OverTheWireByteExact() throws Exception {
        try (TextCollector a = TextCollector.connect(base + "/media-server/server1");
             TextCollector b = TextCollector.connect(base + "/browser/client1/somekey")) {
            a.send("{\"type\":\"listPeers\"}");
            a.expect("{\"type\":\"peers\",\"peers\":[{\"id\":\"server1\",\"type\":\"media-server\",\"busy\":true},"
                    + "{\"id\":\"client1\",\"type\":\"browser\",\"busy\":true}]}");
            b.send("{\"type\":\"pair\",\"remotePeerId\":\"nobody\"}");
            b.expect("{\"type\":\"error\",\"code\":\"ERR_PEER_NOT_FOUND\",\"message\":\"Remote peer does not exists!\"}");
            b.send("{\"type\":\"pair\",\"remotePeerId\":\"server1\"}");
            b.expect("{\"type\":\"error\",\"code\":\"ERR_PEER_BUSY\",\"message\":\"Remote peer is busy!\"}");
            b.send("{\"type\":\"offer\",\"sdp\":\"x\"}");
            b.expect("{\"type\":\"error\",\"code\":\"ERR_BAD_STATE\",\"message\":\"Cannot forward message to remote "
                    + "peer because peer is not paired!\"}");
            a.send("{\"type\":\"ready\"}");
            a.send("{\"type\":\"listPeers\"}"); // a round trip on A's connection: ready has been handled
            assertTrue(a.next().contains("\"busy\":false"));
            b.send("{\"type\":\"pair\",\"remotePeerId\":\"server1\"}");
            b.expect("{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"server1\"}");
            a.expect("{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"client1\"}");
            a.send("{\"sdp\": \"v=0\\r\\n\", \"type\": \"offer\"}");
            b.expect("{\"sdp\":\"v=0\\r\\n\",\"type\":\"offer\"}");
            b.ws.abort(); // B goes away without a close frame
            a.expect("{\"type\":\"status\",\"status\":\"unpaired\"}");
        }
    }

    @Test
    void javaClientsPairNegotiateAndUnpair() throws Exception {
        BlockingQueue<HyperpeerEvent> listenerEvents = new LinkedBlockingQueue<>();
        BlockingQueue<HyperpeerEvent> callerEvents = new LinkedBlockingQueue<>();
        try (HyperpeerClient listener = HyperpeerClient.connect(base, "media-server", "server1", null,
                ClientOptions.defaults(), listenerEvents::add).get(5, TimeUnit.SECONDS);
             HyperpeerClient caller = HyperpeerClient.connect(base, "browser", "client1", null,
                     ClientOptions.defaults(), callerEvents::add).get(5, TimeUnit.SECONDS)) {
            assertEquals(List.of(new HyperpeerClient.PeerInfo("server1", "media-server", true),
                            new HyperpeerClient.PeerInfo("client1", "browser", true)),
                    caller.listPeers().get(5, TimeUnit.SECONDS));
            ExecutionException busy = assertThrows(ExecutionException.class,
                    () -> caller.pair("server1").get(5, TimeUnit.SECONDS));
            assertEquals("ERR_PEER_BUSY", ((HyperpeerException) busy.getCause()).code());
            ExecutionException missing = assertThrows(ExecutionException.class,
                    () -> caller.pair("nobody").get(5, TimeUnit.SECONDS));
            assertEquals("ERR_PEER_NOT_FOUND", ((HyperpeerException) missing.getCause()).code());
            listener.ready().get(5, TimeUnit.SECONDS);
            listener.listPeers().get(5, TimeUnit.SECONDS); // ready has been handled
            assertEquals("server1", caller.pair("server1").get(5, TimeUnit.SECONDS));
            assertEquals(new HyperpeerEvent.Paired("client1"), nextOf(listenerEvents, HyperpeerEvent.Paired.class));
            // The listener offers, the caller answers (section 8.1), candidates trickle.
            ObjectNode offer = Json.object().put("type", "offer").put("sdp", "v=0\r\n");
            listener.signal(offer).get(5, TimeUnit.SECONDS);
            assertEquals(offer, nextOf(callerEvents, HyperpeerEvent.Signal.class).message());
            ObjectNode answer = Json.object().put("type", "answer").put("sdp", "v=0\r\n");
            caller.signal(answer).get(5, TimeUnit.SECONDS);
            assertEquals(answer, nextOf(listenerEvents, HyperpeerEvent.Signal.class).message());
            caller.unpair().get(5, TimeUnit.SECONDS);
            assertInstanceOf(HyperpeerEvent.Unpaired.class, nextOf(listenerEvents, HyperpeerEvent.Unpaired.class));
            caller.signal(offer).get(5, TimeUnit.SECONDS);
            assertEquals("ERR_BAD_STATE", nextOf(callerEvents, HyperpeerEvent.Error.class).code());
        }
    }

    @Test
    void keyCheckAndBadPathsAreRefusedAtTheHandshake() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> HyperpeerClient.connect(base, "t",
                "keyed", "wrong", ClientOptions.defaults(), ev -> { }).get(5, TimeUnit.SECONDS));
        assertEquals(401, ((HandshakeRejectedException) e.getCause()).status());
        HyperpeerClient.connect(base, "t", "keyed", "secret", ClientOptions.defaults(), ev -> { })
                .get(5, TimeUnit.SECONDS).close();
        InetSocketAddress addr = server.localAddress();
        try (RawHttp raw = new RawHttp(addr)) {
            raw.write(RawHttp.upgrade("/t/keyed/wrong", "x"));
            assertEquals("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-type: text/html\r\n"
                    + "Content-Length: 12\r\n\r\nUnauthorized", raw.readResponse());
        }
        try (RawHttp raw = new RawHttp(addr)) {
            raw.write(RawHttp.upgrade("/bad.path", "x"));
            assertEquals("HTTP/1.1 400 Bad Request\r\nContent-Length: 25\r\nContent-Type: text/plain\r\n\r\n"
                    + "Invalid peer credentials!", raw.readResponse());
        }
        // The server is still up.
        try (TextCollector t = TextCollector.connect(base + "/t/after")) {
            t.send("{\"type\":\"listPeers\"}");
            assertTrue(t.next().contains("\"after\""));
        }
    }

    @Test
    void duplicateIdIsClosedWith1008AndTheFirstStays() throws Exception {
        try (TextCollector a = TextCollector.connect(base + "/media-server/dup1");
             TextCollector d = TextCollector.connect(base + "/other/dup1")) {
            assertEquals(new CloseStatus(1008, "Peer Id already in use!"), d.awaitClose());
            a.send("{\"type\":\"listPeers\"}");
            a.expect("{\"type\":\"peers\",\"peers\":[{\"id\":\"dup1\",\"type\":\"media-server\",\"busy\":true}]}");
        }
    }

    @Test
    void firefoxConnectionHeaderIsAccepted() throws Exception {
        try (RawHttp raw = new RawHttp(server.localAddress())) {
            raw.write("GET /browser/ff HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            String head = raw.readResponse();
            assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), head);
            assertTrue(head.toLowerCase().contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="), head);
            raw.text("{\"type\":\"listPeers\"}");
            assertEquals("{\"type\":\"peers\",\"peers\":[{\"id\":\"ff\",\"type\":\"browser\",\"busy\":true}]}",
                    raw.readText());
        }
    }

    @Test
    void wssWithPemCertificate() throws Exception {
        try (WebSocketServer tls = HyperpeerServer.start(ServerConfig.builder(new InetSocketAddress("127.0.0.1", 0))
                .tls(ServerConfig.tlsFromPem(Tls.cert(), Tls.key())).build(), PeerVerifier.ACCEPT_ALL)) {
            assertTrue(tls.baseUri().startsWith("wss://127.0.0.1:"));
            ClientOptions opts = ClientOptions.defaults().withSslContext(Tls.trustingClientContext());
            try (HyperpeerClient c = HyperpeerClient.connect(tls.baseUri(), "t", "secure", null, opts, e -> { })
                    .get(5, TimeUnit.SECONDS)) {
                assertEquals("secure", c.listPeers().get(5, TimeUnit.SECONDS).get(0).id());
            }
            // A client that does not trust the certificate fails cleanly.
            assertThrows(ExecutionException.class, () -> HyperpeerClient.connect(tls.baseUri(), "t", "x", null,
                    ClientOptions.defaults(), e -> { }).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void clientRefusesAKeyWithoutAnId() {
        assertThrows(IllegalArgumentException.class, () -> HyperpeerClient.peerUri("ws://h:1", "t", null, "k"));
        assertThrows(IllegalArgumentException.class, () -> HyperpeerClient.peerUri("ws://h:1/", "t", "i", null));
        assertEquals("ws://h:1/t/i/k", HyperpeerClient.peerUri("ws://h:1", "t", "i", "k").toString());
    }

    @Test
    void gracefulShutdownClosesClientsWith1001() throws Exception {
        TextCollector a = TextCollector.connect(base + "/t/a");
        server.closeAsync().get(5, TimeUnit.SECONDS);
        assertEquals(1001, a.awaitClose().code());
        assertNull(null);
    }

    static <T extends HyperpeerEvent> T nextOf(BlockingQueue<HyperpeerEvent> q, Class<T> type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            HyperpeerEvent e = q.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " event");
    }
}
