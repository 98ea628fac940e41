package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.dtls.DtlsRole;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.interop.browser.MessagePattern;
import dev.robusta.interop.browser.PeerPage;
import dev.robusta.peer.RTCConfiguration;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCIceCandidate;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import dev.robusta.peer.RTCPeerConnectionState;
import dev.robusta.peer.RTCSdpType;
import dev.robusta.peer.RTCSessionDescription;
import dev.robusta.peer.RTCStats;
import dev.robusta.peer.RTCStatsReport;
import dev.robusta.peer.RTCStatsType;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelState;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our RTCPeerConnection against headless Chromium's, with data channels. One browser runs the whole class (the
 * harness page hosts one browser connection per scenario); SDP and candidates travel over the page's WebSocket on
 * 127.0.0.1. Each scenario: a negotiated channel and an in-band channel from each side open; 1,000 text and 1,000
 * binary messages each way arrive intact and in order; one big message each way arrives whole (as big as the
 * receiver's advertised a=max-message-size allows, up to 1 MiB); each side closes a channel and the other sees it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChromiumDataChannelTest {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumDataChannelTest.class);
    private static final RTCConfiguration LOOPBACK = RTCConfiguration.defaults()
            .withIce(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final int BULK = 1000;
    private static final int ONE_MIB = 1 << 20;
    private static final int NEGOTIATED_ID = 7;

    private static PeerPage page;
    private static EventLoopGroup group;

    @BeforeAll
    static void openBrowser() throws Exception {
        group = new NioEventLoopGroup(1);
        page = PeerPage.open(Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (page != null) {
            page.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "browser offers: {0}, trickle: {1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void dataChannelsWithChromium(boolean browserOffers, boolean trickle) throws Exception {
        String name = (browserOffers ? "browser-offers" : "java-offers") + (trickle ? "-trickle" : "-full");
        long start = System.nanoTime();
        JavaEnd java = new JavaEnd(name, trickle);
        try {
            java.connect(browserOffers);

            // In-band channel from the answerer too (DCEP the other way, the other stream-id parity).
            String answererChannel = "inband-a";
            if (browserOffers) {
                java.createChannel(answererChannel, DataChannelInit.defaults());
                page.awaitEvent("datachannel", name, answererChannel, STEP);
            } else {
                call("createChannel", Map.of("pc", name, "label", answererChannel, "negotiated", false));
                java.awaitRemoteChannel(answererChannel);
            }
            for (String label : List.of("neg", "inband-o", answererChannel)) {
                page.awaitEvent("open", name, label, STEP);
                java.probe(label).opened.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(DataChannelState.OPEN, java.channel(label).readyState(), label);
            }
            JsonNode negStatus = call("channelStatus", Map.of("pc", name, "label", "neg"));
            assertEquals(NEGOTIATED_ID, negStatus.get("id").asInt());
            assertEquals(NEGOTIATED_ID, java.channel("neg").id());
            // RFC 8832 6: the DTLS client uses even stream ids, the server odd; both sides agree on each id.
            boolean javaIsDtlsClient = java.pc.dtls().role() == DtlsRole.CLIENT;
            for (String label : List.of("inband-o", answererChannel)) {
                int id = java.channel(label).id();
                assertEquals(id, call("channelStatus", Map.of("pc", name, "label", label)).get("id").asInt(), label);
                boolean javaCreated = label.equals("inband-o") != browserOffers;
                assertEquals(javaCreated == javaIsDtlsClient, id % 2 == 0, label + " has id " + id);
            }

            // 1,000 text and 1,000 binary messages each way, interleaved, on the offerer's in-band channel.
            String bulk = "inband-o";
            CompletableFuture<Void> javaGotBulk = java.probe(bulk).expectBulk(BULK);
            call("expectBulk", Map.of("pc", name, "label", bulk, "count", BULK));
            CompletableFuture<JsonNode> browserSent = page.call("sendBulk", Map.of("pc", name, "label", bulk,
                    "count", BULK));
            ChannelProbe.sendBulk(java.channel(bulk), BULK);
            JsonNode browserGot = page.awaitEvent("bulk", name, bulk, STEP);
            browserSent.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            javaGotBulk.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(0, browserGot.get("errors").size(), "browser: " + browserGot);
            assertEquals(BULK, browserGot.get("text").asInt());
            assertEquals(BULK, browserGot.get("binary").asInt());
            assertEquals(List.of(), java.probe(bulk).errors());
            assertEquals(BULK, java.probe(bulk).text());
            assertEquals(BULK, java.probe(bulk).binary());

            // One big message each way on the negotiated channel, as big as each receiver accepts (up to 1 MiB).
            JsonNode info = call("info", Map.of("pc", name));
            int browserCanSend = Math.min(ONE_MIB, info.get("maxMessageSize").asInt());
            int javaCanSend = java.pc.sctp().maxMessageSize();
            LOG.info("{}: Chromium may send {} bytes, we may send {} bytes", name, info.get("maxMessageSize"),
                    javaCanSend);
            assertTrue(browserCanSend >= 256 * 1024, "Chromium's limit: " + info);
            call("sendBig", Map.of("pc", name, "label", "neg", "size", browserCanSend));
            int javaBig = Math.min(ONE_MIB, javaCanSend);
            if (javaBig < ONE_MIB) {
                // What Chromium advertised is respected: a larger message is refused, clearly, and nothing is sent.
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> java.channel("neg").send(MessagePattern.big(ONE_MIB)));
                assertTrue(e.getMessage().contains("maximum message size"), e.getMessage());
            }
            java.channel("neg").send(MessagePattern.big(javaBig));
            assertEquals(browserCanSend, java.probe("neg").bigReceived.get(STEP.toMillis(), TimeUnit.MILLISECONDS));
            JsonNode big = page.awaitEvent("big", name, "neg", STEP);
            assertEquals(javaBig, big.get("size").asInt());
            assertTrue(big.get("ok").asBoolean(), big.toString());

            checkStats(java, name, browserOffers, javaIsDtlsClient, answererChannel, browserCanSend, javaBig);

            // Each side closes a channel; the other sees it close.
            java.channel(bulk).close();
            page.awaitEvent("close", name, bulk, STEP);
            java.probe(bulk).closed.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            call("closeChannel", Map.of("pc", name, "label", "neg"));
            java.probe("neg").closed.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(DataChannelState.CLOSED, java.channel("neg").readyState());
            page.awaitEvent("close", name, "neg", STEP);
            // The third channel still works after the others closed.
            assertEquals(DataChannelState.OPEN, java.channel(answererChannel).readyState());
            assertEquals(2L, java.pc.getStats().get(STEP.toMillis(), TimeUnit.MILLISECONDS)
                    .only(RTCStatsType.PEER_CONNECTION).getLong("dataChannelsClosed"));
            // Chromium caches its stats report for a moment: ask again until the closes show.
            JsonNode browserPc = null;
            for (long end = System.nanoTime() + STEP.toNanos(); System.nanoTime() < end; Thread.sleep(20)) {
                for (JsonNode st : call("stats", Map.of("pc", name))) {
                    if ("peer-connection".equals(st.path("type").asText())) {
                        browserPc = st;
                    }
                }
                if (browserPc != null && browserPc.path("dataChannelsClosed").asInt() >= 2) {
                    break;
                }
            }
            assertTrue(browserPc != null, "no peer-connection stats from Chromium");
            assertEquals(3, browserPc.path("dataChannelsOpened").asInt(), browserPc.toString());
            assertEquals(2, browserPc.path("dataChannelsClosed").asInt(), browserPc.toString());

            assertEquals("connected", call("info", Map.of("pc", name)).get("connectionState").asText());
            assertEquals(RTCPeerConnectionState.CONNECTED, java.pc.connectionState());
        } catch (Exception | AssertionError e) {
            throw new AssertionError(name + " failed: " + e + "\n" + describe(name, java), e);
        } finally {
            java.close();
            page.call("closePc", Map.of("pc", name));
            LOG.info("{}: {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /** Both sides' states and Chromium's candidate pairs, for a failure message. */
    private static String describe(String name, JavaEnd java) {
        StringBuilder b = new StringBuilder();
        if (java != null) {
            RTCPeerConnection pc = java.pc;
            b.append("ours: ").append(pc).append(", ice ").append(pc.iceConnectionState())
                    .append(", dtls ").append(pc.dtls() == null ? "none" : pc.dtls().state())
                    .append(", sctp ").append(pc.sctp() == null ? "none" : pc.sctp().association().state())
                    .append(", channels ").append(java.channels.values()).append("\n  local: ")
                    .append(pc.localDescription() == null ? null : pc.localDescription().sdp().replace("\r\n", " | "))
                    .append("\n  remote: ")
                    .append(pc.remoteDescription() == null ? null : pc.remoteDescription().sdp().replace("\r\n", " | "));
        }
        try {
            b.append("\nChromium: ").append(call("info", Map.of("pc", name)));
            for (JsonNode s : call("stats", Map.of("pc", name))) {
                String type = s.path("type").asText();
                if (type.equals("candidate-pair") || type.endsWith("candidate") || type.equals("transport")
                        || type.equals("data-channel")) {
                    b.append("\n  ").append(s);
                }
            }
        } catch (Exception | AssertionError e) {
            b.append("\n(no Chromium state: ").append(e).append(')');
        }
        return b.toString();
    }

    /**
     * Chromium's offer with its certificate fingerprint altered: our DTLS handshake refuses Chromium's certificate,
     * the connection reaches failed in bounded time with an error that says why, and close frees its socket.
     */
    @Test
    void wrongFingerprintFailsAndFreesResources() throws Exception {
        String name = "wrong-fingerprint";
        call("create", Map.of("pc", name, "trickle", false));
        call("createChannel", Map.of("pc", name, "label", "x", "negotiated", false));
        String offer = call("createOffer", Map.of("pc", name)).asText();
        String altered = alterFingerprint(offer);
        CompletableFuture<RTCPeerConnectionState> failed = new CompletableFuture<>();
        RTCPeerConnection pc = new RTCPeerConnection(LOOPBACK, group, null);
        int port;
        try {
            pc.addListener(new RTCPeerConnectionListener() {
                @Override
                public void onConnectionStateChange(RTCPeerConnectionState state) {
                    if (state == RTCPeerConnectionState.FAILED) {
                        failed.complete(state);
                    }
                }
            });
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, altered)).get();
            pc.setLocalDescription().get();
            awaitGathered(pc);
            call("setAnswer", Map.of("pc", name, "sdp", pc.localDescription().sdp()));
            long start = System.nanoTime();
            failed.get(15, TimeUnit.SECONDS);
            LOG.info("{}: failed after {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            Throwable cause = assertThrows(Exception.class,
                    () -> pc.dtls().connected().get(1, TimeUnit.SECONDS)).getCause();
            assertTrue(String.valueOf(cause.getMessage()).toLowerCase().contains("fingerprint"), String.valueOf(cause));
            port = pc.iceTransport().localCandidates().get(0).address().getPort();
        } finally {
            pc.close();
            page.call("closePc", Map.of("pc", name));
        }
        assertEquals(RTCPeerConnectionState.CLOSED, pc.connectionState());
        // The connection's UDP socket is free again.
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertEquals(port, s.getLocalPort());
        }
    }

    /**
     * Both getStats agree with what crossed and with each other: Chromium's data-channel stats count the
     * messages and bytes each side sent on each channel, ours mirror them (sent there is received here), and both
     * transports say DTLS 1.2, connected, with opposite DTLS and ICE roles.
     */
    private static void checkStats(JavaEnd java, String name, boolean browserOffers, boolean javaIsDtlsClient,
                                          String answererChannel, int browserBig, int javaBig)
            throws Exception {
        JsonNode stats = call("stats", Map.of("pc", name));
        Map<String, JsonNode> channels = new HashMap<>();
        JsonNode transport = null;
        for (JsonNode s : stats) {
            if ("data-channel".equals(s.path("type").asText())) {
                channels.put(s.path("label").asText(), s);
            } else if ("transport".equals(s.path("type").asText())) {
                transport = s;
            }
        }
        LOG.debug("{}: Chromium's stats: {}", name, stats);
        long bulkBytes = ChannelProbe.bulkBytes("inband-o", BULK);
        assertCounts(channels.get("inband-o"), 2 * BULK, 2 * BULK, bulkBytes, bulkBytes);
        assertCounts(channels.get("neg"), 1, 1, browserBig, javaBig);
        assertCounts(channels.get(answererChannel), 0, 0, 0, 0);

        // Ours agree: what one side counts as sent, the other counts as received, channel by channel.
        RTCStatsReport ours = java.pc.getStats().get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, RTCStats> ourChannels = new HashMap<>();
        for (RTCStats c : ours.ofType(RTCStatsType.DATA_CHANNEL)) {
            ourChannels.put(c.getString("label"), c);
        }
        assertEquals(channels.keySet(), ourChannels.keySet());
        for (Map.Entry<String, JsonNode> e : channels.entrySet()) {
            JsonNode theirs = e.getValue();
            RTCStats mine = ourChannels.get(e.getKey());
            String what = e.getKey() + ": ours " + mine + ", Chromium's " + theirs;
            assertEquals(theirs.path("dataChannelIdentifier").asLong(), mine.getLong("dataChannelIdentifier"), what);
            assertEquals(theirs.path("messagesSent").asLong(), mine.getLong("messagesReceived"), what);
            assertEquals(theirs.path("messagesReceived").asLong(), mine.getLong("messagesSent"), what);
            assertEquals(theirs.path("bytesSent").asLong(), mine.getLong("bytesReceived"), what);
            assertEquals(theirs.path("bytesReceived").asLong(), mine.getLong("bytesSent"), what);
            assertEquals(theirs.path("state").asText(), mine.getString("state"), what);
        }
        RTCStats ourTransport = ours.only(RTCStatsType.TRANSPORT);
        assertEquals("connected", ourTransport.getString("dtlsState"));
        assertEquals("FEFD", ourTransport.getString("tlsVersion"));
        assertEquals(javaIsDtlsClient ? "client" : "server", ourTransport.getString("dtlsRole"));
        assertEquals(browserOffers ? "controlled" : "controlling", ourTransport.getString("iceRole"));
        assertEquals(3L, ours.only(RTCStatsType.PEER_CONNECTION).getLong("dataChannelsOpened"));
        assertTrue(transport != null, "no transport stats: " + stats);
        assertEquals("connected", transport.path("dtlsState").asText(), transport.toString());
        assertEquals(javaIsDtlsClient ? "server" : "client", transport.path("dtlsRole").asText());
        assertEquals("FEFD", transport.path("tlsVersion").asText(), "DTLS 1.2: " + transport);
        assertTrue(transport.path("dtlsCipher").asText().startsWith("TLS_ECDHE_ECDSA_WITH_"), transport.toString());
        // RFC 8445 6.1.1: the offerer (a full agent, as both are) is controlling.
        assertEquals(browserOffers ? "controlling" : "controlled", transport.path("iceRole").asText());
    }

    private static void assertCounts(JsonNode channel, long sent, long received, long bytesSent,
                                     long bytesReceived) {
        assertTrue(channel != null, "no data-channel stats");
        String what = channel.toString();
        assertEquals(sent, channel.path("messagesSent").asLong(), what);
        assertEquals(received, channel.path("messagesReceived").asLong(), what);
        assertEquals(bytesSent, channel.path("bytesSent").asLong(), what);
        assertEquals(bytesReceived, channel.path("bytesReceived").asLong(), what);
    }

    /** Flips one hex digit of every a=fingerprint value. */
    private static String alterFingerprint(String sdp) {
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=fingerprint:")) {
                int colon = line.indexOf(' ') + 1;
                char c = line.charAt(colon);
                line = line.substring(0, colon) + (c == '0' ? '1' : '0') + line.substring(colon + 1);
            }
            out.append(line).append("\r\n");
        }
        assertTrue(!out.toString().equals(sdp), "no fingerprint to alter in " + sdp);
        return out.toString();
    }

    private static JsonNode call(String op, Map<String, ?> fields) throws Exception {
        return page.callAndWait(op, fields, STEP);
    }

    private static void awaitGathered(RTCPeerConnection pc) throws InterruptedException {
        long end = System.nanoTime() + STEP.toNanos();
        while (pc.iceGatheringState() != IceGatheringState.COMPLETE) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gathering did not complete within " + STEP);
            }
            Thread.sleep(5);
        }
    }

    /** Our side of one scenario: the connection, its channels and probes, and the signalling relay. */
    private static final class JavaEnd implements AutoCloseable, RTCPeerConnectionListener {
        final String name;
        final boolean trickle;
        final RTCPeerConnection pc = new RTCPeerConnection(LOOPBACK, group, null);
        private final Map<String, RTCDataChannel> channels = new ConcurrentHashMap<>();
        private final Map<String, ChannelProbe> probes = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<RTCDataChannel>> remoteChannels = new ConcurrentHashMap<>();
        /** Our candidates wait here until the page has our description. */
        private final Held<RTCIceCandidate> toBrowser = new Held<>();
        /** The page's candidates wait here until we have its description. */
        private final Held<JsonNode> fromBrowser = new Held<>();

        JavaEnd(String name, boolean trickle) throws Exception {
            this.name = name;
            this.trickle = trickle;
            pc.addListener(this);
            call("create", Map.of("pc", name, "trickle", trickle));
            page.onEvent(e -> {
                if ("candidate".equals(e.path("ev").asText()) && name.equals(e.path("pc").asText())) {
                    fromBrowser.offer(e);
                }
            });
        }

        /** Both sides create the negotiated channel and the offerer an in-band one; offer/answer; channels open. */
        void connect(boolean browserOffers) throws Exception {
            createChannel("neg", DataChannelInit.defaults().withNegotiatedId(NEGOTIATED_ID));
            call("createChannel", Map.of("pc", name, "label", "neg", "negotiated", true, "streamId", NEGOTIATED_ID));
            if (browserOffers) {
                call("createChannel", Map.of("pc", name, "label", "inband-o", "negotiated", false));
                String offer = call("createOffer", Map.of("pc", name)).asText();
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer)).get();
                fromBrowser.release(this::addBrowserCandidate);
                pc.setLocalDescription().get();
                call("setAnswer", Map.of("pc", name, "sdp", localSdp()));
                toBrowser.release(this::sendCandidate);
                awaitRemoteChannel("inband-o");
            } else {
                createChannel("inband-o", DataChannelInit.defaults());
                pc.setLocalDescription().get();
                String answer = call("answerOffer", Map.of("pc", name, "sdp", localSdp())).asText();
                toBrowser.release(this::sendCandidate);
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answer)).get();
                fromBrowser.release(this::addBrowserCandidate);
            }
        }

        private String localSdp() throws InterruptedException {
            if (!trickle) {
                awaitGathered(pc);
            }
            return pc.localDescription().sdp();
        }

        RTCDataChannel createChannel(String label, DataChannelInit init) {
            RTCDataChannel c = pc.createDataChannel(label, init);
            ChannelProbe p = new ChannelProbe(label);
            c.setListener(p);
            probes.put(label, p);
            channels.put(label, c);
            return c;
        }

        void awaitRemoteChannel(String label) throws Exception {
            remoteChannels.computeIfAbsent(label, k -> new CompletableFuture<>())
                    .get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        }

        RTCDataChannel channel(String label) {
            RTCDataChannel c = channels.get(label);
            if (c == null) {
                throw new AssertionError("no channel " + label + " on our side");
            }
            return c;
        }

        ChannelProbe probe(String label) {
            ChannelProbe p = probes.get(label);
            if (p == null) {
                throw new AssertionError("no channel " + label + " on our side");
            }
            return p;
        }

        @Override
        public void onDataChannel(RTCDataChannel c) {
            ChannelProbe p = new ChannelProbe(c.label());
            c.setListener(p);
            if (c.readyState() == DataChannelState.OPEN) {
                p.opened.complete(null);
            }
            probes.put(c.label(), p);
            channels.put(c.label(), c);
            remoteChannels.computeIfAbsent(c.label(), k -> new CompletableFuture<>()).complete(c);
        }

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            if (trickle) {
                toBrowser.offer(candidate);
            }
        }

        private void sendCandidate(RTCIceCandidate c) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("pc", name);
            fields.put("candidate", c.isEndOfCandidates() ? null : c.candidate());
            fields.put("sdpMid", c.sdpMid());
            page.call("addCandidate", fields).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.warn("{}: Chromium refused our candidate {}: {}", name, c, e.getMessage());
                }
            });
        }

        private void addBrowserCandidate(JsonNode e) {
            JsonNode c = e.get("candidate");
            RTCIceCandidate candidate = c == null || c.isNull()
                    ? RTCIceCandidate.endOfCandidates(e.path("sdpMid").asText(null))
                    : new RTCIceCandidate(c.asText(), e.path("sdpMid").asText(null), null, null);
            pc.addIceCandidate(candidate).whenComplete((v, x) -> {
                if (x != null) {
                    LOG.warn("{}: we refused Chromium's candidate {}: {}", name, candidate, x.getMessage());
                }
            });
        }

        @Override
        public void close() {
            pc.close();
        }
    }

    /** Items held until {@link #release} and passed on in order after it. */
    private static final class Held<T> {
        private final List<T> held = new ArrayList<>();
        private Consumer<T> sink;

        synchronized void offer(T item) {
            if (sink == null) {
                held.add(item);
            } else {
                sink.accept(item);
            }
        }

        synchronized void release(Consumer<T> to) {
            sink = to;
            held.forEach(to);
            held.clear();
        }
    }
}
