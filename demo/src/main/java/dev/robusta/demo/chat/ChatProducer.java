package dev.robusta.demo.chat;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.peer.RTCConfiguration;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.gstreamer.GstEvent;
import dev.robusta.signaling.gstreamer.GstSignallingClient;
import dev.robusta.signaling.json.Json;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java peer of the chat demo, as a GStreamer-signalling <em>producer</em>: each page that starts a session
 * with it gets its own {@link ChatSession} (its own {@link RTCPeerConnection}), which ends when the page's session
 * ends (the server ends a session when the page's WebSocket closes, i.e. when the tab closes).
 */
final class ChatProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatProducer.class);
    /** The {@code meta.name} the page looks for in the server's producer list. */
    static final String PRODUCER_NAME = "robusta-chat";

    private final RTCConfiguration rtcConfiguration;
    private final EventLoopGroup group;
    private final DtlsCertificate certificate;
    private final int maxSessions;
    private final Duration pingInterval;
    private final Executor teardown;
    private final Map<String, SessionSignalling> sessions = new ConcurrentHashMap<>();
    private volatile GstSignallingClient client;
    private volatile boolean closing;

    private ChatProducer(RTCConfiguration rtcConfiguration, EventLoopGroup group, DtlsCertificate certificate,
                         int maxSessions, Duration pingInterval, Executor teardown) {
        this.rtcConfiguration = rtcConfiguration;
        this.group = group;
        this.certificate = certificate;
        this.maxSessions = maxSessions;
        this.pingInterval = pingInterval;
        this.teardown = teardown;
    }

    /**
     * Connects to the signalling server at {@code uri} and registers as the producer {@value #PRODUCER_NAME}.
     *
     * @param group the Netty group the peer connections share
     */
    static ChatProducer connect(URI uri, RTCConfiguration rtcConfiguration, EventLoopGroup group,
                                DtlsCertificate certificate, int maxSessions, Duration pingInterval,
                                Executor teardown) throws Exception {
        ChatProducer producer = new ChatProducer(rtcConfiguration, group, certificate, maxSessions, pingInterval,
                teardown);
        GstSignallingClient c = GstSignallingClient.connect(uri, true, ClientOptions.defaults(), producer::onEvent)
                .get(10, TimeUnit.SECONDS);
        producer.client = c;
        c.setPeerStatus(List.of("producer"), Json.object().put("name", PRODUCER_NAME)).get(10, TimeUnit.SECONDS);
        LOG.debug("registered as producer {} ({})", c.peerId(), PRODUCER_NAME);
        return producer;
    }

    /** The id the signalling server gave the Java peer. */
    String peerId() {
        return client.peerId();
    }

    /** Sessions (browser tabs) with a live peer connection. */
    int activeSessions() {
        return sessions.size();
    }

    /** Events arrive on the signalling client's event loop, in order. */
    private void onEvent(GstEvent event) {
        if (event instanceof GstEvent.StartSession start) {
            startSession(start.peerId(), start.sessionId(), start.offer());
        } else if (event instanceof GstEvent.Sdp sdp) {
            ChatSession s = sessionOf(sdp.sessionId());
            if (s != null) {
                s.remoteDescription(sdp.type(), sdp.sdp()).whenComplete((v, e) -> {
                    if (e != null) {
                        s.end("the page's " + sdp.type() + " was refused: " + rootMessage(e));
                    }
                });
            }
        } else if (event instanceof GstEvent.Ice ice) {
            ChatSession s = sessionOf(ice.sessionId());
            if (s != null) {
                s.remoteCandidate(ice.candidate()).whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.debug("ignoring a remote candidate '{}': {}", ice.candidate(), rootMessage(e));
                    }
                });
            }
        } else if (event instanceof GstEvent.EndSession end) {
            SessionSignalling s = sessions.get(end.sessionId());
            if (s != null) {
                s.endedByPage = true;
                s.session.end(end.error() == null ? null : "the page ended the session: " + end.error());
            }
        } else if (event instanceof GstEvent.Error error) {
            LOG.warn("signalling server error: {}", error.details());
        } else if (event instanceof GstEvent.Closed closed) {
            if (!closing) {
                LOG.warn("the signalling connection closed ({} {}): ending every session", closed.code(),
                        closed.reason());
            }
            endAll("signalling connection closed");
        }
    }

    private void startSession(String pagePeerId, String sessionId, String offer) {
        String name = "tab " + shortId(sessionId);
        SessionSignalling signalling = new SessionSignalling(sessionId);
        if (closing) {
            signalling.end("the demo is stopping");
            return;
        }
        if (sessions.size() >= maxSessions) {
            LOG.warn("[{}] refused: {} sessions already open (the limit)", name, sessions.size());
            signalling.end("the demo serves at most " + maxSessions + " tabs at once");
            return;
        }
        RTCPeerConnection pc;
        try {
            pc = new RTCPeerConnection(rtcConfiguration, group, certificate);
        } catch (RuntimeException e) {
            LOG.warn("[{}] cannot create a peer connection: {}", name, e.toString());
            signalling.end("the Java peer could not create a connection");
            return;
        }
        ChatSession session = new ChatSession(name, pc, signalling, pingInterval, teardown,
                () -> sessions.remove(sessionId));
        signalling.session = session;
        sessions.put(sessionId, signalling);
        LOG.info("[{}] new session with page {} ({} open)", name, shortId(pagePeerId), sessions.size());
        (offer == null ? session.offer() : session.answer(offer)).whenComplete((v, e) -> {
            if (e != null) {
                session.end("negotiation failed: " + rootMessage(e));
            }
        });
    }

    private ChatSession sessionOf(String sessionId) {
        SessionSignalling s = sessions.get(sessionId);
        return s == null ? null : s.session;
    }

    private void endAll(String why) {
        for (SessionSignalling s : new ArrayList<>(sessions.values())) {
            s.session.end(why);
        }
    }

    /** Ends every session (waiting a few seconds at most for their connections to close), then leaves the server. */
    @Override
    public void close() {
        closing = true;
        endAll(null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        GstSignallingClient c = client;
        if (c != null) {
            c.close();
        }
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /**
     * The signalling of one session. Candidates found before the description is sent wait for it: a page can only
     * add a candidate once it has the description.
     */
    private final class SessionSignalling implements ChatSession.Signalling {
        private final String sessionId;
        private final List<String> heldCandidates = new ArrayList<>();
        private boolean descriptionSent;
        volatile boolean endedByPage;
        volatile ChatSession session;

        SessionSignalling(String sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public void sendSdp(String type, String sdp) {
            synchronized (this) {
                client.sendSdp(sessionId, type, sdp);
                descriptionSent = true;
                for (String c : heldCandidates) {
                    client.sendIce(sessionId, c, 0);
                }
                heldCandidates.clear();
            }
        }

        @Override
        public void sendIce(String candidate, long sdpMLineIndex) {
            synchronized (this) {
                if (!descriptionSent) {
                    heldCandidates.add(candidate);
                    return;
                }
            }
            client.sendIce(sessionId, candidate, sdpMLineIndex);
        }

        @Override
        public void end(String error) {
            if (!endedByPage) {
                client.endSession(sessionId, error);
            }
        }
    }
}
