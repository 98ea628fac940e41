package dev.robusta.demo.chat;

import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCIceCandidate;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import dev.robusta.peer.RTCPeerConnectionState;
import dev.robusta.peer.RTCSdpType;
import dev.robusta.peer.RTCSessionDescription;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.DataChannelState;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser tab's conversation: an {@link RTCPeerConnection} with a {@code chat} data channel whose messages
 * are echoed, and a ping every {@code pingInterval} whose round trip is logged and reported to the page
 * ({@link ChatMessages}). Ends when the tab's signalling session ends, the connection fails or closes, or the demo
 * stops; {@code onEnded} runs once then.
 */
final class ChatSession {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSession.class);
    /** A round trip is logged every this many pings (each is shown on the page). */
    private static final int LOG_EVERY = 10;

    /** Where the session's signalling goes: the {@code peer} and {@code endSession} messages of its session. */
    interface Signalling {
        void sendSdp(String type, String sdp);

        void sendIce(String candidate, long sdpMLineIndex);

        /** Ends the signalling session; {@code error} null for a normal end. */
        void end(String error);
    }

    private final String name;
    private final RTCPeerConnection pc;
    private final Signalling signalling;
    private final Duration pingInterval;
    private final Runnable onEnded;
    private final Executor teardown;
    private final EventLoop loop;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Loop only. */
    private final RoundTrips roundTrips = new RoundTrips();
    private volatile RTCDataChannel channel;
    private volatile ScheduledFuture<?> pinger;
    private volatile long echoed;

    /**
     * @param teardown where {@link #end} closes the connection: not the connection's own loop, so that a close
     *                 begun by one of its events never waits on that loop
     */
    ChatSession(String name, RTCPeerConnection pc, Signalling signalling, Duration pingInterval, Executor teardown,
                Runnable onEnded) {
        this.name = name;
        this.teardown = teardown;
        this.pc = pc;
        this.signalling = signalling;
        this.pingInterval = pingInterval;
        this.onEnded = onEnded;
        this.loop = pc.iceTransport().eventLoop();
        pc.addListener(new RTCPeerConnectionListener() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                // sdpMLineIndex 0: the one bundled data section. An empty candidate is end-of-candidates.
                signalling.sendIce(candidate.candidate(), 0);
            }

            @Override
            public void onDataChannel(RTCDataChannel remote) {
                if (channel == null) {
                    use(remote);
                } else {
                    LOG.info("[{}] the page opened a second channel '{}': closing it", name, remote.label());
                    remote.close();
                }
            }

            @Override
            public void onConnectionStateChange(RTCPeerConnectionState state) {
                LOG.debug("[{}] connection {}", name, state);
                if (state == RTCPeerConnectionState.CONNECTED) {
                    LOG.info("[{}] connected: ICE {}", name, pc.iceTransport().selectedPair());
                } else if (state == RTCPeerConnectionState.FAILED) {
                    end("the peer connection failed");
                } else if (state == RTCPeerConnectionState.CLOSED) {
                    end(null);
                }
            }
        });
    }

    /** The Java peer offers, with a {@code chat} channel in it; the answer comes through {@link #remoteDescription}. */
    CompletableFuture<Void> offer() {
        use(pc.createDataChannel("chat"));
        return pc.setLocalDescription().thenRun(() -> signalling.sendSdp("offer", pc.localDescription().sdp()));
    }

    /** The page offered (its own channel comes as a datachannel event): the Java peer answers. */
    CompletableFuture<Void> answer(String offerSdp) {
        return pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offerSdp))
                .thenCompose(v -> pc.setLocalDescription())
                .thenRun(() -> signalling.sendSdp("answer", pc.localDescription().sdp()));
    }

    /** An SDP from the page: only an answer to our offer is expected here. */
    CompletableFuture<Void> remoteDescription(String type, String sdp) {
        if (!"answer".equals(type)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "expected an answer from the page, got " + type));
        }
        return pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp));
    }

    /**
     * A trickled candidate from the page (empty: end-of-candidates). The Java peer gathers on 127.0.0.1 only, and
     * browsers seldom offer a loopback candidate: Chromium offers its LAN addresses, hidden behind mDNS names
     * ({@code *.local}) in ordinary use, which cannot be resolved here and are skipped. The page's checks still
     * reach us, and its address shows as a peer-reflexive candidate (RFC 8445 7.3.1.3). So the page's
     * end-of-candidates is not passed on: with no usable pair, ICE would give up at once, before those checks
     * arrive; without it, ICE waits for them (and fails on its own timer if none come).
     */
    CompletableFuture<Void> remoteCandidate(String candidate) {
        String c = candidate == null ? "" : candidate.trim();
        if (c.startsWith("a=")) {
            c = c.substring(2);
        }
        LOG.debug("[{}] remote candidate '{}'", name, c);
        if (c.isEmpty() || isMdnsCandidate(c)) {
            return CompletableFuture.completedFuture(null);
        }
        return pc.addIceCandidate(new RTCIceCandidate(c, null, 0, null));
    }

    static boolean isMdnsCandidate(String candidate) {
        String[] f = candidate.split(" ");
        return f.length > 4 && f[4].toLowerCase(Locale.ROOT).endsWith(".local");
    }

    /** Ends the session once: stops the pings, closes the connection, ends the signalling session. */
    void end(String error) {
        if (ended.compareAndSet(false, true)) {
            teardown.execute(() -> tearDown(error));
        }
    }

    private void tearDown(String error) {
        ScheduledFuture<?> p = pinger;
        if (p != null) {
            p.cancel(false);
        }
        if (error != null) {
            LOG.info("[{}] ended: {}", name, error);
        } else {
            LOG.info("[{}] ended ({} messages echoed, median round trip {})", name, echoed,
                    ms(roundTrips.medianMs()));
        }
        try {
            signalling.end(error);
        } finally {
            try {
                pc.close();
            } finally {
                onEnded.run();
            }
        }
    }

    private void use(RTCDataChannel c) {
        channel = c;
        c.setListener(new RTCDataChannel.Listener() {
            @Override
            public void onOpen(RTCDataChannel ch) {
                LOG.info("[{}] data channel '{}' open: echoing, pinging every {} ms", name, ch.label(),
                        pingInterval.toMillis());
                ch.send(ChatMessages.hello("Hello from Robusta's Java RTCPeerConnection (Java "
                        + Runtime.version().feature() + "). I echo what you send and ping you every "
                        + pingInterval.toMillis() + " ms."));
                startPinging(ch);
            }

            @Override
            public void onMessage(RTCDataChannel ch, DataChannelMessage message) {
                onChannelMessage(ch, message);
            }

            @Override
            public void onClose(RTCDataChannel ch) {
                LOG.debug("[{}] data channel closed", name);
                end(null);
            }
        });
    }

    private void startPinging(RTCDataChannel ch) {
        long periodNanos = pingInterval.toNanos();
        pinger = loop.scheduleAtFixedRate(() -> {
            if (ended.get() || ch.readyState() != DataChannelState.OPEN) {
                return;
            }
            try {
                ch.send(ChatMessages.ping(roundTrips.sent(System.nanoTime())));
            } catch (RuntimeException e) {
                LOG.debug("[{}] ping not sent: {}", name, e.getMessage());
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        if (ended.get()) {
            // Ended while the channel was opening: the tear-down may have missed this timer.
            pinger.cancel(false);
        }
    }

    /** On the loop. A reply that cannot be sent (too big for the page, or the channel closing) is dropped. */
    private void onChannelMessage(RTCDataChannel ch, DataChannelMessage message) {
        try {
            reply(ch, message);
        } catch (RuntimeException e) {
            LOG.info("[{}] cannot answer a {}-byte message: {}", name, message.size(), e.getMessage());
        }
    }

    private void reply(RTCDataChannel ch, DataChannelMessage message) {
        if (message.binary()) {
            ch.send(message.bytes());
            echoed++;
            return;
        }
        ChatMessages.Incoming in = ChatMessages.parse(message.text());
        if (in instanceof ChatMessages.Incoming.Chat chat) {
            ch.send(ChatMessages.echo(chat.seq(), chat.text()));
            echoed++;
            LOG.info("[{}] echoed: {}", name, abbreviate(chat.text()));
        } else if (in instanceof ChatMessages.Incoming.Pong pong) {
            double rtt = roundTrips.answered(pong.seq(), System.nanoTime());
            if (Double.isNaN(rtt)) {
                LOG.debug("[{}] pong {} matches no ping in flight", name, pong.seq());
                return;
            }
            ch.send(ChatMessages.rtt(pong.seq(), rtt, roundTrips.medianMs(), roundTrips.count()));
            if (roundTrips.count() == 1 || roundTrips.count() % LOG_EVERY == 0) {
                LOG.info("[{}] round trip over the data channel: {} (median of the last {}: {})", name, ms(rtt),
                        Math.min(roundTrips.count(), RoundTrips.WINDOW), ms(roundTrips.medianMs()));
            }
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    static String ms(double ms) {
        return Double.isNaN(ms) ? "n/a" : String.format(Locale.ROOT, "%.2f ms", ms);
    }
}
