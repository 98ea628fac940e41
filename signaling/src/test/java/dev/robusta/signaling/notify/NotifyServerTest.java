package dev.robusta.signaling.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.signaling.HandshakeRejectedException;
import dev.robusta.signaling.RawHttp;
import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.TextCollector;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.CloseStatus;
import dev.robusta.signaling.json.Json;
import dev.robusta.signaling.server.WebSocketServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real notify server on loopback: the byte-exact vectors of docs/protocols/notify.md section 6. */
class NotifyServerTest {
    private WebSocketServer server;
    private String base;

    @BeforeEach
    void start() {
        server = NotifyServer.start(ServerConfig.loopback(), NotifyConfig.defaults());
        base = server.baseUri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void vector61ConfigurationRequest() throws Exception {
        try (TextCollector a = TextCollector.connect(base + "/call/1234")) {
            a.send("{\"method\":\"GET\",\"msg_id\":123,\"resource\":\"/peerconnection\"}");
            a.expect("{\"code\": \"success\", \"msg_id\": 123, \"result\": {\"configuration\": {\"iceServers\": "
                    + "[{\"url\": \"stun:stun.l.google.com:19302\"}]}}}");
            a.send("{\"method\":\"GET\",\"resource\":\"/peerconnection\"}");
            a.expect("{\"code\": \"success\", \"result\": {\"configuration\": {\"iceServers\": "
                    + "[{\"url\": \"stun:stun.l.google.com:19302\"}]}}}");
            a.send("{\"method\":\"GET\",\"msg_id\":\"abc\",\"resource\":\"/other\"}");
            // Requests that get no reply at all, with the connection left open:
            for (String ignored : List.of("not json", "{\"x\":1}", "{\"method\":\"GET\"}", "{\"method\":\"NOTIFY\"}",
                    "{\"method\":\"DELETE\"}", "[1,2]", "null")) {
                a.send(ignored);
            }
            a.send("{\"method\":\"GET\",\"msg_id\":\"abc\",\"resource\":\"/peerconnection\"}");
            a.expect("{\"code\": \"success\", \"msg_id\": \"abc\", \"result\": {\"configuration\": {\"iceServers\": "
                    + "[{\"url\": \"stun:stun.l.google.com:19302\"}]}}}");
        }
    }

    @Test
    void vector62QueueingThenLiveRelay() throws Exception {
        try (TextCollector a = TextCollector.connect(base + "/call/1234")) {
            a.send("{\"method\":\"NOTIFY\",\"data\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"extra\":1}");
            a.send("{\"method\":\"NOTIFY\",\"data\":null}");
            a.send("{\"method\":\"NOTIFY\",\"data\":{\"candidate\":\"candidate:1 1 udp 1 192.0.2.1 5000 typ host\","
                    + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
            a.send("{\"method\":\"GET\",\"resource\":\"/peerconnection\"}");
            a.next(); // a round trip: the three NOTIFYs are queued
            try (TextCollector b = TextCollector.connect(base + "/call/1234")) {
                b.expect("{\"data\": {\"sdp\": \"v=0\\r\\n\", \"type\": \"offer\"}, \"method\": \"NOTIFY\"}");
                b.expect("{\"data\": null, \"method\": \"NOTIFY\"}");
                b.expect("{\"data\": {\"sdpMid\": \"0\", \"candidate\": \"candidate:1 1 udp 1 192.0.2.1 5000 typ host\","
                        + " \"sdpMLineIndex\": 0}, \"method\": \"NOTIFY\"}");
                b.send("{\"method\":\"NOTIFY\",\"data\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}}");
                a.expect("{\"data\": {\"sdp\": \"v=0\\r\\n\", \"type\": \"answer\"}, \"method\": \"NOTIFY\"}");
            }
        }
    }

    @Test
    void vector62QueuedFramesFollowThe101InOneSegmentOnARawSocket() throws Exception {
        try (TextCollector a = TextCollector.connect(base + "/call/raw")) {
            a.send("{\"method\":\"NOTIFY\",\"data\":\"hello\"}");
            a.send("{\"method\":\"GET\",\"resource\":\"/peerconnection\"}");
            a.next();
            try (RawHttp b = new RawHttp(server.localAddress())) {
                b.write(RawHttp.upgrade("/call/raw", "x"));
                assertTrue(b.readResponse().startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
                assertEquals("{\"data\": \"hello\", \"method\": \"NOTIFY\"}", b.readText());
            }
        }
    }

    @Test
    void vector63ThirdPartyRefusedCloseOfOneClosesTheOtherAndThePathIsReused() throws Exception {
        TextCollector a = TextCollector.connect(base + "/call/1234");
        TextCollector b = TextCollector.connect(base + "/call/1234");
        try (RawHttp c = new RawHttp(server.localAddress())) {
            c.write(RawHttp.upgrade("/call/1234", "x"));
            assertEquals("HTTP/1.1 400 Bad Request - Space Full\r\nContent-Length: 0\r\n\r\n", c.readResponse());
            assertTrue(c.closedByServer());
        }
        ExecutionException full = assertThrows(ExecutionException.class, () -> NotifyClient.connect(
                URI.create(base + "/call/1234"), ClientOptions.defaults(), e -> { }).get(5, TimeUnit.SECONDS));
        assertEquals(new HandshakeRejectedException(400, "Bad Request - Space Full").getMessage(),
                full.getCause().getMessage());
        a.ws.close();
        assertEquals(new CloseStatus(CloseStatus.NO_STATUS, ""), b.awaitClose());
        try (TextCollector e = TextCollector.connect(base + "/call/1234")) {
            e.send("{\"method\":\"NOTIFY\",\"data\":\"hello\"}");
            e.send("{\"method\":\"GET\",\"resource\":\"/peerconnection\"}");
            e.next();
            try (TextCollector f = TextCollector.connect(base + "/call/1234")) {
                f.expect("{\"data\": \"hello\", \"method\": \"NOTIFY\"}");
            }
        }
    }

    @Test
    void vector64QueueDiscardedWhenTheSenderLeavesFirst() throws Exception {
        try (TextCollector g = TextCollector.connect(base + "/call/zzz")) {
            g.send("{\"method\":\"NOTIFY\",\"data\":\"queued\"}");
            g.send("{\"method\":\"GET\",\"resource\":\"/peerconnection\"}");
            g.next();
        }
        Thread.sleep(100);
        try (TextCollector h = TextCollector.connect(base + "/call/zzz")) {
            h.expectNothing(300);
        }
        // The query string makes another space.
        try (TextCollector q1 = TextCollector.connect(base + "/call/q?x=1");
             TextCollector q2 = TextCollector.connect(base + "/call/q")) {
            q1.send("{\"method\":\"NOTIFY\",\"data\":1}");
            q2.expectNothing(300);
        }
    }

    @Test
    void vector65HandshakeRejections() throws Exception {
        NotifyConfig restricted = NotifyConfig.defaults().withRestrictions(List.of("/call/1", "/call/2"),
                List.of("good:1"), List.of("http://ok"));
        try (WebSocketServer s = NotifyServer.start(ServerConfig.loopback(), restricted)) {
            String notFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
            String badHost = "HTTP/1.1 403 Forbidden\r\nContent-Length: 32\r\nContent-Type: text/plain\r\n\r\n"
                    + "missing or forbidden Host header";
            expectResponse(s, RawHttp.upgrade("/call/3", "good:1"), notFound);
            expectResponse(s, RawHttp.upgrade("/call/1", "bad"), badHost);
            expectResponse(s, RawHttp.upgrade("/call/1", null), badHost);
            expectResponse(s, RawHttp.upgrade("/call/1", "good:1", "Origin: http://evil"),
                    "HTTP/1.1 403 Forbidden\r\nContent-Length: 23\r\nContent-Type: text/plain\r\n\r\n"
                            + "forbidden Origin header");
            expectResponse(s, RawHttp.upgrade("/x", "bad"), notFound);
            expectResponse(s, RawHttp.upgrade("/call/1/x", "good:1"), notFound);
            try (RawHttp ok = new RawHttp(s.localAddress())) {
                ok.write(RawHttp.upgrade("/call/1", "good:1"));
                assertTrue(ok.readResponse().startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
            }
            try (RawHttp ok = new RawHttp(s.localAddress())) {
                ok.write(RawHttp.upgrade("/call/2", "good:1", "Origin: http://ok"));
                assertTrue(ok.readResponse().startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
            }
        }
        String req = "GET /call/9 HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        expectResponse(server, req + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\n\r\n",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 44\r\nContent-Type: text/plain\r\n\r\n"
                        + "missing or unsupported Sec-WebSocket-Version");
        expectResponse(server, req + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 14\r\n\r\n",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 34\r\nContent-Type: text/plain\r\n\r\n"
                        + "requires WebSocket version only 13");
        expectResponse(server, req + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
                "HTTP/1.1 403 Forbidden\r\nContent-Length: 33\r\nContent-Type: text/plain\r\n\r\n"
                        + "missing or invalid Upgrade header");
        expectResponse(server, req + "Upgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Version: 13\r\n\r\n",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 36\r\nContent-Type: text/plain\r\n\r\n"
                        + "missing or invalid Connection header");
        expectResponse(server, "GET /call/9 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n",
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 32\r\nContent-Type: text/plain\r\n\r\n"
                        + "missing Sec-WebSocket-Key header");
        expectResponse(server, "POST /call/9 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
        expectResponse(server, "GET /call/9 HTTP/1.0\r\nHost: x\r\n\r\n",
                "HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Length: 0\r\n\r\n");
        // Firefox's header and a capitalised Upgrade value are accepted (RFC 6455; the reference refuses them).
        try (RawHttp ff = new RawHttp(server.localAddress())) {
            ff.write(req + "Upgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertTrue(ff.readResponse().startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
        }
    }

    @Test
    void javaClientsRelayAndReadTheConfiguredIceServers() throws Exception {
        NotifyConfig custom = NotifyConfig.defaults().withIceServers(
                "[{\"urls\":\"turn:127.0.0.1:3478\",\"username\":\"u\",\"credential\":\"p\"}]");
        try (WebSocketServer s = NotifyServer.start(ServerConfig.loopback(), custom)) {
            BlockingQueue<NotifyEvent> ae = new LinkedBlockingQueue<>();
            BlockingQueue<NotifyEvent> be = new LinkedBlockingQueue<>();
            URI call = URI.create(s.baseUri() + "/call/42");
            NotifyClient a = NotifyClient.connect(call, ClientOptions.defaults(), ae::add).get(5, TimeUnit.SECONDS);
            JsonNode config = a.peerConnectionConfiguration().get(5, TimeUnit.SECONDS);
            assertEquals(Json.parse("{\"iceServers\":[{\"urls\":\"turn:127.0.0.1:3478\",\"username\":\"u\","
                    + "\"credential\":\"p\"}]}"), config);
            a.notify(Json.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}")).get(5, TimeUnit.SECONDS);
            a.peerConnectionConfiguration().get(5, TimeUnit.SECONDS);
            NotifyClient b = NotifyClient.connect(call, ClientOptions.defaults(), be::add).get(5, TimeUnit.SECONDS);
            assertEquals(new NotifyEvent.Notify(Json.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}")),
                    be.poll(5, TimeUnit.SECONDS));
            b.notify(null).get(5, TimeUnit.SECONDS);
            assertEquals(new NotifyEvent.Notify(com.fasterxml.jackson.databind.node.NullNode.getInstance()),
                    ae.poll(5, TimeUnit.SECONDS));
            b.abort();
            assertEquals(new NotifyEvent.Closed(CloseStatus.NO_STATUS, ""), ae.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void queueIsBounded() throws Exception {
        NotifyConfig small = new NotifyConfig(List.of(), List.of(), List.of(),
                NotifyConfig.defaults().iceServers(), 5);
        try (WebSocketServer s = NotifyServer.start(ServerConfig.loopback(), small);
             TextCollector a = TextCollector.connect(s.baseUri() + "/call/q")) {
            for (int i = 0; i < 6; i++) {
                a.send("{\"method\":\"NOTIFY\",\"data\":" + i + "}");
            }
            assertEquals(new CloseStatus(1008, "Too many queued messages"), a.awaitClose());
        }
    }

    private static void expectResponse(WebSocketServer s, String request, String response) throws Exception {
        try (RawHttp raw = new RawHttp(s.localAddress())) {
            raw.write(request);
            assertEquals(response, raw.readResponse());
            assertTrue(raw.closedByServer());
        }
    }
}
