package dev.robusta.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.ice.Candidate;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.peer.sdp.SdpParseException;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.DataChannelPriority;
import dev.robusta.sctp.DataChannelState;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two RTCPeerConnections in one JVM over real UDP on 127.0.0.1; SDP and candidates passed directly. */
@Timeout(90)
class RTCPeerConnectionTest {
    private static final RTCConfiguration LOOPBACK = RTCConfiguration.defaults()
            .withIce(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());
    private static EventLoopGroup group;

    private final List<RTCPeerConnection> toClose = new ArrayList<>();

    @BeforeAll
    static void startGroup() {
        group = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeAll() {
        toClose.forEach(RTCPeerConnection::close);
    }

    private RTCPeerConnection newPeer(boolean sharedGroup) {
        RTCPeerConnection pc = new RTCPeerConnection(LOOPBACK, sharedGroup ? group : null, null);
        toClose.add(pc);
        return pc;
    }

    /** Records a connection's states and its remote data channels. */
    private static final class Observer implements RTCPeerConnectionListener {
        final BlockingQueue<RTCPeerConnectionState> states = new LinkedBlockingQueue<>();
        final BlockingQueue<RTCDataChannel> channels = new LinkedBlockingQueue<>();
        final List<RTCSignalingState> signaling = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CompletableFuture<Void> gathered = new CompletableFuture<>();

        @Override
        public void onConnectionStateChange(RTCPeerConnectionState state) {
            states.add(state);
        }

        @Override
        public void onSignalingStateChange(RTCSignalingState state) {
            signaling.add(state);
        }

        @Override
        public void onIceGatheringStateChange(IceGatheringState state) {
            if (state == IceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            channels.add(channel);
        }

        void awaitState(RTCPeerConnectionState wanted, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                RTCPeerConnectionState s = states.poll(100, TimeUnit.MILLISECONDS);
                if (s == wanted) {
                    return;
                }
            }
            throw new AssertionError("no " + wanted + " within " + seconds + " s");
        }
    }

    /**
     * Trickle signalling in one process: candidates are held until the other side has a remote description, then
     * passed on in the order they were gathered, end-of-candidates last.
     */
    private static final class Trickle implements RTCPeerConnectionListener {
        private final RTCPeerConnection to;
        private final List<RTCIceCandidate> held = new ArrayList<>();
        private boolean ready;

        Trickle(RTCPeerConnection to) {
            this.to = to;
        }

        @Override
        public synchronized void onIceCandidate(RTCIceCandidate candidate) {
            if (ready) {
                to.addIceCandidate(candidate).join();
            } else {
                held.add(candidate);
            }
        }

        synchronized void remoteDescriptionSet() {
            ready = true;
            held.forEach(c -> to.addIceCandidate(c).join());
            held.clear();
        }

        /** Holds candidates again, as ordered signalling would behind a new description not yet applied. */
        synchronized void hold() {
            ready = false;
        }
    }

    /** Messages (and closes) a channel receives. */
    private static final class Inbox implements RTCDataChannel.Listener {
        final BlockingQueue<DataChannelMessage> messages = new LinkedBlockingQueue<>();
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        static Inbox on(RTCDataChannel channel) {
            Inbox inbox = new Inbox();
            channel.setListener(inbox);
            if (channel.readyState() == DataChannelState.OPEN) {
                inbox.open.countDown();
            }
            return inbox;
        }

        @Override
        public void onOpen(RTCDataChannel channel) {
            open.countDown();
        }

        @Override
        public void onMessage(RTCDataChannel channel, DataChannelMessage message) {
            messages.add(message);
        }

        @Override
        public void onClose(RTCDataChannel channel) {
            closed.countDown();
        }

        DataChannelMessage next() throws InterruptedException {
            DataChannelMessage m = messages.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "message arrived");
            return m;
        }
    }

    private static RTCStats channelStats(RTCStatsReport report, String label) {
        List<RTCStats> found = new ArrayList<>();
        for (RTCStats s : report.ofType(RTCStatsType.DATA_CHANNEL)) {
            if (s.getString("label").equals(label)) {
                found.add(s);
            }
        }
        assertEquals(1, found.size(), report.toJson());
        return found.get(0);
    }

