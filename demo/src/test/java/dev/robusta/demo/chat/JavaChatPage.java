package dev.robusta.demo.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.peer.RTCConfiguration;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCIceCandidate;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import dev.robusta.peer.RTCSdpType;
import dev.robusta.peer.RTCSessionDescription;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.DataChannelState;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.gstreamer.GstEvent;
import dev.robusta.signaling.gstreamer.GstSignallingClient;
import dev.robusta.signaling.json.Json;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the chat page does, in Java, for tests without a browser: the same signalling (GStreamer protocol, consumer)
 * and the same data-channel messages. Answers pings at once, as the page does; every JSON message it receives on
 * the channel is queued in {@link #received}.
 */
final class JavaChatPage implements AutoCloseable {
    private static final RTCConfiguration LOOPBACK = RTCConfiguration.defaults()
            .withIce(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());

    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final BlockingQueue<GstEvent> ends = new LinkedBlockingQueue<>();
    final CompletableFuture<RTCDataChannel> open = new CompletableFuture<>();
    private final RTCPeerConnection pc;
    private final boolean pageOffers;
    private volatile GstSignallingClient signalling;
    private volatile String sessionId;
    /** Candidates found before the session id is known. */
    private final List<String> heldCandidates = new ArrayList<>();

    /** @param pageOffers the page sends the offer in startSession (else the Java peer offers, as the real page has it) */
    private JavaChatPage(EventLoopGroup group, boolean pageOffers) {
        this.pc = new RTCPeerConnection(LOOPBACK, group, null);
        this.pageOffers = pageOffers;
        pc.addListener(new RTCPeerConnectionListener() {
            @Override
            public void onIceCandidate(RTCIceCandidate c) {
                synchronized (heldCandidates) {
                    if (sessionId == null) {
                        heldCandidates.add(c.candidate());
                        return;
                    }
                }
                signalling.sendIce(sessionId, c.candidate(), 0);
            }

            @Override
            public void onDataChannel(RTCDataChannel channel) {
                use(channel);
            }
        });
    }

    static JavaChatPage open(URI signallingUri, EventLoopGroup group, boolean pageOffers) throws Exception {
        JavaChatPage page = new JavaChatPage(group, pageOffers);
        page.signalling = GstSignallingClient.connect(signallingUri, true, ClientOptions.defaults(), page::onEvent)
                .get(10, TimeUnit.SECONDS);
        String producer = page.signalling.list().get(10, TimeUnit.SECONDS).stream()
                .filter(p -> p.meta() != null && ChatProducer.PRODUCER_NAME.equals(p.meta().path("name").asText()))
                .findFirst().orElseThrow().id();
        String offer = null;
        if (pageOffers) {
            page.use(page.pc.createDataChannel("chat"));
            page.pc.setLocalDescription().get(10, TimeUnit.SECONDS);
            offer = page.pc.localDescription().sdp();
        }
        page.signalling.startSession(producer, offer).get(10, TimeUnit.SECONDS);
        return page;
    }

    String sessionId() {
        return sessionId;
    }

    void sendChat(long seq, String text) throws Exception {
        open.get(20, TimeUnit.SECONDS).send(Json.write(Json.object().put("type", "chat").put("seq", seq)
                .put("text", text)));
    }

    /** Sends a text as it is (not one of the page's messages). */
    void sendRaw(String text) throws Exception {
        open.get(20, TimeUnit.SECONDS).send(text);
    }

    void sendBinary(byte[] data) throws Exception {
        open.get(20, TimeUnit.SECONDS).send(data);
    }

    /** The next message of {@code type}, skipping others (pings are answered as they come); fails after 20 s. */
    JsonNode next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode m = received.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m.path("type").asText().equals(type)) {
                return m;
            }
        }
        throw new AssertionError("no '" + type + "' message within 20 s");
    }

    /** Leaves the signalling server, as closing the tab does; the connection is left to the Java peer to end. */
    void closeSignalling() {
        signalling.close();
    }

    @Override
    public void close() {
        signalling.close();
        pc.close();
    }

    private void use(RTCDataChannel channel) {
        channel.setListener(new RTCDataChannel.Listener() {
            @Override
            public void onOpen(RTCDataChannel c) {
                open.complete(c);
            }

            @Override
            public void onMessage(RTCDataChannel c, DataChannelMessage message) {
                if (message.binary()) {
                    received.add(Json.object().put("type", "binary").put("bytes",
                            java.util.Base64.getEncoder().encodeToString(message.bytes())));
                    return;
                }
                try {
                    JsonNode m = Json.parse(message.text());
                    if (m.path("type").asText().equals("ping")) {
                        c.send(Json.write(Json.object().put("type", "pong").put("seq", m.path("seq").asLong())));
                    }
                    received.add(m);
                } catch (Exception e) {
                    received.add(Json.object().put("type", "unparsed").put("text", message.text()));
                }
            }
        });
        if (channel.readyState() == DataChannelState.OPEN) {
            open.complete(channel);
        }
    }

    private void onEvent(GstEvent event) {
        if (event instanceof GstEvent.SessionStarted started) {
            // Before any message of the session: the events come in order.
            synchronized (heldCandidates) {
                sessionId = started.sessionId();
                for (String c : heldCandidates) {
                    signalling.sendIce(sessionId, c, 0);
                }
                heldCandidates.clear();
            }
        } else if (event instanceof GstEvent.Sdp sdp && sdp.sessionId().equals(sessionId)) {
            if (sdp.type().equals("offer") && !pageOffers) {
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, sdp.sdp()))
                        .thenCompose(v -> pc.setLocalDescription())
                        .thenRun(() -> signalling.sendSdp(sessionId, "answer", pc.localDescription().sdp()));
            } else if (sdp.type().equals("answer") && pageOffers) {
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp.sdp()));
            }
        } else if (event instanceof GstEvent.Ice ice) {
            pc.addIceCandidate(new RTCIceCandidate(ice.candidate(), null, 0, null));
        } else if (event instanceof GstEvent.EndSession) {
            ends.add(event);
        }
    }
}
