package dev.robusta.signaling.gstreamer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.TextCollector;
import dev.robusta.signaling.client.ClientOptions;
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

/** A real GStreamer signalling server on loopback against the Java client and raw connections. */
class GstSignallingServerTest {
    private WebSocketServer server;
    private URI uri;

    @BeforeEach
    void start() {
        server = GstSignallingServer.start(ServerConfig.loopback(), false);
        uri = URI.create(server.baseUri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private GstSignallingClient client(boolean v11, BlockingQueue<GstEvent> events) throws Exception {
        return GstSignallingClient.connect(uri, v11, ClientOptions.defaults(), events::add).get(5, TimeUnit.SECONDS);
    }

    @Test
    void producerListenerAndTwoConsumersThroughTheJavaClient() throws Exception {
        BlockingQueue<GstEvent> le = new LinkedBlockingQueue<>();
        BlockingQueue<GstEvent> pe = new LinkedBlockingQueue<>();
        BlockingQueue<GstEvent> c1e = new LinkedBlockingQueue<>();
        BlockingQueue<GstEvent> c2e = new LinkedBlockingQueue<>();
        try (GstSignallingClient listener = client(false, le);
             GstSignallingClient producer = client(true, pe);
             GstSignallingClient c1 = client(false, c1e);
             GstSignallingClient c2 = client(true, c2e)) {
            assertEquals(36, producer.peerId().length());
            listener.setPeerStatus(List.of("listener"), null);
            assertEquals(listener.peerId(), next(le, GstEvent.PeerStatusChanged.class).peerId());
            ObjectNode meta = Json.object().put("name", "cam-1");
            producer.setPeerStatus(List.of("producer"), meta);
            GstEvent.PeerStatusChanged seen = next(le, GstEvent.PeerStatusChanged.class);
            assertEquals(new GstEvent.PeerStatusChanged(producer.peerId(), List.of("producer"), meta), seen);
            assertEquals(List.of(new GstSignallingClient.PeerEntry(producer.peerId(), meta)),
                    listener.list().get(5, TimeUnit.SECONDS));
            assertEquals(List.of(), listener.listConsumers().get(5, TimeUnit.SECONDS));

            String s1 = c1.startSession(producer.peerId(), null).get(5, TimeUnit.SECONDS);
            assertEquals(new GstEvent.StartSession(c1.peerId(), s1, null), next(pe, GstEvent.StartSession.class));
            String s2 = c2.startSession(producer.peerId(), "v=0\r\nconsumer-offer").get(5, TimeUnit.SECONDS);
            assertEquals(new GstEvent.StartSession(c2.peerId(), s2, "v=0\r\nconsumer-offer"),
                    next(pe, GstEvent.StartSession.class));
            producer.sendSdp(s1, "offer", "v=0\r\nproducer-offer");
            assertEquals(new GstEvent.Sdp(s1, "offer", "v=0\r\nproducer-offer"), next(c1e, GstEvent.Sdp.class));
            producer.sendSdp(s2, "answer", "v=0\r\nproducer-answer");
            assertEquals(new GstEvent.Sdp(s2, "answer", "v=0\r\nproducer-answer"), next(c2e, GstEvent.Sdp.class));
            c1.sendIce(s1, "candidate:1 1 UDP 1 192.0.2.1 4000 typ host", 0);
            assertEquals(new GstEvent.Ice(s1, "candidate:1 1 UDP 1 192.0.2.1 4000 typ host", 0),
                    next(pe, GstEvent.Ice.class));
            // A consumer may not offer in a peer message.
            c1.sendSdp(s1, "offer", "x");
            assertTrue(next(c1e, GstEvent.Error.class).details().startsWith("cannot forward offer from"));
            // Errors of startSession fail the future with the server's text.
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> c1.startSession("nobody", null).get(5, TimeUnit.SECONDS));
            assertEquals("Peer with ID 'nobody' not found", e.getCause().getMessage());
            ExecutionException e2 = assertThrows(ExecutionException.class,
                    () -> c1.startSession(listener.peerId(), null).get(5, TimeUnit.SECONDS));
            assertTrue(e2.getCause().getMessage().startsWith("Missing a producer or a consumer: id " + c1.peerId()));
            // v1_1 producer ends s2 with an error: the v1_1 consumer gets it; the v1_0 one gets plain endSession.
            producer.endSession(s2, "encoder gone");
            assertEquals(new GstEvent.EndSession(s2, "encoder gone"), next(c2e, GstEvent.EndSession.class));
            producer.abort();
            assertEquals(new GstEvent.EndSession(s1, null), next(c1e, GstEvent.EndSession.class));
            GstEvent.PeerStatusChanged gone = next(le, GstEvent.PeerStatusChanged.class);
            assertEquals(List.of(), gone.roles());
            assertEquals(producer.peerId(), gone.peerId());
        }
    }

    @Test
    void anyPathIsAcceptedAndWelcomeComesFirst() throws Exception {
        try (TextCollector t = TextCollector.connect(server.baseUri() + "/any/path?producer-peer-id=x")) {
            String welcome = t.next();
            assertTrue(welcome.matches("\\{\"type\":\"welcome\",\"peerId\":\"[0-9a-f-]{36}\"}"), welcome);
            // Unparseable input is dropped silently and the connection stays usable.
            t.send("{\"type\":\"nonsense\"}");
            t.send("garbage");
            t.send("{\"type\":\"list\"}");
            t.expect("{\"type\":\"list\",\"producers\":[]}");
        }
    }

    static <T extends GstEvent> T next(BlockingQueue<GstEvent> q, Class<T> type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            GstEvent e = q.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " event");
    }
}
