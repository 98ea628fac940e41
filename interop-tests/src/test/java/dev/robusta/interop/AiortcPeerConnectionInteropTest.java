package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.interop.process.PeerProcess;
import dev.robusta.interop.process.MessagePatterns;
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
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.DataChannelState;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our {@link RTCPeerConnection} against aiortc's (Debian python3-aiortc 1.4, driven by {@link PeerProcess})
 * over UDP on 127.0.0.1, nothing but SDP and candidates passed between them. aiortc always gathers before it
 * returns a description (non-trickle on its side); our side is run both trickling its candidates and not.
 *
 * <p>aiortc advertises, and we honour, a 64 KiB maximum message size: the large message we send is 65,536 bytes;
 * aiortc does not check our limit when sending, so it sends us a whole 1 MiB message.
 */
@Timeout(120)
class AiortcPeerConnectionInteropTest {
    private static final RTCConfiguration LOOPBACK = RTCConfiguration.defaults()
            .withIce(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int NEGOTIATED_ID = 10;
    private static final int SEQUENCE = 1000;
    private static final int NEGOTIATED_SEQUENCE = 100;
    /** Messages sent just before a channel is closed. */
    private static final int TAIL_SEQUENCE = 50;
    /** aiortc's a=max-message-size. */
    private static final int AIORTC_MAX_MESSAGE_SIZE = 65536;
    private static final int LARGE_TO_JAVA = 1 << 20;

    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(PeerProcess.aiortcAvailable(), "python3-aiortc is not installed");
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** A data channel's events on our side. */
    private static final class Inbox implements RTCDataChannel.Listener {
        final CompletableFuture<Void> open = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        final BlockingQueue<DataChannelMessage> messages = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(RTCDataChannel channel) {
            open.complete(null);
        }

        @Override
        public void onMessage(RTCDataChannel channel, DataChannelMessage message) {
            messages.add(message);
        }

        @Override
        public void onClose(RTCDataChannel channel) {
            closed.complete(null);
        }

        DataChannelMessage next() throws InterruptedException {
            DataChannelMessage m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(m, "a message within " + WAIT);
            return m;
        }
    }

    /**
     * Our connection's events: states, remote channels (with an {@link Inbox} set at once so no message is
     * missed), and our candidates, forwarded to aiortc once it has our description when we trickle.
     */
    private static final class JavaSide implements RTCPeerConnectionListener {
        final BlockingQueue<RTCPeerConnectionState> states = new LinkedBlockingQueue<>();
        final Map<String, RTCDataChannel> remoteChannels = new ConcurrentHashMap<>();
        final Map<String, Inbox> inboxes = new ConcurrentHashMap<>();
        final CompletableFuture<Void> gathered = new CompletableFuture<>();
        private final PeerProcess aiortc;
        private final List<RTCIceCandidate> held = new ArrayList<>();
        private boolean trickle;
        private boolean descriptionSent;

        JavaSide(PeerProcess aiortc) {
            this.aiortc = aiortc;
        }

        @Override
        public void onConnectionStateChange(RTCPeerConnectionState state) {
            states.add(state);
        }

        @Override
        public void onIceGatheringStateChange(IceGatheringState state) {
            if (state == IceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            Inbox inbox = new Inbox();
            channel.setListener(inbox);
            inbox.open.complete(null); // announced channels are open
            inboxes.put(channel.label(), inbox);
            remoteChannels.put(channel.label(), channel);
        }

        @Override
        public synchronized void onIceCandidate(RTCIceCandidate candidate) {
            if (!trickle) {
                return; // the description carries them
            }
            if (descriptionSent) {
                sendCandidate(candidate);
            } else {
                held.add(candidate);
            }
        }

        synchronized void trickle(boolean on) {
            trickle = on;
        }

        /** Our description went to aiortc (before this call): candidates held so far follow it. */
        synchronized void descriptionSent() {
            descriptionSent = true;
            held.forEach(this::sendCandidate);
            held.clear();
        }

        private void sendCandidate(RTCIceCandidate c) {
            aiortc.command("candidate", "candidate", c.candidate(), "sdpMid", c.sdpMid());
        }

        void awaitState(RTCPeerConnectionState wanted, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            List<RTCPeerConnectionState> seen = new ArrayList<>();
            while (System.nanoTime() < end) {
                RTCPeerConnectionState s = states.poll(50, TimeUnit.MILLISECONDS);
                if (s == wanted) {
                    return;
                }
                if (s != null) {
                    seen.add(s);
                }
            }
            fail("no " + wanted + " within " + timeout + "; saw " + seen);
        }
    }

    /**
     * The full scenario in one role: signalling, a negotiated and an in-band channel open, 1,000 text and 1,000
     * binary messages each way intact and in order, a large message each way, an in-band channel from the answerer,
     * a renegotiation offered by aiortc,
     * counters agree with aiortc's, each side closes a channel and the other sees it, then one side closes the
     * connection and the other sees its last channel close.
     */
    @ParameterizedTest(name = "aiortc offers: {0}, Java trickles: {1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void dataChannelsWithAiortc(boolean aiortcOffers, boolean javaTrickles) throws Exception {
        try (PeerProcess aiortc = PeerProcess.aiortc("aiortc");
             RTCPeerConnection pc = new RTCPeerConnection(LOOPBACK, group, null)) {
            JavaSide java = new JavaSide(aiortc);
            java.trickle(javaTrickles);
            pc.addListener(java);

            // Channels before the offer: the negotiated one on both sides, the in-band one at the offerer.
            RTCDataChannel neg = pc.createDataChannel("neg", DataChannelInit.defaults().withNegotiatedId(NEGOTIATED_ID));
            Inbox negInbox = new Inbox();
            neg.setListener(negInbox);
            aiortc.command("channel", "label", "neg", "negotiated", true, "id", NEGOTIATED_ID);
            RTCDataChannel ownChat = null;
            Inbox chatInbox = null;
            if (aiortcOffers) {
                aiortc.command("channel", "label", "chat", "protocol", "chat-v1");
            } else {
                ownChat = pc.createDataChannel("chat", DataChannelInit.defaults().withProtocol("chat-v1"));
                chatInbox = new Inbox();
                ownChat.setListener(chatInbox);
            }

            negotiate(pc, java, aiortc, aiortcOffers, javaTrickles);

            java.awaitState(RTCPeerConnectionState.CONNECTED, WAIT);
            aiortc.await("state", e -> e.path("connectionState").asText().equals("connected"), WAIT);

            // Both channels open on both sides; the in-band one is announced to the answerer.
            negInbox.open.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            aiortc.await("open", e -> e.path("label").asText().equals("neg"), WAIT);
            assertEquals(NEGOTIATED_ID, neg.id());
            RTCDataChannel chat;
            if (aiortcOffers) {
                aiortc.await("open", e -> e.path("label").asText().equals("chat"), WAIT);
                chat = awaitRemoteChannel(java, "chat");
                chatInbox = java.inboxes.get("chat");
                assertEquals("chat-v1", chat.protocol());
                assertEquals(1, chat.id() % 2, "aiortc, ICE controlling, opens odd stream ids");
            } else {
                chat = ownChat;
                chatInbox.open.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                JsonNode announced = aiortc.await("datachannel", e -> e.path("label").asText().equals("chat"), WAIT);
                assertEquals("chat-v1", announced.path("protocol").asText());
                assertFalse(announced.path("negotiated").asBoolean());
                assertEquals(chat.id(), announced.path("id").asInt());
                assertEquals(1, chat.id() % 2, "aiortc answers a=setup:active: we are the DTLS server, odd stream ids");
            }
            assertEquals(DataChannelState.OPEN, chat.readyState());

            // Once connected, the answerer opens an in-band channel too: the other parity, announced the other way.
            RTCDataChannel late;
            Inbox lateInbox;
            if (aiortcOffers) {
                late = pc.createDataChannel("late");
                lateInbox = new Inbox();
                late.setListener(lateInbox);
                lateInbox.open.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                JsonNode announced = aiortc.await("datachannel", e -> e.path("label").asText().equals("late"), WAIT);
                assertEquals(late.id(), announced.path("id").asInt());
                assertEquals(0, late.id() % 2, "we answered a=setup:active: DTLS client, even stream ids");
            } else {
                aiortc.command("channel", "label", "late");
                aiortc.await("open", e -> e.path("label").asText().equals("late"), WAIT);
                late = awaitRemoteChannel(java, "late");
                lateInbox = java.inboxes.get("late");
                assertEquals(0, late.id() % 2, "aiortc, ICE controlled, opens even stream ids");
            }
            late.send("hello aiortc");
            assertEquals("hello aiortc",
                    aiortc.await("message", e -> e.path("label").asText().equals("late"), WAIT).path("text").asText());
            aiortc.command("send_text", "label", "late", "text", "hello Java");
            assertEquals("hello Java", lateInbox.next().text());

            // aiortc renegotiates (a re-offer on the same transport, a=setup:actpass): our answer keeps our DTLS role.
            aiortc.command("offer");
            JsonNode reoffer = aiortc.await("description", WAIT);
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, reoffer.path("sdp").asText()))
                    .get(5, TimeUnit.SECONDS);
            RTCSessionDescription reanswer = pc.createAnswer().get(5, TimeUnit.SECONDS);
            pc.setLocalDescription(reanswer).get(5, TimeUnit.SECONDS);
            String role = aiortcOffers ? "a=setup:active" : "a=setup:passive";
            assertTrue(reanswer.sdp().contains(role), "we stay DTLS " + (aiortcOffers ? "client" : "server") + ": "
                    + reanswer.sdp());
            aiortc.command("remote", "type", "answer", "sdp", reanswer.sdp());
            aiortc.await("remote_set", WAIT);
            assertEquals(dev.robusta.peer.RTCSignalingState.STABLE, pc.signalingState());

            // The sequences, both ways at once on both channels.
            aiortc.command("expect", "label", "chat", "count", SEQUENCE);
            aiortc.command("expect", "label", "neg", "count", NEGOTIATED_SEQUENCE);
            aiortc.command("send_sequence", "label", "chat", "count", SEQUENCE);
            aiortc.command("send_sequence", "label", "neg", "count", NEGOTIATED_SEQUENCE);
            sendSequence(chat, SEQUENCE);
            sendSequence(neg, NEGOTIATED_SEQUENCE);
            checkSequence(chatInbox, SEQUENCE);
            checkSequence(negInbox, NEGOTIATED_SEQUENCE);
            for (String label : List.of("chat", "neg")) {
                JsonNode got = aiortc.await("sequence", e -> e.path("label").asText().equals(label), WAIT);
                assertEquals(0, got.path("errors").size(), "aiortc saw the sequence on " + label + " intact: " + got);
            }

            // One large message each way: 1 MiB to us, aiortc's advertised maximum to it.
            aiortc.command("send_large", "label", "chat", "size", LARGE_TO_JAVA);
            DataChannelMessage large = chatInbox.next();
            assertTrue(large.binary());
            assertEquals(LARGE_TO_JAVA, large.size());
            assertArrayEquals(MessagePatterns.large(LARGE_TO_JAVA), large.bytes());
            byte[] toAiortc = MessagePatterns.large(AIORTC_MAX_MESSAGE_SIZE);
            IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                    () -> chat.send(new byte[AIORTC_MAX_MESSAGE_SIZE + 1]));
            assertTrue(tooLarge.getMessage().contains("maximum message size"), tooLarge.getMessage());
            chat.send(toAiortc);
            JsonNode largeAtAiortc = aiortc.await("message", e -> e.path("label").asText().equals("chat"), WAIT);
            assertEquals(AIORTC_MAX_MESSAGE_SIZE, largeAtAiortc.path("size").asInt());
            assertEquals(MessagePatterns.sha256(toAiortc), largeAtAiortc.path("sha256").asText());

            // What aiortc counted agrees with what we sent and received.
            long chatBytes = MessagePatterns.sequenceBytes(SEQUENCE);
            long negBytes = MessagePatterns.sequenceBytes(NEGOTIATED_SEQUENCE);
            assertCounts(aiortc, "chat", 2L * SEQUENCE + 1, chatBytes + LARGE_TO_JAVA,
                    2L * SEQUENCE + 1, chatBytes + AIORTC_MAX_MESSAGE_SIZE);
            assertCounts(aiortc, "neg", 2L * NEGOTIATED_SEQUENCE, negBytes, 2L * NEGOTIATED_SEQUENCE, negBytes);

            // Our getStats agrees with aiortc's own counts, channel by channel and on the transport.
            Thread.sleep(500); // let the last SACKs land: the transport counters then stand still on both sides
            JsonNode aiortcTransport;
            RTCStatsReport stats;
            for (int attempt = 1; ; attempt++) {
                // aiortc's snapshot between two of ours that agree: nothing moved meanwhile (a heartbeat, say).
                RTCStats before = pc.getStats().get(5, TimeUnit.SECONDS).only(RTCStatsType.TRANSPORT);
                aiortc.command("transport_stats");
                aiortcTransport = aiortc.await("transport_stats", WAIT);
                stats = pc.getStats().get(5, TimeUnit.SECONDS);
                RTCStats after = stats.only(RTCStatsType.TRANSPORT);
                if (attempt == 5 || (before.getLong("packetsSent") == after.getLong("packetsSent")
                        && before.getLong("packetsReceived") == after.getLong("packetsReceived"))) {
                    break;
                }
                Thread.sleep(200);
            }
            for (String label : List.of("chat", "neg")) {
                aiortc.command("report", "label", label);
                JsonNode theirs = aiortc.await("report", e -> e.path("label").asText().equals(label), WAIT);
                RTCStats ours = stats.ofType(RTCStatsType.DATA_CHANNEL).stream()
                        .filter(s -> s.getString("label").equals(label)).findFirst().orElseThrow();
                assertEquals(theirs.path("messagesReceived").asLong(), ours.getLong("messagesSent"), label);
                assertEquals(theirs.path("bytesReceived").asLong(), ours.getLong("bytesSent"), label);
                assertEquals(theirs.path("messagesSent").asLong(), ours.getLong("messagesReceived"), label);
                assertEquals(theirs.path("bytesSent").asLong(), ours.getLong("bytesReceived"), label);
                assertEquals("open", ours.getString("state"), label);
                assertEquals(theirs.path("id").asLong(), ours.getLong("dataChannelIdentifier"), label);
            }
            RTCStats transport = stats.only(RTCStatsType.TRANSPORT);
            assertEquals("connected", transport.getString("dtlsState"));
            assertEquals("FEFD", transport.getString("tlsVersion"), "DTLS 1.2 with aiortc");
            // aiortc -> us: every datagram arrives (we read fast). Us -> aiortc: Python reads slower than we send, so
            // its socket's receive buffer overflows under the bursts (kernel RcvbufErrors) and SCTP retransmits:
            // aiortc receives at most what we sent.
            String both = aiortcTransport + " vs " + transport;
            assertEquals(aiortcTransport.path("packetsSent").asLong(), transport.getLong("packetsReceived"), both);
            assertEquals(aiortcTransport.path("bytesSent").asLong(), transport.getLong("bytesReceived"), both);
            assertTrue(aiortcTransport.path("packetsReceived").asLong() <= transport.getLong("packetsSent"), both);
            assertTrue(aiortcTransport.path("bytesReceived").asLong() <= transport.getLong("bytesSent"), both);
            assertTrue(aiortcTransport.path("bytesReceived").asLong() > chatBytes + negBytes + AIORTC_MAX_MESSAGE_SIZE,
                    both);
            assertEquals(AIORTC_MAX_MESSAGE_SIZE, aiortcTransport.path("maxMessageSize").asInt());
            RTCStats pair = stats.get(transport.getString("selectedCandidatePairId")).orElseThrow();
            assertEquals("succeeded", pair.getString("state"));
            assertTrue(pair.getBoolean("nominated"));
            assertEquals(3L, stats.only(RTCStatsType.PEER_CONNECTION).getLong("dataChannelsOpened"));

            // Each side closes a channel right after sending on it; the other gets every message, then the close
            // (RFC 8831 6.7: queued messages go first; RFC 6525: the reset waits for the data before it).
            aiortc.command("expect", "label", "neg", "count", TAIL_SEQUENCE);
            sendSequence(neg, TAIL_SEQUENCE);
            neg.close();
            negInbox.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            JsonNode negTail = aiortc.await("sequence", e -> e.path("label").asText().equals("neg"), WAIT);
            assertEquals(0, negTail.path("errors").size(), negTail.toString());
            aiortc.await("channel_close", e -> e.path("label").asText().equals("neg"), WAIT);
            assertEquals(DataChannelState.CLOSED, neg.readyState());
            aiortc.command("send_sequence", "label", "chat", "count", TAIL_SEQUENCE);
            aiortc.command("close_channel", "label", "chat");
            checkSequence(chatInbox, TAIL_SEQUENCE);
            chatInbox.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(chatInbox.messages.isEmpty(), "nothing after the sequence");
            aiortc.await("channel_close", e -> e.path("label").asText().equals("chat"), WAIT);
            assertEquals(DataChannelState.CLOSED, chat.readyState());
            assertEquals(RTCPeerConnectionState.CONNECTED, pc.connectionState());

            // One side closes the whole connection: the other sees its last channel close.
            if (aiortcOffers) {
                aiortc.command("close");
                aiortc.await("closed", WAIT);
                lateInbox.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(DataChannelState.CLOSED, late.readyState());
            } else {
                pc.close();
                aiortc.await("channel_close", e -> e.path("label").asText().equals("late"), WAIT);
                assertEquals(RTCPeerConnectionState.CLOSED, pc.connectionState());
            }
        }
    }

    /**
     * aiortc's description reaches us with a wrong fingerprint: our DTLS refuses aiortc's certificate (whichever
     * DTLS role we have), the connection fails within a few seconds with an error that says why, aiortc sees its
     * handshake fail (our alert), and closing frees our socket and our private event loop.
     */
    @ParameterizedTest(name = "aiortc offers: {0}")
    @CsvSource({"true", "false"})
    void wrongFingerprintFailsWithAClearError(boolean aiortcOffers) throws Exception {
        try (PeerProcess aiortc = PeerProcess.aiortc("aiortc")) {
            RTCPeerConnection pc = new RTCPeerConnection(LOOPBACK, null, null); // its own loop, to see it end
            JavaSide java = new JavaSide(aiortc);
            pc.addListener(java);
            long started;
            if (aiortcOffers) {
                aiortc.command("channel", "label", "chat");
                aiortc.command("offer");
                String offer = aiortc.await("description", WAIT).path("sdp").asText();
                started = System.nanoTime();
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, wrongFingerprint(offer)))
                        .get(5, TimeUnit.SECONDS);
                pc.setLocalDescription().get(5, TimeUnit.SECONDS);
                java.gathered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                aiortc.command("remote", "type", "answer", "sdp", pc.localDescription().sdp());
            } else {
                pc.createDataChannel("chat");
                pc.setLocalDescription().get(5, TimeUnit.SECONDS);
                java.gathered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                aiortc.command("remote", "type", "offer", "sdp", pc.localDescription().sdp());
                String answer = aiortc.await("description", WAIT).path("sdp").asText();
                started = System.nanoTime();
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, wrongFingerprint(answer)))
                        .get(5, TimeUnit.SECONDS);
            }

            java.awaitState(RTCPeerConnectionState.FAILED, Duration.ofSeconds(10));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis < 10_000, "failed within 10 s: " + tookMillis + " ms");
            assertEquals(RTCPeerConnectionState.FAILED, pc.connectionState());
            ExecutionException dtlsFailure = assertThrows(ExecutionException.class,
                    () -> pc.dtls().connected().get(5, TimeUnit.SECONDS));
            String why = String.valueOf(dtlsFailure.getCause().getMessage());
            assertTrue(why.contains("fingerprint"), "the error says the fingerprint did not match: " + why);
            aiortc.await("state", e -> e.path("connectionState").asText().equals("failed"), WAIT);

            int port = pc.iceTransport().localCandidates().get(0).address().getPort();
            pc.close();
            assertEquals(RTCPeerConnectionState.CLOSED, pc.connectionState());
            assertTrue(pc.iceTransport().eventLoop().terminationFuture().await(5, TimeUnit.SECONDS),
                    "the connection's own event loop ended");
            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port))) {
                assertEquals(port, again.getLocalPort(), "our UDP port was released");
            }
        }
    }

    /** The description with its certificate fingerprint's last byte changed. */
    private static String wrongFingerprint(String sdp) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(a=fingerprint:sha-256 [0-9A-Fa-f:]*)"
                + "([0-9A-Fa-f]{2})\r\n").matcher(sdp);
        assertTrue(m.find(), "a sha-256 fingerprint in " + sdp);
        String last = m.group(2).equalsIgnoreCase("00") ? "01" : "00";
        return sdp.substring(0, m.start()) + m.group(1) + last + "\r\n" + sdp.substring(m.end());
    }

    /** Offer/answer in the given role; our side's description goes with or without its candidates. */
    private static void negotiate(RTCPeerConnection pc, JavaSide java, PeerProcess aiortc,
                                  boolean aiortcOffers, boolean javaTrickles) throws Exception {
        if (aiortcOffers) {
            aiortc.command("offer");
            JsonNode offer = aiortc.await("description", WAIT);
            assertEquals("offer", offer.path("type").asText());
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer.path("sdp").asText()))
                    .get(5, TimeUnit.SECONDS);
            RTCSessionDescription answer = pc.createAnswer().get(5, TimeUnit.SECONDS);
            pc.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            sendOwnDescription(pc, java, aiortc, answer, javaTrickles);
            aiortc.await("remote_set", WAIT);
        } else {
            RTCSessionDescription offer = pc.createOffer().get(5, TimeUnit.SECONDS);
            pc.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            sendOwnDescription(pc, java, aiortc, offer, javaTrickles);
            JsonNode answer = aiortc.await("description", WAIT);
            assertEquals("answer", answer.path("type").asText());
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answer.path("sdp").asText()))
                    .get(5, TimeUnit.SECONDS);
        }
    }

    private static void sendOwnDescription(RTCPeerConnection pc, JavaSide java, PeerProcess aiortc,
                                           RTCSessionDescription created, boolean trickle) throws Exception {
        RTCSessionDescription toSend;
        if (trickle) {
            toSend = created; // no candidates yet: they follow one by one, then end-of-candidates
            assertFalse(created.sdp().contains("a=candidate"), "a trickled description goes without candidates");
        } else {
            java.gathered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            toSend = pc.localDescription();
            assertTrue(toSend.sdp().contains("a=candidate"), toSend.sdp());
            assertTrue(toSend.sdp().contains("a=end-of-candidates"), toSend.sdp());
        }
        aiortc.command("remote", "type", toSend.type().jsonName(), "sdp", toSend.sdp());
        java.descriptionSent();
    }

    private static RTCDataChannel awaitRemoteChannel(JavaSide java, String label) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            RTCDataChannel c = java.remoteChannels.get(label);
            if (c != null) {
                return c;
            }
            Thread.sleep(10);
        }
        return fail("aiortc's channel '" + label + "' was not announced within " + WAIT);
    }

    private static void sendSequence(RTCDataChannel channel, int count) {
        for (int i = 0; i < count; i++) {
            channel.send(MessagePatterns.text(i));
            channel.send(MessagePatterns.binary(i));
        }
    }

    private static void checkSequence(Inbox inbox, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            DataChannelMessage text = inbox.next();
            assertFalse(text.binary(), "message " + 2 * i + " is text");
            assertEquals(MessagePatterns.text(i), text.text(), "text message " + i);
            DataChannelMessage binary = inbox.next();
            assertTrue(binary.binary(), "message " + (2 * i + 1) + " is binary");
            assertArrayEquals(MessagePatterns.binary(i), binary.bytes(), "binary message " + i);
        }
    }

    private static void assertCounts(PeerProcess aiortc, String label, long aiortcSent, long aiortcBytesSent,
                                     long aiortcReceived, long aiortcBytesReceived) {
        aiortc.command("report", "label", label);
        JsonNode r = aiortc.await("report", e -> e.path("label").asText().equals(label), WAIT);
        assertEquals(aiortcSent, r.path("messagesSent").asLong(), label + ": " + r);
        assertEquals(aiortcBytesSent, r.path("bytesSent").asLong(), label + ": " + r);
        assertEquals(aiortcReceived, r.path("messagesReceived").asLong(), label + ": " + r);
        assertEquals(aiortcBytesReceived, r.path("bytesReceived").asLong(), label + ": " + r);
    }
}
