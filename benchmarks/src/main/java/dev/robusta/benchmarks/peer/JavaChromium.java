package dev.robusta.benchmarks.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.benchmarks.BackPressure;
import dev.robusta.interop.browser.PeerPage;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCIceCandidate;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import dev.robusta.peer.RTCSdpType;
import dev.robusta.peer.RTCSessionDescription;
import dev.robusta.sctp.DataChannelMessage;
import io.netty.channel.EventLoopGroup;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Our RTCPeerConnection and one in headless Chromium's harness page, signalled over the page's WebSocket with
 * trickle ICE both ways: we offer, Chromium answers.
 */
final class JavaChromium {
    private static final Duration STEP = Duration.ofSeconds(30);
    /** The sender keeps at most this much queued, as the browsers' pages do. */
    private static final long HIGH_WATER = 4L << 20;

    private final EventLoopGroup group;
    private final PeerPage page;

    JavaChromium(EventLoopGroup group, PeerPage page) {
        this.group = group;
        this.page = page;
    }

    /** A connected pair with one open channel "bench", and the time from createOffer to it being open at both ends. */
    Connection setupOnce(String name) throws Exception {
        Connection c = new Connection(name);
        try {
            c.connect();
            return c;
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    final class Connection implements AutoCloseable {
        private final String name;
        private final RTCPeerConnection pc = new RTCPeerConnection(JavaPeers.LOOPBACK, group, null);
        private final Held<RTCIceCandidate> toBrowser = new Held<>(this::sendCandidate);
        private final Held<JsonNode> fromBrowser = new Held<>(this::addBrowserCandidate);
        private final CompletableFuture<Void> open = new CompletableFuture<>();
        private volatile PeerConnectionHarness.StreamCounter stream;
        private final Semaphore room = new Semaphore(0);
        private RTCDataChannel channel;
        private double setupMillis;

        Connection(String name) {
            this.name = name;
        }

        double setupMillis() {
            return setupMillis;
        }

        void connect() throws Exception {
            pc.addListener(new RTCPeerConnectionListener() {
                @Override
                public void onIceCandidate(RTCIceCandidate candidate) {
                    toBrowser.offer(candidate);
                }
            });
            page.onEvent(e -> {
                if ("candidate".equals(e.path("ev").asText()) && name.equals(e.path("pc").asText())) {
                    fromBrowser.offer(e);
                }
            });
            page.callAndWait("create", Map.of("pc", name, "trickle", true), STEP);
            channel = pc.createDataChannel("bench");
            channel.setBufferedAmountLowThreshold(HIGH_WATER / 2);
            channel.setListener(new RTCDataChannel.Listener() {
                @Override
                public void onOpen(RTCDataChannel c) {
                    open.complete(null);
                }

                @Override
                public void onMessage(RTCDataChannel c, DataChannelMessage m) {
                    PeerConnectionHarness.StreamCounter s = stream;
                    if (s != null) {
                        s.onMessage(m);
                    }
                }

                @Override
                public void onBufferedAmountLow(RTCDataChannel c) {
                    room.release();
                }
            });
            long t0 = System.nanoTime();
            pc.setLocalDescription(pc.createOffer().get()).get();
            String answer = page.callAndWait("answerOffer", Map.of("pc", name, "sdp", pc.localDescription().sdp()),
                    STEP).asText();
            toBrowser.release();
            pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answer)).get();
            fromBrowser.release();
            open.get(STEP.toMillis(), TimeUnit.MILLISECONDS);
            page.awaitEvent("open", name, "bench", STEP);
            setupMillis = (System.nanoTime() - t0) / 1e6;
        }

        /** Java sends {@code count} messages; Chromium times them from the first to the last arrival (MB/s). */
        double javaToChromium(int count, int size) throws Exception {
            page.callAndWait("expectStream", Map.of("pc", name, "label", "bench", "count", count, "size", size), STEP);
            int before = page.events().size();
            byte[] message = new byte[size];
            ByteBuffer view = ByteBuffer.wrap(message);
            for (int i = 0; i < count; i++) {
                BackPressure.awaitRoom(channel::bufferedAmount, room, HIGH_WATER, 100);
                view.putInt(0, i);
                channel.send(message);
            }
            JsonNode got = page.awaitEvent(e -> "stream".equals(e.path("ev").asText())
                    && name.equals(e.path("pc").asText()) && page.events().indexOf(e) >= before, STEP,
                    "stream received by Chromium");
            if (got.path("errors").asInt() != 0 || got.path("count").asInt() != count) {
                throw new IllegalStateException("Chromium received " + got);
            }
            return (double) count * size / 1e6 / (got.path("millis").asDouble() / 1e3);
        }

        /** Chromium sends {@code count} messages; we time them from the first to the last arrival (MB/s). */
        double chromiumToJava(int count, int size) throws Exception {
            PeerConnectionHarness.StreamCounter s = new PeerConnectionHarness.StreamCounter(count, size);
            stream = s;
            page.call("sendStream", Map.of("pc", name, "label", "bench", "count", count, "size", size));
            try {
                return s.megabytesPerSecond.get(STEP.toSeconds() * 2, TimeUnit.SECONDS);
            } finally {
                stream = null;
            }
        }

        private void sendCandidate(RTCIceCandidate c) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("pc", name);
            fields.put("candidate", c.isEndOfCandidates() ? null : c.candidate());
            fields.put("sdpMid", c.sdpMid());
            page.call("addCandidate", fields);
        }

        private void addBrowserCandidate(JsonNode e) {
            JsonNode c = e.get("candidate");
            pc.addIceCandidate(c == null || c.isNull()
                    ? RTCIceCandidate.endOfCandidates(e.path("sdpMid").asText(null))
                    : new RTCIceCandidate(c.asText(), e.path("sdpMid").asText(null), null, null));
        }

        @Override
        public void close() {
            pc.close();
            page.call("closePc", Map.of("pc", name));
        }
    }
}
