package dev.robusta.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.interop.process.MessagePatterns;
import dev.robusta.interop.process.PeerProcess;
import dev.robusta.interop.process.PionBuild;
import dev.robusta.peer.RTCConfiguration;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCIceCandidate;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import dev.robusta.peer.RTCSdpType;
import dev.robusta.peer.RTCSessionDescription;
import dev.robusta.sctp.DataChannelMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our {@link RTCPeerConnection} against Pion v3.1.56 (pion/sctp 1.8.6, Debian's packages, built by
 * {@link PionBuild}) over UDP on 127.0.0.1, both trickling their candidates, in both roles.
 *
 * <p>Pion's trickled candidates carry {@code sdpMid: ""} beside {@code sdpMLineIndex: 0}; each must be accepted.
 * Pion advertises no {@code a=max-message-size}, so we send it at most 65,536 bytes (RFC 8841); Pion 3.1 itself
 * reads at most 65,535 (its read buffer is {@code math.MaxUint16} bytes, and a longer message closes the channel
 * on its side), so the large message toward it is 65,535 bytes, and Pion sends us 65,536.
 */
@Timeout(600)
class PionPeerConnectionInteropTest {
    private static final RTCConfiguration LOOPBACK = RTCConfiguration.defaults()
            .withIce(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Connections made in each role; every one must open its channel and carry a message each way. */
    private static final int CONNECTIONS = 100;
    /** Text and binary messages of the test sequence: 100 messages each way. */
    private static final int SEQUENCE = 50;
    private static final int LARGE_TO_PION = 65535;
    private static final int LARGE_TO_JAVA = 65536;

    private static EventLoopGroup group;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(PionBuild.available(), "golang-go or golang-github-pion-webrtc.v3-dev is not installed");
        PionBuild.binary(); // build once, outside the tests' timing
        group = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Connects {@value #CONNECTIONS} times in one role; every channel opens and carries a message each way. */
    @ParameterizedTest(name = "Pion offers: {0}")
    @ValueSource(booleans = {true, false})
    void everyConnectionOpensItsChannel(boolean pionOffers) throws Exception {
        List<String> failures = new ArrayList<>();
        int candidates = 0;
        for (int i = 0; i < CONNECTIONS; i++) {
            try (Connection c = Connection.open(pionOffers)) {
                c.channel.send("ping " + i);
                JsonNode atPion = c.pion.await("message", WAIT);
                assertEquals("ping " + i, atPion.path("text").asText());
                c.pion.command("send_text", "label", "chat", "text", "pong " + i);
                assertEquals("pong " + i, c.next().text());
                candidates += c.candidatesAdded;
            } catch (Exception | AssertionError e) {
                failures.add("connection " + i + ": " + e);
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + CONNECTIONS + " connections failed");
        assertTrue(candidates >= CONNECTIONS, "Pion trickled its candidates (" + candidates + " added)");
    }

    /**
     * One connection in depth: 100 messages each way intact and in order, the largest message each side can
     * take, the 64 KiB limit we keep toward Pion, then our channel close seen by Pion and Pion's connection close
     * seen by us.
     */
    @ParameterizedTest(name = "Pion offers: {0}")
    @ValueSource(booleans = {true, false})
    void messagesLargeMessagesAndClose(boolean pionOffers) throws Exception {
        try (Connection c = Connection.open(pionOffers)) {
            c.pion.command("expect", "label", "chat", "count", SEQUENCE);
            c.pion.await("expecting", WAIT); // our messages must not overtake the command
            c.pion.command("send_sequence", "label", "chat", "count", SEQUENCE);
            for (int i = 0; i < SEQUENCE; i++) {
                c.channel.send(MessagePatterns.text(i));
                c.channel.send(MessagePatterns.binary(i));
            }
            for (int i = 0; i < SEQUENCE; i++) {
                DataChannelMessage text = c.next();
                assertEquals(MessagePatterns.text(i), text.text(), "text " + i);
                DataChannelMessage binary = c.next();
                assertArrayEquals(MessagePatterns.binary(i), binary.bytes(), "binary " + i);
            }
            JsonNode sequence = c.pion.await("sequence", WAIT);
            assertEquals(0, sequence.path("errors").size(), "Pion saw the sequence intact: " + sequence);

            IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                    () -> c.channel.send(new byte[65537]));
            assertTrue(tooLarge.getMessage().contains("maximum message size"), tooLarge.getMessage());
            byte[] toPion = MessagePatterns.large(LARGE_TO_PION);
            c.channel.send(toPion);
            JsonNode largeAtPion = c.pion.await("message", WAIT);
            assertEquals(LARGE_TO_PION, largeAtPion.path("size").asInt());
            assertEquals(MessagePatterns.sha256(toPion), largeAtPion.path("sha256").asText());
            c.pion.command("send_large", "label", "chat", "size", LARGE_TO_JAVA);
            DataChannelMessage large = c.next();
            assertArrayEquals(MessagePatterns.large(LARGE_TO_JAVA), large.bytes());

            c.pion.command("report", "label", "chat");
            JsonNode report = c.pion.await("report", WAIT);
            long sequenceBytes = MessagePatterns.sequenceBytes(SEQUENCE);
            assertEquals(2L * SEQUENCE + 1, report.path("messagesReceived").asLong());
            assertEquals(sequenceBytes + LARGE_TO_PION, report.path("bytesReceived").asLong());

            // A second channel, closed by us: Pion sees it close. Then Pion closes the connection: we see ours close.
            RTCDataChannel second = c.pc.createDataChannel("second");
            c.pion.await("open", e -> e.path("label").asText().equals("second"), WAIT);
            second.close();
            c.pion.await("channel_close", e -> e.path("label").asText().equals("second"), WAIT);
            c.pion.command("close");
            c.pion.await("closed", WAIT);
            c.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** One Java and one Pion peer, connected, with the "chat" channel open on both sides. */
    private static final class Connection implements RTCPeerConnectionListener, RTCDataChannel.Listener,
            AutoCloseable {
        final PeerProcess pion;
        final RTCPeerConnection pc;
        final BlockingQueue<DataChannelMessage> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<RTCDataChannel> open = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final List<RTCIceCandidate> held = new ArrayList<>();
        private boolean descriptionSent;
        RTCDataChannel channel;
        int candidatesAdded;

        private Connection(PeerProcess pion) {
            this.pion = pion;
            this.pc = new RTCPeerConnection(LOOPBACK, group, null);
            pc.addListener(this);
        }

        static Connection open(boolean pionOffers) throws Exception {
            Connection c = new Connection(PeerProcess.pion("pion"));
            try {
                c.negotiate(pionOffers);
                return c;
            } catch (Exception | AssertionError e) {
                c.close();
                throw e;
            }
        }

        private void negotiate(boolean pionOffers) throws Exception {
            if (pionOffers) {
                pion.command("channel", "label", "chat");
                pion.command("offer");
                JsonNode offer = pion.await("description", WAIT);
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer.path("sdp").asText()))
                        .get(5, TimeUnit.SECONDS);
                RTCSessionDescription answer = pc.createAnswer().get(5, TimeUnit.SECONDS);
                pc.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
                pion.command("remote", "type", "answer", "sdp", answer.sdp());
                descriptionSent();
                pion.await("remote_set", WAIT);
            } else {
                RTCDataChannel own = pc.createDataChannel("chat");
                own.setListener(this);
                RTCSessionDescription offer = pc.createOffer().get(5, TimeUnit.SECONDS);
                pc.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
                pion.command("remote", "type", "offer", "sdp", offer.sdp());
                descriptionSent();
                JsonNode answer = pion.await("description", WAIT);
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answer.path("sdp").asText()))
                        .get(5, TimeUnit.SECONDS);
            }
            addPionCandidates();
            channel = open.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            pion.await("open", e -> e.path("label").asText().equals("chat"), WAIT);
        }

        /** Adds each candidate Pion trickles until it has gathered them all; every one must be accepted. */
        private void addPionCandidates() throws Exception {
            long end = System.nanoTime() + WAIT.toNanos();
            boolean gathered = false;
            while (true) {
                for (JsonNode c : pion.drain("candidate")) {
                    Integer index = c.has("sdpMLineIndex") ? c.path("sdpMLineIndex").asInt() : null;
                    String mid = c.has("sdpMid") ? c.path("sdpMid").asText() : null;
                    pc.addIceCandidate(new RTCIceCandidate(c.path("candidate").asText(), mid, index, null))
                            .get(5, TimeUnit.SECONDS);
                    candidatesAdded++;
                }
                if (gathered) {
                    return;
                }
                gathered = !pion.drain("gathered").isEmpty(); // then drain once more: candidates came before it
                if (!gathered) {
                    assertTrue(System.nanoTime() < end, "Pion did not finish gathering within " + WAIT);
                    Thread.sleep(2);
                }
            }
        }

        DataChannelMessage next() throws InterruptedException {
            DataChannelMessage m = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(m, "a message within " + WAIT);
            return m;
        }

        @Override
        public synchronized void onIceCandidate(RTCIceCandidate candidate) {
            if (descriptionSent) {
                send(candidate);
            } else {
                held.add(candidate);
            }
        }

        private synchronized void descriptionSent() {
            descriptionSent = true;
            held.forEach(this::send);
            held.clear();
        }

        private void send(RTCIceCandidate c) {
            pion.command("candidate", "candidate", c.candidate(), "sdpMid", c.sdpMid(), "sdpMLineIndex",
                    c.sdpMLineIndex());
        }

        @Override
        public void onDataChannel(RTCDataChannel remote) {
            remote.setListener(this);
            open.complete(remote); // announced channels are open
        }

        @Override
        public void onOpen(RTCDataChannel c) {
            open.complete(c);
        }

        @Override
        public void onMessage(RTCDataChannel c, DataChannelMessage message) {
            messages.add(message);
        }

        @Override
        public void onClose(RTCDataChannel c) {
            if ("chat".equals(c.label())) {
                closed.complete(null);
            }
        }

        @Override
        public void close() {
            try {
                pc.close();
            } finally {
                pion.close();
            }
        }
    }
}
