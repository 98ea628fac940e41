package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.dtls.DtlsRole;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceConnectionState;
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
import dev.robusta.peer.RTCSignalingState;
import dev.robusta.peer.RTCStats;
import dev.robusta.peer.RTCStatsReport;
import dev.robusta.peer.RTCStatsType;
import dev.robusta.peer.sdp.MediaDescription;
import dev.robusta.peer.sdp.SessionDescription;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelPriority;
import dev.robusta.sctp.DataChannelState;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
import org.junit.jupiter.params.provider.ValueSource;
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
        assertEquals(IceConnectionState.CLOSED, pc.iceTransport().state());
        assertFalse(pc.iceTransport().send(ByteBuffer.wrap(new byte[] {23})), "a closed transport sends nothing");
        // The connection's UDP socket is free again (once: another process may take a free port at any time).
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertEquals(port, s.getLocalPort());
        } catch (BindException e) {
            LOG.warn("{}: port {} is taken again; by us? {}", name, port, e.getMessage());
            throw e;
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

    /**
     * Chromium's offer has audio and video sections before the data channel's (mid 2): we answer them rejected
     * (port 0, outside BUNDLE), Chromium accepts that, and the data channels connect over the data section.
     */
    @Test
    void browserOfferWithAudioAndVideoConnectsItsDataChannels() throws Exception {
        String name = "media-offer";
        JavaEnd java = new JavaEnd(name, false, true);
        try {
            java.connect(true);
            java.awaitOpen("neg", "inband-o");
            SessionDescription answer = SessionDescription.parse(java.pc.localDescription().sdp());
            assertEquals(3, answer.media().size());
            assertEquals(0, answer.media().get(0).port());
            assertEquals(0, answer.media().get(1).port());
            MediaDescription data = answer.media().get(2);
            assertTrue(data.isDataChannel() && data.port() != 0, data.toString());
            assertEquals(List.of(data.mid()), answer.bundleMids());

            CompletableFuture<Void> javaGot = java.probe("inband-o").expectBulk(10);
            call("expectBulk", Map.of("pc", name, "label", "inband-o", "count", 10));
            call("sendBulk", Map.of("pc", name, "label", "inband-o", "count", 10));
            ChannelProbe.sendBulk(java.channel("inband-o"), 10);
            JsonNode browserGot = page.awaitEvent("bulk", name, "inband-o", STEP);
            javaGot.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(0, browserGot.get("errors").size(), browserGot.toString());
            assertEquals(List.of(), java.probe("inband-o").errors());
        } finally {
            java.close();
            page.call("closePc", Map.of("pc", name));
        }
    }

    /**
     * In-band channel options travel in DCEP both ways: unordered with a retransmission limit, unordered with a
     * lifetime, sub-protocols and priorities are what the other side's channel reports; a message crosses each.
     */
    @Test
    void channelOptionsTravelInDcepBothWays() throws Exception {
        String name = "options";
        JavaEnd java = new JavaEnd(name, true);
        try {
            java.connect(false);
            java.awaitOpen("neg", "inband-o");
            call("createChannel", Map.of("pc", name, "label", "from-browser", "negotiated", false,
                    "ordered", false, "maxRetransmits", 2, "protocol", "chat-v1"));
            RTCDataChannel fromBrowser = java.awaitRemoteChannel("from-browser");
            assertEquals(false, fromBrowser.ordered());
            assertEquals(2, fromBrowser.maxRetransmits());
            assertEquals(-1, fromBrowser.maxPacketLifeTime());
            assertEquals("chat-v1", fromBrowser.protocol());
            // Chromium 156 has no RTCDataChannelInit.priority: its DCEP OPEN carries 256, "low".
            assertEquals(DataChannelPriority.LOW, fromBrowser.priority());

            java.createChannel("from-java", DataChannelInit.defaults().withOrdered(false).withMaxPacketLifeTime(500)
                    .withProtocol("chat-v2").withPriority(DataChannelPriority.MEDIUM));
            java.awaitOpen("from-browser", "from-java");
            JsonNode info = call("channelInfo", Map.of("pc", name, "label", "from-java"));
            assertEquals(false, info.get("ordered").asBoolean(), info.toString());
            assertEquals(500, info.get("maxPacketLifeTime").asInt(), info.toString());
            assertTrue(info.get("maxRetransmits").isNull(), info.toString());
            assertEquals("chat-v2", info.get("protocol").asText(), info.toString());
            assertEquals(java.channel("from-java").id(), info.get("id").asInt());

            // One message each way (text 0 of a bulk run, which the probes accept as the first message).
            java.channel("from-java").send(MessagePattern.text("from-java", 0));
            call("sendText", Map.of("pc", name, "label", "from-browser", "text",
                    MessagePattern.text("from-browser", 0)));
            awaitTrue(() -> java.probe("from-browser").text() == 1, "the browser's message");
            awaitTrue(() -> call("channelStatus", Map.of("pc", name, "label", "from-java")).get("text").asInt() == 1,
                    "our message");
            assertEquals(List.of(), java.probe("from-browser").errors());
            assertEquals(0, call("channelStatus", Map.of("pc", name, "label", "from-java")).get("errors").size());
        } finally {
            java.close();
            page.call("closePc", Map.of("pc", name));
        }
    }

    /**
     * ICE restart started by either side, with trickle: the restart offer and its answer carry fresh credentials,
     * messages cross during and after it on the same channel, and both sides select a pair again (Chromium's and
     * our stats count a second selected pair; Chromium reports its new ufrag).
     */
    @ParameterizedTest(name = "browserRestarts={0}")
    @ValueSource(booleans = {true, false})
    void iceRestartByEitherSideKeepsTheChannel(boolean browserRestarts) throws Exception {
        String name = browserRestarts ? "browser-restarts" : "java-restarts";
        JavaEnd java = new JavaEnd(name, true);
        try {
            java.connect(!browserRestarts);
            java.awaitOpen("neg", "inband-o");
            String javaUfrag = ufrag(java.pc.localDescription().sdp());
            String browserUfrag = ufrag(java.pc.remoteDescription().sdp());

            java.holdCandidates(); // ordered signalling: new candidates follow the descriptions they belong to
            String browserSdp;
            if (browserRestarts) {
                browserSdp = call("restartOffer", Map.of("pc", name)).asText();
                java.pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, browserSdp)).get();
                java.releaseCandidatesFromBrowser();
                java.pc.setLocalDescription().get();
                sendText(java, name, 1);
                call("setAnswer", Map.of("pc", name, "sdp", java.pc.localDescription().sdp()));
                java.releaseCandidatesToBrowser();
            } else {
                java.pc.restartIce();
                java.pc.setLocalDescription().get();
                sendText(java, name, 1);
                browserSdp = call("answerOffer", Map.of("pc", name, "sdp", java.pc.localDescription().sdp()))
                        .asText();
                java.releaseCandidatesToBrowser();
                java.pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, browserSdp)).get();
                java.releaseCandidatesFromBrowser();
            }
            assertNotEquals(browserUfrag, ufrag(browserSdp), "Chromium's new description has a new ufrag");
            String newJavaUfrag = ufrag(java.pc.localDescription().sdp());
            assertNotEquals(javaUfrag, newJavaUfrag, "our new description has a new ufrag");
            assertEquals(RTCSignalingState.STABLE, java.pc.signalingState());

            awaitTrue(() -> transportOf(browserStats(name)).path("selectedCandidatePairChanges").asInt() >= 2
                    && java.pc.getStats().get().only(RTCStatsType.TRANSPORT)
                            .getLong("selectedCandidatePairChanges") >= 2, "a pair selected again on both sides");
            JsonNode browserTransport = transportOf(browserStats(name));
            assertEquals(ufrag(browserSdp), browserTransport.path("iceLocalUsernameFragment").asText(),
                    browserTransport.toString());
            assertEquals("connected", call("info", Map.of("pc", name)).get("connectionState").asText());
            assertEquals(RTCPeerConnectionState.CONNECTED, java.pc.connectionState());
            sendText(java, name, 2);
        } finally {
            java.close();
            page.call("closePc", Map.of("pc", name));
        }
    }

    /** Message {@code n} of a text run each way on "inband-o", and both arrive (the channel works now). */
    private static void sendText(JavaEnd java, String name, int n) throws Exception {
        java.channel("inband-o").send(MessagePattern.text("inband-o", n - 1));
        call("sendText", Map.of("pc", name, "label", "inband-o", "text", MessagePattern.text("inband-o", n - 1)));
        awaitTrue(() -> java.probe("inband-o").text() == n, "the browser's message " + n);
        awaitTrue(() -> call("channelStatus", Map.of("pc", name, "label", "inband-o")).get("text").asInt() == n,
                "our message " + n);
    }

    private static String ufrag(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().orElseThrow()
                .substring("a=ice-ufrag:".length()).trim();
    }

    private static JsonNode browserStats(String name) throws Exception {
        return call("stats", Map.of("pc", name));
    }

    private static JsonNode transportOf(JsonNode stats) {
        for (JsonNode s : stats) {
            if ("transport".equals(s.path("type").asText())) {
                return s;
            }
        }
        throw new AssertionError("no transport stats in " + stats);
    }

    /** When either side closes its whole connection, the other side's channels close, in bounded time. */
    @Test
    void closingEitherConnectionClosesTheOthersChannels() throws Exception {
        String name = "browser-closes";
        JavaEnd java = new JavaEnd(name, true);
        try {
            java.connect(true);
            java.awaitOpen("neg", "inband-o");
            long start = System.nanoTime();
            call("closePc", Map.of("pc", name));
            java.probe("neg").closed.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            java.probe("inband-o").closed.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("{}: our channels closed {} ms after Chromium closed", name,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertEquals(DataChannelState.CLOSED, java.channel("neg").readyState());
        } finally {
            java.close();
        }

        String name2 = "java-closes";
        JavaEnd java2 = new JavaEnd(name2, true);
        try {
            java2.connect(false);
            java2.awaitOpen("neg", "inband-o");
            long start = System.nanoTime();
            java2.close();
            assertEquals(RTCPeerConnectionState.CLOSED, java2.pc.connectionState());
            page.awaitEvent("close", name2, "neg", STEP);
            page.awaitEvent("close", name2, "inband-o", STEP);
            LOG.info("{}: Chromium's channels closed {} ms after we closed", name2,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            page.call("closePc", Map.of("pc", name2));
        }
    }

    /**
     * 64 KiB messages both ways at once, 4 MiB each way: every message arrives, in order, whole. Logs the rates
     * (a correctness test under load; speed is for the benchmarks).
     */
    @Test
    void streamsOf64KiBMessagesBothWaysAtOnce() throws Exception {
        String name = "streams";
        int count = 64;
        int size = 64 * 1024;
        JavaEnd java = new JavaEnd(name, true);
        try {
            java.connect(false);
            java.awaitOpen("neg", "inband-o");
            CompletableFuture<ChannelProbe.StreamResult> javaGot = java.probe("inband-o").expectStream(count, size);
            call("expectStream", Map.of("pc", name, "label", "inband-o", "count", count, "size", size));
            CompletableFuture<JsonNode> browserSent = page.call("sendStream", Map.of("pc", name, "label", "inband-o",
                    "count", count, "size", size));
            ChannelProbe.sendStream(java.channel("inband-o"), count, size);
            Duration limit = Duration.ofSeconds(60);
            JsonNode browserGot = page.awaitEvent("stream", name, "inband-o", limit);
            ChannelProbe.StreamResult got = javaGot.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            browserSent.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(count, browserGot.get("count").asInt());
            assertEquals((long) count * size, browserGot.get("bytes").asLong());
            assertEquals(0, browserGot.get("errors").asInt(), browserGot.toString());
            assertEquals(count, got.count());
            assertEquals(0, got.errors());
            LOG.info("{}: Java -> Chromium {} MB/s, Chromium -> Java {} MB/s (both at once, 64 KiB messages), "
                    + "{} duplicate DATA chunks received, load {}", name,
                    String.format("%.1f", count * (double) size / 1e6 / (browserGot.get("millis").asDouble() / 1e3)),
                    String.format("%.1f", got.megabytesPerSecond()),
                    java.pc.sctp().association().duplicateChunksReceived(),
                    String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            assertEquals(DataChannelState.OPEN, java.channel("inband-o").readyState());
        } catch (Exception | AssertionError e) {
            throw new AssertionError(name + " failed: " + e + "\n" + describe(name, java), e);
        } finally {
            java.close();
            page.call("closePc", Map.of("pc", name));
        }
    }

    /**
     * Chromium streams 16 MiB of 64 KiB messages to us alone, on a fresh (JIT-cold) connection, when our event
     * loop is at its slowest. With the receive window we used to advertise (4 MiB) Chromium overran our socket
     * buffer: thousands of its DATA chunks were dropped there or waited past its retransmission timer, and it
     * sent us 2,500-14,000 duplicates per run. With the window capped below the socket buffer it retransmits
     * next to nothing; the bound leaves room for a genuinely lost packet or two on a loaded machine.
     */
    @Test
    void streamOf64KiBMessagesFromChromiumGetsFewRetransmissions() throws Exception {
        String name = "stream-in";
        int count = 256;
        int size = 64 * 1024;
        JavaEnd java = new JavaEnd(name, true);
        try {
            java.connect(false);
            java.awaitOpen("neg", "inband-o");
            CompletableFuture<ChannelProbe.StreamResult> javaGot = java.probe("inband-o").expectStream(count, size);
            CompletableFuture<JsonNode> browserSent = page.call("sendStream", Map.of("pc", name, "label", "inband-o",
                    "count", count, "size", size));
            Duration limit = Duration.ofSeconds(60);
            ChannelProbe.StreamResult got = javaGot.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            browserSent.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(count, got.count());
            assertEquals(0, got.errors());
            long duplicates = java.pc.sctp().association().duplicateChunksReceived();
            long chunks = (long) count * size / 1160; // Chromium's DATA chunks carry up to 1160 bytes
            LOG.info("{}: Chromium -> Java {} MB/s (16 MiB in 64 KiB messages), {} duplicate DATA chunks, load {}",
                    name, String.format("%.1f", got.megabytesPerSecond()), duplicates,
                    String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            assertTrue(duplicates < chunks / 10, duplicates + " duplicate DATA chunks for about " + chunks);
        } catch (Exception | AssertionError e) {
            throw new AssertionError(name + " failed: " + e + "\n" + describe(name, java), e);
        } finally {
            java.close();
            page.call("closePc", Map.of("pc", name));
        }
    }

    /**
     * Our offer with our fingerprint altered: Chromium refuses our certificate in the handshake and says so with
     * an alert; both sides reach failed in bounded time.
     */
    @Test
    void chromiumRefusesUsWhenOurFingerprintIsWrong() throws Exception {
        String name = "their-check";
        call("create", Map.of("pc", name, "trickle", false));
        CompletableFuture<RTCPeerConnectionState> failed = new CompletableFuture<>();
        RTCPeerConnection pc = new RTCPeerConnection(LOOPBACK, group, null);
        try {
            pc.addListener(new RTCPeerConnectionListener() {
                @Override
                public void onConnectionStateChange(RTCPeerConnectionState state) {
                    if (state == RTCPeerConnectionState.FAILED) {
                        failed.complete(state);
                    }
                }
            });
            pc.createDataChannel("x");
            pc.setLocalDescription().get();
            awaitGathered(pc);
            String answer = call("answerOffer", Map.of("pc", name, "sdp",
                    alterFingerprint(pc.localDescription().sdp()))).asText();
            long start = System.nanoTime();
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answer)).get();
            page.awaitEvent(e -> "connectionstate".equals(e.path("ev").asText()) && name.equals(e.path("pc").asText())
                    && "failed".equals(e.path("state").asText()), STEP, "Chromium's failed state");
            failed.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("{}: both failed within {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            Throwable cause = assertThrows(Exception.class,
                    () -> pc.dtls().connected().get(1, TimeUnit.SECONDS)).getCause();
            LOG.info("{}: our DTLS says: {}", name, cause.getMessage());
        } finally {
            pc.close();
            page.call("closePc", Map.of("pc", name));
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        for (long end = System.nanoTime() + STEP.toNanos(); !check.holds(); Thread.sleep(10)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within " + STEP);
            }
        }
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
            this(name, trickle, false);
        }

        /** @param media the browser's connection also has an audio and a video transceiver */
        JavaEnd(String name, boolean trickle, boolean media) throws Exception {
            this.name = name;
            this.trickle = trickle;
            pc.addListener(this);
            call("create", Map.of("pc", name, "trickle", trickle, "media", media));
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

        RTCDataChannel awaitRemoteChannel(String label) throws Exception {
            return remoteChannels.computeIfAbsent(label, k -> new CompletableFuture<>())
                    .get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Both sides see each of {@code labels} open. */
        void awaitOpen(String... labels) throws Exception {
            for (String label : labels) {
                page.awaitEvent("open", name, label, STEP);
                probe(label).opened.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            }
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

        /** Holds new candidates both ways again, as before the first offer. */
        void holdCandidates() {
            toBrowser.hold();
            fromBrowser.hold();
        }

        void releaseCandidatesToBrowser() {
            toBrowser.release(this::sendCandidate);
        }

        void releaseCandidatesFromBrowser() {
            fromBrowser.release(this::addBrowserCandidate);
        }

        @Override
        public void close() {
            pc.close();
        }
    }

    /** Items held until {@link #release} and passed on in order after it (until {@link #hold} again). */
    private static final class Held<T> {
        private final List<T> held = new ArrayList<>();
        private Consumer<T> sink;

        synchronized void hold() {
            sink = null;
        }

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