    /** The transport's stats point at a selected, nominated pair, real candidates and both certificates. */
    private static void assertTransportStats(RTCStatsReport r, String dtlsRole, DtlsCertificate remoteCertificate) {
        RTCStats t = r.only(RTCStatsType.TRANSPORT);
        assertEquals(dtlsRole, t.getString("dtlsRole"));
        assertEquals("connected", t.getString("dtlsState"));
        assertEquals("FEFD", t.getString("tlsVersion"));
        assertTrue(t.getString("dtlsCipher").startsWith("TLS_ECDHE_ECDSA_WITH_"), t.getString("dtlsCipher"));
        assertEquals(1, t.getLong("selectedCandidatePairChanges"));
        RTCStats pair = r.get(t.getString("selectedCandidatePairId")).orElseThrow();
        assertEquals(RTCStatsType.CANDIDATE_PAIR, pair.type());
        assertEquals("succeeded", pair.getString("state"));
        assertTrue(pair.getBoolean("nominated"));
        assertTrue(pair.getLong("requestsSent") > 0 && pair.getLong("responsesReceived") > 0, pair.toJson());
        assertTrue(pair.getLong("requestsReceived") > 0 && pair.getLong("responsesSent") > 0, pair.toJson());
        double rtt = pair.getDouble("currentRoundTripTime");
        assertTrue(rtt >= 0 && rtt < 1 && pair.getDouble("totalRoundTripTime") >= rtt, pair.toJson());
        // One selected pair all along: it carried every data byte the transport counted.
        assertEquals(t.getLong("bytesSent"), pair.getLong("bytesSent"));
        assertEquals(t.getLong("bytesReceived"), pair.getLong("bytesReceived"));
        assertEquals(t.getLong("packetsSent"), pair.getLong("packetsSent"));
        RTCStats local = r.get(pair.getString("localCandidateId")).orElseThrow();
        RTCStats remote = r.get(pair.getString("remoteCandidateId")).orElseThrow();
        assertEquals(RTCStatsType.LOCAL_CANDIDATE, local.type());
        assertEquals(RTCStatsType.REMOTE_CANDIDATE, remote.type());
        assertEquals("127.0.0.1", local.getString("address"));
        assertEquals("127.0.0.1", remote.getString("address"));
        assertEquals("udp", local.getString("protocol"));
        RTCStats remoteCert = r.get(t.getString("remoteCertificateId")).orElseThrow();
        assertEquals(remoteCertificate.fingerprint().toSdpValue(),
                remoteCert.getString("fingerprintAlgorithm") + " " + remoteCert.getString("fingerprint"));
        assertArrayEquals(remoteCertificate.encoded(),
                java.util.Base64.getDecoder().decode(remoteCert.getString("base64Certificate")));
        assertEquals(RTCStatsType.CERTIFICATE, r.get(t.getString("localCertificateId")).orElseThrow().type());
    }

    /** Offer/answer between a and b; trickled candidates, or complete descriptions after gathering. */
    private static Trickle[] negotiate(RTCPeerConnection a, Observer oa, RTCPeerConnection b, Observer ob,
                                       boolean trickle) throws Exception {
        Trickle toB = new Trickle(b);
        Trickle toA = new Trickle(a);
        if (trickle) {
            a.addListener(toB);
            b.addListener(toA);
        }
        RTCSessionDescription offer = a.createOffer().get();
        a.setLocalDescription(offer).get();
        if (!trickle) {
            oa.gathered.get(10, TimeUnit.SECONDS);
            offer = a.localDescription();
            assertTrue(offer.sdp().contains("a=candidate:") && offer.sdp().contains("a=end-of-candidates"),
                    offer.sdp());
        } else {
            assertFalse(offer.sdp().contains("a=candidate:"), "a trickle offer made before gathering has none");
        }
        b.setRemoteDescription(offer).get();
        toB.remoteDescriptionSet();
        RTCSessionDescription answer = b.createAnswer().get();
        b.setLocalDescription(answer).get();
        if (!trickle) {
            ob.gathered.get(10, TimeUnit.SECONDS);
            answer = b.localDescription();
        }
        a.setRemoteDescription(answer).get();
        toA.remoteDescriptionSet();
        return new Trickle[] {toB, toA};
    }

    /** Two connected peers; a's "chat" channel is open at both ends. */
    private record Connected(RTCPeerConnection a, RTCPeerConnection b, Observer ob, Trickle[] trickles, Inbox atA,
                             RTCDataChannel chatB) {}

    private Connected connectWithChat(boolean trickle) throws Exception {
        RTCPeerConnection a = newPeer(true);
        RTCPeerConnection b = newPeer(true);
        Observer oa = new Observer();
        Observer ob = new Observer();
        a.addListener(oa);
        b.addListener(ob);
        Inbox atA = Inbox.on(a.createDataChannel("chat"));
        Trickle[] trickles = negotiate(a, oa, b, ob, trickle);
        assertTrue(atA.open.await(20, TimeUnit.SECONDS));
        RTCDataChannel chatB = ob.channels.poll(20, TimeUnit.SECONDS);
        assertNotNull(chatB, "b got the chat channel");
        return new Connected(a, b, ob, trickles, atA, chatB);
    }

