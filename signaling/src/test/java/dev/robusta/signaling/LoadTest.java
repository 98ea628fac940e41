package dev.robusta.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.WebSocketClient;
import dev.robusta.signaling.gstreamer.GstEvent;
import dev.robusta.signaling.gstreamer.GstSignallingClient;
import dev.robusta.signaling.gstreamer.GstSignallingServer;
import dev.robusta.signaling.hyperpeer.HyperpeerServer;
import dev.robusta.signaling.hyperpeer.PeerVerifier;
import dev.robusta.signaling.json.Json;
import dev.robusta.signaling.server.WebSocketServer;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 2,000 concurrent clients on one server, each pairing (or in a session) and exchanging messages over loopback;
 * every message must reach exactly its partner, in order, none lost. Bounded: fixed counts, fixed deadlines.
 */
class LoadTest {
    private static final int CLIENTS = 2000;
    private static final int MESSAGES_EACH = 20;
    private static final long DEADLINE_S = 60;

    /** One client's view: what it got, checked against what its partner sent. */
    private static final class Peer implements WebSocketClient.Listener {
        final String name;
        final ConcurrentLinkedQueue<String> control = new ConcurrentLinkedQueue<>();
        final List<Integer> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger misrouted = new AtomicInteger();
        volatile String partner;
        final CompletableFuture<Void> allReceived = new CompletableFuture<>();
        final CompletableFuture<String> firstControl = new CompletableFuture<>();
        WebSocketClient ws;

        Peer(String name) {
            this.name = name;
        }

        @Override
        public void onText(String text) {
            if (text.startsWith("{\"type\":\"m\"")) {
                try {
                    JsonNode m = Json.parse(text);
                    if (!m.path("from").asText().equals(partner) || !m.path("to").asText().equals(name)) {
                        misrouted.incrementAndGet();
                    }
                    seqs.add(m.path("seq").asInt());
                    if (seqs.size() == MESSAGES_EACH) {
                        allReceived.complete(null);
                    }
                } catch (Exception e) {
                    misrouted.incrementAndGet();
                }
            } else {
                control.add(text);
                firstControl.complete(text);
            }
        }
    }