    private static String ufrag(RTCSessionDescription d) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("a=ice-ufrag:(\\S+)").matcher(d.sdp());
        assertTrue(m.find(), d.sdp());
        return m.group(1);
    }

    private static long selectedPairChanges(RTCPeerConnection pc) throws Exception {
        return pc.getStats().get(5, TimeUnit.SECONDS).only(RTCStatsType.TRANSPORT).getLong("selectedCandidatePairChanges");
    }

    /**
     * restartIce() on either side, trickling or not: the restart offer and its answer carry fresh credentials, the
     * channel carries messages throughout, ICE selects a pair again under the new credentials, and a candidate of
     * the old generation is refused.
     */
    @ParameterizedTest(name = "restarted by {0}")
    @ValueSource(strings = {"the offerer, trickle", "the answerer, trickle", "the offerer, no trickle"})
    void iceRestartThroughTheApiKeepsTheChannelAndSelectsAPairAgain(String who) throws Exception {
        Connected c = connectWithChat(who.endsWith(", trickle"));
        RTCPeerConnection a = c.a();
        RTCPeerConnection b = c.b();
        Observer ob = c.ob();
        Trickle[] trickles = c.trickles();
        Inbox atA = c.atA();
        RTCDataChannel chatB = c.chatB();
        Inbox atB = Inbox.on(chatB);
        assertEquals(1, selectedPairChanges(a));

        boolean offererRestarts = who.startsWith("the offerer");
        RTCPeerConnection x = offererRestarts ? a : b;
        RTCPeerConnection y = offererRestarts ? b : a;
        Trickle toY = trickles[offererRestarts ? 0 : 1];
        Trickle toX = trickles[offererRestarts ? 1 : 0];
        String oldX = ufrag(x.localDescription());
        String oldY = ufrag(y.localDescription());
        RTCIceCandidate staleFromX = new RTCIceCandidate(
                x.localDescription().sdp().lines().filter(l -> l.startsWith("a=candidate:")).findFirst()
                        .orElseThrow().substring(2), "0", 0, oldX);

        Object association = a.sctp();
        x.restartIce();
        toY.hold();
        toX.hold();
        RTCSessionDescription offer = x.createOffer().get();
        assertFalse(oldX.equals(ufrag(offer)), "the restart offer has a new ufrag");
        assertEquals(ufrag(offer), ufrag(x.createOffer().get()), "the same fresh credentials until applied");
        x.setLocalDescription(offer).get();
        chatB.send("during the restart");
        assertEquals("during the restart", atA.next().text());
        y.setRemoteDescription(x.localDescription()).get();
        toY.remoteDescriptionSet();
        ExecutionException stale = assertThrows(ExecutionException.class, () -> y.addIceCandidate(staleFromX).get());
        assertInstanceOf(IllegalArgumentException.class, stale.getCause());
        RTCSessionDescription answer = y.createAnswer().get();
        assertFalse(oldY.equals(ufrag(answer)), "the answer to a restart has a new ufrag too");
        y.setLocalDescription(answer).get();
        x.setRemoteDescription(y.localDescription()).get();
        toX.remoteDescriptionSet();
        assertEquals(RTCSignalingState.STABLE, x.signalingState());
        assertEquals(RTCSignalingState.STABLE, y.signalingState());

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((selectedPairChanges(a) < 2 || selectedPairChanges(b) < 2) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(2, selectedPairChanges(a), "a selected a pair of the new generation");
        assertEquals(2, selectedPairChanges(b), "b selected a pair of the new generation");
        for (RTCPeerConnection pc : List.of(a, b)) {
            assertTrue(pc.iceConnectionState() == IceConnectionState.CONNECTED
                    || pc.iceConnectionState() == IceConnectionState.COMPLETED, pc.iceConnectionState().toString());
            assertEquals(RTCPeerConnectionState.CONNECTED, pc.connectionState());
        }
        assertTrue(association == a.sctp(), "the same SCTP association throughout");
        atA.messages.clear();
        for (int i = 0; i < 20; i++) {
            chatB.send("after " + i);
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("after " + i, atA.next().text());
        }
        RTCDataChannel chatA = a.createDataChannel("second");
        RTCDataChannel second = ob.channels.poll(20, TimeUnit.SECONDS);
        assertNotNull(second, "a new channel opens over the restarted transport");
        Inbox atSecond = Inbox.on(second);
        assertTrue(Inbox.on(chatA).open.await(20, TimeUnit.SECONDS));
        chatA.send("on the second channel");
        assertEquals("on the second channel", atSecond.next().text());
        assertTrue(atB.messages.isEmpty());
    }

    /**
     * A renegotiation started by the first answerer (browsers and aiortc re-offer a=setup:actpass) keeps the DTLS
     * association: the first offerer, the DTLS server, must answer passive (RFC 8842 5.5, RFC 8829 5.3.1), not
     * active as for a new association, or the peer takes the wrong role for the transport that runs on.
     */
    @Test
    void subsequentAnswerKeepsTheDtlsRoleInUse() throws Exception {
        Connected c = connectWithChat(false);
        RTCPeerConnection a = c.a();
        RTCPeerConnection b = c.b();
        assertTrue(b.localDescription().sdp().contains("a=setup:active"), "b answered active: the DTLS client");

        b.setLocalDescription(b.createOffer().get()).get();
        assertTrue(b.localDescription().sdp().contains("a=setup:actpass"));
        a.setRemoteDescription(b.localDescription()).get();
        RTCSessionDescription reanswer = a.createAnswer().get();
        assertTrue(reanswer.sdp().contains("a=setup:passive"), "a stays the DTLS server:\n" + reanswer.sdp());
        a.setLocalDescription(reanswer).get();
        b.setRemoteDescription(reanswer).get();
        assertEquals(RTCSignalingState.STABLE, a.signalingState());
        assertEquals(RTCSignalingState.STABLE, b.signalingState());
        c.chatB().send("after renegotiation");
        assertEquals("after renegotiation", c.atA().next().text());
    }

    @ParameterizedTest(name = "trickle={0}")
    @ValueSource(booleans = {true, false})
    void dataChannelsBetweenTwoConnections(boolean trickle) throws Exception {
        RTCPeerConnection a = newPeer(true);
        RTCPeerConnection b = newPeer(true);
        Observer oa = new Observer();
        Observer ob = new Observer();
        a.addListener(oa);
        b.addListener(ob);

        RTCDataChannel chatA = a.createDataChannel("chat", DataChannelInit.defaults().withProtocol("text"));
        assertEquals(DataChannelState.CONNECTING, chatA.readyState());
        assertEquals(-1, chatA.id(), "no stream id before the DTLS role is known");
        assertThrows(InvalidStateException.class, () -> chatA.send("too early"));
        Inbox atA = Inbox.on(chatA);
        RTCDataChannel timedA = a.createDataChannel("timed", DataChannelInit.defaults().withOrdered(false)
                .withMaxPacketLifeTime(3000).withPriority(DataChannelPriority.HIGH));
        assertEquals(3000, timedA.maxPacketLifeTime(), "options readable before the channel is bound");
        assertEquals(-1, timedA.maxRetransmits());
        assertEquals(DataChannelPriority.HIGH, timedA.priority());

        negotiate(a, oa, b, ob, trickle);
        assertEquals(List.of(RTCSignalingState.HAVE_LOCAL_OFFER, RTCSignalingState.STABLE), oa.signaling);
        assertEquals(List.of(RTCSignalingState.HAVE_REMOTE_OFFER, RTCSignalingState.STABLE), ob.signaling);

        oa.awaitState(RTCPeerConnectionState.CONNECTED, 20);
        ob.awaitState(RTCPeerConnectionState.CONNECTED, 20);
        assertTrue(a.iceConnectionState() == IceConnectionState.CONNECTED
                || a.iceConnectionState() == IceConnectionState.COMPLETED, a.iceConnectionState().toString());

        RTCDataChannel first = ob.channels.poll(20, TimeUnit.SECONDS);
        RTCDataChannel second = ob.channels.poll(20, TimeUnit.SECONDS);
        assertNotNull(second, "the answerer got two datachannel events");
        RTCDataChannel chatB = first.label().equals("chat") ? first : second;
        RTCDataChannel timedB = first.label().equals("chat") ? second : first;
        // The options came in DCEP (RFC 8832 5.1): reliability, order and priority as the offerer set them.
        assertEquals("timed", timedB.label());
        assertFalse(timedB.ordered());
        assertEquals(3000, timedB.maxPacketLifeTime());
        assertEquals(-1, timedB.maxRetransmits());
        assertEquals(DataChannelPriority.HIGH, timedB.priority());
        assertEquals(-1, chatB.maxPacketLifeTime());
        assertEquals(-1, chatB.maxRetransmits());
        assertEquals(DataChannelPriority.LOW, chatB.priority());
        Inbox atB = Inbox.on(chatB);
        assertEquals("chat", chatB.label());
        assertEquals("text", chatB.protocol());
        assertTrue(atA.open.await(20, TimeUnit.SECONDS), "the offerer's channel opened");
        // The answerer took a=setup:active, so it is the DTLS client: the offerer is the server and uses odd ids.
        assertEquals(1, chatA.id() % 2);
        assertEquals(chatA.id(), chatB.id());

        // Many messages both ways, text and binary interleaved, in order.
        int count = 500;
        for (int i = 0; i < count; i++) {
            chatA.send("a->b " + i);
            chatA.send(("bin a->b " + i).getBytes(StandardCharsets.UTF_8));
            chatB.send("b->a " + i);
            chatB.send(("bin b->a " + i).getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < count; i++) {
            DataChannelMessage text = atB.next();
            assertFalse(text.binary());
            assertEquals("a->b " + i, text.text());
            DataChannelMessage bin = atB.next();
            assertTrue(bin.binary());
            assertArrayEquals(("bin a->b " + i).getBytes(StandardCharsets.UTF_8), bin.bytes());
            assertEquals("b->a " + i, atA.next().text());
            assertArrayEquals(("bin b->a " + i).getBytes(StandardCharsets.UTF_8), atA.next().bytes());
        }

        // A negotiated channel: both sides create it with the same id; no datachannel event.
        RTCDataChannel negA = a.createDataChannel("neg", DataChannelInit.defaults().withNegotiatedId(6));
        RTCDataChannel negB = b.createDataChannel("neg", DataChannelInit.defaults().withNegotiatedId(6));
        Inbox negAtA = Inbox.on(negA);
        Inbox negAtB = Inbox.on(negB);
        assertTrue(negAtA.open.await(10, TimeUnit.SECONDS) && negAtB.open.await(10, TimeUnit.SECONDS));
        assertEquals(6, negA.id());
        negA.send("over the negotiated channel");
        negB.send("and back");
        assertEquals("over the negotiated channel", negAtB.next().text());
        assertEquals("and back", negAtA.next().text());

        // One 1 MiB message (the max-message-size both advertise), whole.
        byte[] big = new byte[RTCPeerConnection.MAX_MESSAGE_SIZE];
        new Random(7).nextBytes(big);
        chatA.send(big);
        DataChannelMessage bigAtB = atB.next();
        assertEquals(big.length, bigAtB.size());
        assertArrayEquals(sha256(big), sha256(bigAtB.bytes()));
        assertThrows(IllegalArgumentException.class, () -> chatA.send(new byte[RTCPeerConnection.MAX_MESSAGE_SIZE + 1]));

        // Closing from either side: the other side sees it.
        chatA.close();
        assertTrue(atB.closed.await(10, TimeUnit.SECONDS), "the answerer saw the offerer close chat");
        assertTrue(atA.closed.await(10, TimeUnit.SECONDS));
        negB.close();
        assertTrue(negAtA.closed.await(10, TimeUnit.SECONDS), "the offerer saw the answerer close neg");
        assertEquals(DataChannelState.CLOSED, negA.readyState());
        assertTrue(ob.channels.isEmpty(), "a negotiated channel raises no datachannel event");

        // getStats on both sides: the channels' counters agree with what was sent, and with each other.
        RTCStatsReport statsA = a.getStats().get(5, TimeUnit.SECONDS);
        RTCStatsReport statsB = b.getStats().get(5, TimeUnit.SECONDS);
        long textBytes = 0;
        for (int i = 0; i < count; i++) {
            textBytes += ("a->b " + i).length() + ("bin a->b " + i).length();
        }
        RTCStats chatStatsA = channelStats(statsA, "chat");
        RTCStats chatStatsB = channelStats(statsB, "chat");
        assertEquals(2L * count + 1, chatStatsA.getLong("messagesSent"));
        assertEquals(textBytes + big.length, chatStatsA.getLong("bytesSent"));
        assertEquals(chatStatsA.getLong("messagesSent"), chatStatsB.getLong("messagesReceived"));
        assertEquals(chatStatsA.getLong("bytesSent"), chatStatsB.getLong("bytesReceived"));
        assertEquals(chatStatsB.getLong("messagesSent"), chatStatsA.getLong("messagesReceived"));
        assertEquals(chatStatsB.getLong("bytesSent"), chatStatsA.getLong("bytesReceived"));
        assertEquals(2L * count, chatStatsB.getLong("messagesSent"));
        assertEquals("closed", chatStatsA.getString("state"));
        assertEquals(chatA.id(), chatStatsA.getLong("dataChannelIdentifier"));
        assertEquals("text", chatStatsB.getString("protocol"));
        RTCStats negStatsA = channelStats(statsA, "neg");
        assertEquals(1, negStatsA.getLong("messagesSent"));
        assertEquals(1, negStatsA.getLong("messagesReceived"));
        assertEquals("and back".length(), negStatsA.getLong("bytesReceived"));
        for (RTCStatsReport r : List.of(statsA, statsB)) {
            RTCStats pc = r.only(RTCStatsType.PEER_CONNECTION);
            assertEquals(3, pc.getLong("dataChannelsOpened"), r.toJson()); // chat, timed, neg
            assertEquals(2, pc.getLong("dataChannelsClosed"), r.toJson());
        }
        assertTransportStats(statsA, "server", b.certificate());
        assertTransportStats(statsB, "client", a.certificate());
        long sentByA = statsA.only(RTCStatsType.TRANSPORT).getLong("bytesSent");
        long receivedByB = statsB.only(RTCStatsType.TRANSPORT).getLong("bytesReceived");
        assertTrue(sentByA > big.length && receivedByB > big.length && receivedByB <= sentByA + 4096,
                sentByA + " sent, " + receivedByB + " received");

        // A listener set late misses nothing: the open and the messages that came before it are replayed to it.
        RTCDataChannel late = a.createDataChannel("late");
        RTCDataChannel lateAtB = ob.channels.poll(20, TimeUnit.SECONDS);
        assertNotNull(lateAtB);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (late.readyState() != DataChannelState.OPEN && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        late.send("before any listener");
        Thread.sleep(200);
        CountDownLatch lateOpen = new CountDownLatch(1);
        BlockingQueue<String> lateMessages = new LinkedBlockingQueue<>();
        late.setListener(new RTCDataChannel.Listener() {
            @Override
            public void onOpen(RTCDataChannel c) {
                lateOpen.countDown();
            }
        });
        lateAtB.setListener(new RTCDataChannel.Listener() {
            @Override
            public void onMessage(RTCDataChannel c, DataChannelMessage m) {
                lateMessages.add(m.text());
            }
        });
        assertTrue(lateOpen.await(5, TimeUnit.SECONDS), "the open that came before the listener is replayed");
        assertEquals("before any listener", lateMessages.poll(5, TimeUnit.SECONDS));
        late.close();

        // Close frees the sockets: every local candidate's port can be bound again.
        List<Candidate> ports = new ArrayList<>(a.iceTransport().localCandidates());
        ports.addAll(b.iceTransport().localCandidates());
        assertFalse(ports.isEmpty());
        a.close();
        b.close();
        RTCStatsReport afterClose = a.getStats().get(5, TimeUnit.SECONDS);
        assertEquals(2L * count + 1, channelStats(afterClose, "chat").getLong("messagesSent"),
                "after close, getStats answers with the last report");
        assertEquals(RTCPeerConnectionState.CLOSED, a.connectionState());
        assertEquals(RTCSignalingState.CLOSED, b.signalingState());
        for (Candidate c : ports) {
            assertTrue(portIsFree(c.address()), "port of " + c + " is free after close");
        }
        assertThrows(InvalidStateException.class, () -> a.createDataChannel("late"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.createOffer().get());
        assertInstanceOf(InvalidStateException.class, e.getCause());
        assertFalse(group.isShuttingDown(), "closing connections leaves the shared group running");
    }

    @Test
    void connectionsOnTheirOwnLoopsConnectAndCloseTheirThreads() throws Exception {
        RTCPeerConnection a = newPeer(false);
        RTCPeerConnection b = newPeer(false);
        Observer oa = new Observer();
        Observer ob = new Observer();
        a.addListener(oa);
        b.addListener(ob);
        a.addListener(new RTCPeerConnectionListener() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                throw new IllegalStateException("a careless listener");
            }
        });
        RTCDataChannel early = a.createDataChannel("closed early");
        Inbox earlyInbox = Inbox.on(early);
        early.close();
        assertEquals(DataChannelState.CLOSED, early.readyState());
        RTCDataChannel ch = a.createDataChannel("x");
        Inbox inbox = Inbox.on(ch);
        negotiate(a, oa, b, ob, true);
        assertTrue(inbox.open.await(20, TimeUnit.SECONDS), "a throwing listener did not stop the connection");
        RTCDataChannel remote = ob.channels.poll(10, TimeUnit.SECONDS);
        assertNotNull(remote);
        assertEquals("x", remote.label(), "the channel closed before negotiation was never announced");
        assertTrue(earlyInbox.closed.await(5, TimeUnit.SECONDS));
        assertEquals(1, earlyInbox.open.getCount(), "never opened");
        Inbox atB = Inbox.on(remote);
        ch.send("hi");
        assertEquals("hi", atB.next().text());

        a.close();
        b.close();
        assertTrue(atB.closed.await(5, TimeUnit.SECONDS), "closing a connection closes the peer's channels");
        assertTrue(a.iceTransport().eventLoop().isShuttingDown(), "a private loop is shut down");
        assertTrue(b.iceTransport().eventLoop().awaitTermination(5, TimeUnit.SECONDS), "its thread ended");
    }

    @Test
    void aWrongFingerprintInTheAnswerFailsTheConnection() throws Exception {
        RTCPeerConnection a = newPeer(true);
        RTCPeerConnection b = newPeer(true);
        Observer oa = new Observer();
        Observer ob = new Observer();
        a.addListener(oa);
        b.addListener(ob);
        a.createDataChannel("doomed");
        a.setLocalDescription().get();
        oa.gathered.get(10, TimeUnit.SECONDS);
        b.setRemoteDescription(a.localDescription()).get();
        b.setLocalDescription().get();
        ob.gathered.get(10, TimeUnit.SECONDS);
        String answer = b.localDescription().sdp();
        String realFingerprint = b.certificate().fingerprint().toSdpValue();
        String wrongFingerprint = DtlsCertificate.generate().fingerprint().toSdpValue();
        assertTrue(answer.contains(realFingerprint));
        long start = System.nanoTime();
        a.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER,
                answer.replace(realFingerprint, wrongFingerprint))).get();
        oa.awaitState(RTCPeerConnectionState.FAILED, 15);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
        assertEquals(RTCPeerConnectionState.FAILED, a.connectionState());
        ob.awaitState(RTCPeerConnectionState.FAILED, 15);
        assertFalse(a.sctp().isConnected(), "no association over an unauthenticated DTLS connection");
    }

    @Test
    void anIceThatNeverConnectsFailsInBoundedTimeAndCloseFreesItsPorts() throws Exception {
        // Checks retransmitted 3 times, 100 ms apart at first (RFC 8489 backoff): a dead peer is found out in
        // about 1.5 s instead of the default 39.5 s.
        RTCConfiguration quickFail = RTCConfiguration.defaults().withIce(IceAgentConfig.builder()
                .interfaceAddress("127.0.0.1").stunRto(java.time.Duration.ofMillis(100)).stunMaxTransmissions(3)
                .build());
        RTCPeerConnection a = new RTCPeerConnection(quickFail, group, null);
        toClose.add(a);
        RTCPeerConnection b = newPeer(true);
        Observer oa = new Observer();
        Observer ob = new Observer();
        a.addListener(oa);
        b.addListener(ob);
        RTCDataChannel channel = a.createDataChannel("never");
        a.setLocalDescription().get();
        oa.gathered.get(10, TimeUnit.SECONDS);
        b.setRemoteDescription(a.localDescription()).get();
        b.setLocalDescription().get();
        ob.gathered.get(10, TimeUnit.SECONDS);
        RTCSessionDescription answer = b.localDescription();
        b.close(); // its candidates in the answer now lead nowhere

        long start = System.nanoTime();
        a.setRemoteDescription(answer).get();
        oa.awaitState(RTCPeerConnectionState.FAILED, 20);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 10_000, "failed after " + tookMillis + " ms");
        assertEquals(IceConnectionState.FAILED, a.iceConnectionState());
        assertEquals(DataChannelState.CONNECTING, channel.readyState(), "never opened");
        assertThrows(InvalidStateException.class, () -> channel.send("nowhere"));
        RTCStats pairs = a.getStats().get(5, TimeUnit.SECONDS).ofType(RTCStatsType.CANDIDATE_PAIR).get(0);
        assertEquals("failed", pairs.getString("state"));
        assertEquals(0, pairs.getLong("responsesReceived"));

        List<Candidate> ports = new ArrayList<>(a.iceTransport().localCandidates());
        assertFalse(ports.isEmpty());
        a.close();
        assertEquals(RTCPeerConnectionState.CLOSED, a.connectionState());
        for (Candidate c : ports) {
            assertTrue(portIsFree(c.address()), "port of " + c + " is free after close");
        }
    }

    /** W3C certificates: a configured certificate is the one offered (its fingerprint) and used by every connection. */
    @Test
    void aConfiguredCertificateIsUsedAndOffered() throws Exception {
        DtlsCertificate certificate = DtlsCertificate.generate();
        RTCConfiguration config = LOOPBACK.withCertificate(certificate);
        List<String> fingerprints = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RTCPeerConnection pc = new RTCPeerConnection(config, group, null);
            toClose.add(pc);
            assertTrue(certificate == pc.certificate());
            String sdp = pc.createOffer().get().sdp();
            fingerprints.add(sdp.lines().filter(l -> l.startsWith("a=fingerprint:")).findFirst().orElseThrow());
        }
        assertEquals("a=fingerprint:" + certificate.fingerprint().toSdpValue(), fingerprints.get(0));
        assertEquals(fingerprints.get(0), fingerprints.get(1));
        RTCPeerConnection own = newPeer(true);
        assertFalse(own.createOffer().get().sdp().contains(certificate.fingerprint().toSdpValue()),
                "without one configured, each connection makes its own");
    }

    @Test
    void descriptionsInTheWrongStateAreRefusedWithATypedError() throws Exception {
        RTCPeerConnection a = newPeer(true);
        RTCPeerConnection b = newPeer(true);
        RTCSessionDescription offer = a.createOffer().get();
        b.setRemoteDescription(offer).get();
        RTCSessionDescription answer = b.createAnswer().get();

        ExecutionException e = assertThrows(ExecutionException.class, () -> a.setRemoteDescription(answer).get());
        InvalidStateException ise = assertInstanceOf(InvalidStateException.class, e.getCause());
        assertTrue(ise.getMessage().contains("answer") && ise.getMessage().contains("stable"), ise.getMessage());
        assertEquals(RTCSignalingState.STABLE, a.signalingState(), "a refused description changes nothing");
        assertEquals(null, a.remoteDescription());

        e = assertThrows(ExecutionException.class, () -> a.createAnswer().get());
        assertInstanceOf(InvalidStateException.class, e.getCause());
        e = assertThrows(ExecutionException.class, () -> a.addIceCandidate(RTCIceCandidate.endOfCandidates("0")).get());
        assertInstanceOf(InvalidStateException.class, e.getCause());

        // An offer in have-remote-offer's place for the local side: an answer is expected.
        e = assertThrows(ExecutionException.class, () -> b.setLocalDescription(offer).get());
        assertInstanceOf(InvalidStateException.class, e.getCause());
        // Rollback returns to stable.
        b.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ROLLBACK, "")).get();
        assertEquals(RTCSignalingState.STABLE, b.signalingState());
    }

    @Test
    void malformedOrUnusableSdpGivesAClearError() throws Exception {
        RTCPeerConnection a = newPeer(true);
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.setRemoteDescription(
                new RTCSessionDescription(RTCSdpType.OFFER, "v=0\r\nthis is not sdp\r\n")).get());
        SdpParseException p = assertInstanceOf(SdpParseException.class, e.getCause());
        assertEquals(2, p.lineNumber(), p.getMessage());
        assertEquals(RTCSignalingState.STABLE, a.signalingState());

        RTCPeerConnection b = newPeer(true);
        String offer = b.createOffer().get().sdp();
        String noFingerprint = offer.replaceAll("a=fingerprint:[^\r\n]*\r\n", "");
        e = assertThrows(ExecutionException.class, () -> a.setRemoteDescription(
                new RTCSessionDescription(RTCSdpType.OFFER, noFingerprint)).get());
        assertTrue(assertInstanceOf(SdpParseException.class, e.getCause()).getMessage().contains("fingerprint"));

        String badFingerprint = offer.replaceAll("a=fingerprint:sha-256 [^\r\n]*", "a=fingerprint:sha-256 ZZ:00");
        e = assertThrows(ExecutionException.class, () -> a.setRemoteDescription(
                new RTCSessionDescription(RTCSdpType.OFFER, badFingerprint)).get());
        assertTrue(assertInstanceOf(SdpParseException.class, e.getCause()).getMessage().contains("ZZ:00"));

        e = assertThrows(ExecutionException.class, () -> a.addIceCandidate(
                new RTCIceCandidate("candidate:1 1 udp notanumber 127.0.0.1 9 typ host", "0", 0, null)).get());
        assertInstanceOf(InvalidStateException.class, e.getCause(), "no remote description yet");
        a.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer)).get();
        e = assertThrows(ExecutionException.class, () -> a.addIceCandidate(
                new RTCIceCandidate("candidate:1 1 udp notanumber 127.0.0.1 9 typ host", "0", 0, null)).get());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());

        // An empty mid is no mid (Pion trickles sdpMid ""): the index names the section, as in browsers.
        String good = "candidate:1 1 udp 2130706431 127.0.0.1 9 typ host";
        a.addIceCandidate(new RTCIceCandidate(good, "", 0, null)).get();
        e = assertThrows(ExecutionException.class, () -> a.addIceCandidate(
                new RTCIceCandidate(good, "", 3, null)).get());
        assertTrue(assertInstanceOf(IllegalArgumentException.class, e.getCause()).getMessage().contains("index 3"));
        e = assertThrows(ExecutionException.class, () -> a.addIceCandidate(
                new RTCIceCandidate(good, "nope", 0, null)).get());
        assertTrue(assertInstanceOf(IllegalArgumentException.class, e.getCause()).getMessage().contains("nope"));
    }

    /**
     * Whether the address can be bound again. On a shared loop NettyIceTransport.close() returns after one round
     * trip through the loop, and now and then the selector has not released the socket yet (seen free within
     * 100 ms): so a leak is a port still taken after 2 s.
     */
    private static boolean portIsFree(InetSocketAddress address) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket s = new DatagramSocket(address)) {
                return s.isBound();
            } catch (java.net.SocketException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