    @Test
    void twoThousandHyperpeerClientsPairAndRelayWithoutLossOrMisrouting() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try (WebSocketServer server = HyperpeerServer.start(ServerConfig.builder(
                new java.net.InetSocketAddress("127.0.0.1", 0)).ioThreads(2).build(), PeerVerifier.ACCEPT_ALL)) {
            ClientOptions options = ClientOptions.defaults().withEventLoopGroup(group);
            int pairs = CLIENTS / 2;
            List<Peer> listeners = new ArrayList<>();
            List<Peer> callers = new ArrayList<>();
            List<CompletableFuture<WebSocketClient>> connecting = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                Peer l = new Peer("L" + i);
                Peer c = new Peer("C" + i);
                l.partner = c.name;
                c.partner = l.name;
                listeners.add(l);
                callers.add(c);
                connecting.add(WebSocketClient.connect(URI.create(server.baseUri() + "/server/" + l.name), options, l)
                        .thenApply(ws -> l.ws = ws));
                connecting.add(WebSocketClient.connect(URI.create(server.baseUri() + "/browser/" + c.name), options, c)
                        .thenApply(ws -> c.ws = ws));
                if (i % 100 == 99) {
                    CompletableFuture.allOf(connecting.toArray(new CompletableFuture[0])).get(DEADLINE_S,
                            TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(connecting.toArray(new CompletableFuture[0])).get(DEADLINE_S, TimeUnit.SECONDS);
            assertEquals(CLIENTS, server.connectionCount());
            // ready, then a relay attempt whose ERR_BAD_STATE answer proves the ready was handled.
            for (Peer l : listeners) {
                l.ws.send("{\"type\":\"ready\"}");
                l.ws.send("{\"type\":\"probe\"}");
            }
            for (Peer l : listeners) {
                assertTrue(l.firstControl.get(DEADLINE_S, TimeUnit.SECONDS).contains("ERR_BAD_STATE"));
            }
            for (Peer c : callers) {
                c.ws.send("{\"type\":\"pair\",\"remotePeerId\":\"" + c.partner + "\"}");
            }
            for (Peer c : callers) {
                assertEquals("{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"" + c.partner + "\"}",
                        c.firstControl.get(DEADLINE_S, TimeUnit.SECONDS));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
            for (Peer l : listeners) {
                while (l.control.size() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals("{\"type\":\"status\",\"status\":\"paired\",\"remotePeerId\":\"" + l.partner + "\"}",
                        new ArrayList<>(l.control).get(1));
            }
            List<Peer> all = new ArrayList<>(listeners);
            all.addAll(callers);
            for (int k = 0; k < MESSAGES_EACH; k++) {
                for (Peer p : all) {
                    p.ws.send("{\"type\":\"m\",\"from\":\"" + p.name + "\",\"to\":\"" + p.partner + "\",\"seq\":" + k
                            + ",\"sdp\":\"v=0\\r\\no=- 0 0 IN IP4 127.0.0.1\\r\\n\"}");
                }
                Thread.sleep(20); // 2,000 clients x 50 msg/s, within the per-client rate limit
            }
            for (Peer p : all) {
                p.allReceived.get(DEADLINE_S, TimeUnit.SECONDS);
            }
            List<Integer> expected = new ArrayList<>();
            for (int k = 0; k < MESSAGES_EACH; k++) {
                expected.add(k);
            }
            int misrouted = 0;
            for (Peer p : all) {
                misrouted += p.misrouted.get();
                assertEquals(expected, p.seqs, p.name + " lost or reordered messages");
            }
            assertEquals(0, misrouted);
            assertEquals(0, server.limitClosures());
            for (Peer p : all) {
                p.ws.abort();
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.connectionCount() > 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertEquals(0, server.connectionCount());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void oneThousandGstreamerConsumersInSessionsWithTwentyProducers() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try (WebSocketServer server = GstSignallingServer.start(ServerConfig.builder(
                new java.net.InetSocketAddress("127.0.0.1", 0)).ioThreads(2).rateLimit(0, 1).build(), false)) {
            ClientOptions options = ClientOptions.defaults().withEventLoopGroup(group);
            URI uri = URI.create(server.baseUri());
            int producers = 20;
            int consumers = 1000;
            List<GstSignallingClient> ps = new ArrayList<>();
            java.util.Map<String, String> offeredTo = new java.util.concurrent.ConcurrentHashMap<>();
            for (int i = 0; i < producers; i++) {
                GstSignallingClient[] self = new GstSignallingClient[1];
                CompletableFuture<GstSignallingClient> f = GstSignallingClient.connect(uri, true, options, e -> {
                    if (e instanceof GstEvent.StartSession s) {
                        // The producer offers, naming the consumer in the SDP so the consumer can check routing.
                        offeredTo.put(s.sessionId(), s.peerId());
                        self[0].sendSdp(s.sessionId(), "offer", "v=0\r\ns=" + s.peerId());
                    }
                });
                self[0] = f.get(10, TimeUnit.SECONDS);
                self[0].setPeerStatus(List.of("producer"), Json.object().put("i", i));
                ps.add(self[0]);
            }
            GstSignallingClient checker = GstSignallingClient.connect(uri, false, options, e -> { })
                    .get(10, TimeUnit.SECONDS);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (checker.list().get(10, TimeUnit.SECONDS).size() < producers && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            AtomicInteger wrong = new AtomicInteger();
            List<CompletableFuture<Void>> offers = new ArrayList<>();
            List<GstSignallingClient> cs = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                CompletableFuture<Void> gotOffer = new CompletableFuture<>();
                String[] me = new String[1];
                GstSignallingClient c = GstSignallingClient.connect(uri, false, options, e -> {
                    if (e instanceof GstEvent.Sdp sdp) {
                        if (!sdp.sdp().equals("v=0\r\ns=" + me[0])) {
                            wrong.incrementAndGet();
                        }
                        gotOffer.complete(null);
                    }
                }).get(10, TimeUnit.SECONDS);
                me[0] = c.peerId();
                cs.add(c);
                offers.add(gotOffer);
                c.startSession(ps.get(i % producers).peerId(), null);
            }
            CompletableFuture.allOf(offers.toArray(new CompletableFuture[0])).get(DEADLINE_S, TimeUnit.SECONDS);
            assertEquals(0, wrong.get());
            assertEquals(consumers, offeredTo.size());
            cs.forEach(GstSignallingClient::abort);
            ps.forEach(GstSignallingClient::abort);
            checker.abort();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
