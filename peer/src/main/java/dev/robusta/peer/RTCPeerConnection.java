package dev.robusta.peer;

import dev.robusta.dtls.DtlsCertificate;
import dev.robusta.dtls.DtlsConfig;
import dev.robusta.dtls.DtlsException;
import dev.robusta.dtls.DtlsFingerprint;
import dev.robusta.dtls.DtlsRole;
import dev.robusta.dtls.DtlsSetup;
import dev.robusta.dtls.DtlsState;
import dev.robusta.dtls.DtlsTransport;
import dev.robusta.dtls.PacketKind;
import dev.robusta.ice.Candidate;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.IceTransport;
import dev.robusta.ice.netty.NettyIceTransport;
import dev.robusta.peer.jsep.JsepDescriptions;
import dev.robusta.peer.jsep.LocalTransportParameters;
import dev.robusta.peer.jsep.SignalingStateMachine;
import dev.robusta.peer.sdp.MediaDescription;
import dev.robusta.peer.sdp.SdpParseException;
import dev.robusta.peer.sdp.SessionDescription;
import dev.robusta.sctp.DataChannel;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.SctpTransport;
import dev.robusta.sctp.SctpTransportListener;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * W3C RTCPeerConnection for data channels: one ICE transport (max-bundle), DTLS over it with the role from
 * {@code a=setup} and the peer's certificate checked against its {@code a=fingerprint}, and SCTP over DTLS
 * application data carrying the data channels.
 *
 * <p><b>Threads.</b> Each connection runs on one event loop (its ICE transport's, from a shared Netty group when
 * one is given): datagrams arrive there, DTLS decrypts them there, the SCTP transport is driven and its timer
 * scheduled there, and listeners are called there. Public methods may be called from any thread; the
 * asynchronous ones return futures that fail with {@link InvalidStateException} (wrong signalling state, closed),
 * {@link SdpParseException} (malformed or unusable SDP) or {@link IllegalArgumentException} (bad candidate).
 *
 * <p>Not done yet: ICE restart and renegotiation that changes the transport, media.
 */
public final class RTCPeerConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RTCPeerConnection.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** The SCTP port we use and offer (RFC 8841: 5000 by convention). */
    public static final int SCTP_PORT = 5000;
    /** The largest message we accept, advertised as a=max-message-size. */
    public static final int MAX_MESSAGE_SIZE = 1 << 20;
    /** RFC 8841 section 6: the peer's limit when it does not say. */
    private static final int DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65536;
    private static final String OFFERED_DATA_MID = "0";
    /** The most SCTP packets of a read burst taken before we answer (SACK); the browsers' senders' max_burst. */
    static final int MAX_SCTP_PACKETS_PER_SACK = 4;
    /** SCTP packets are at most this big (as in browsers), so they fit one DTLS record of {@link #DTLS_MTU}. */
    private static final int SCTP_MTU = 1200;
    /** DTLS datagrams: an SCTP packet plus the record overhead (header, nonce, tag or padding and MAC). */
    private static final int DTLS_MTU = 1300;

    private final String id = "pc-" + IDS.incrementAndGet();
    private final RTCConfiguration configuration;
    private final DtlsCertificate certificate;
    private final NettyIceTransport ice;
    private final EventLoop loop;
    private final List<RTCPeerConnectionListener> listeners = new CopyOnWriteArrayList<>();
    /** Every channel this connection has had, for stats (browsers report closed channels too). */
    private final List<RTCDataChannel> channels = new CopyOnWriteArrayList<>();
    private final AtomicLong channelStatsIds = new AtomicLong();
    private final StatsCollector stats = new StatsCollector();
    /** The last report, taken as the connection closed: getStats answers with it afterwards. */
    private volatile RTCStatsReport finalStats;
    private final long sessionId = new SecureRandom().nextLong() & Long.MAX_VALUE;

    // Guarded by this.
    private final SignalingStateMachine signaling = new SignalingStateMachine();
    private final List<RTCDataChannel> unboundChannels = new ArrayList<>();
    private long sessionVersion;
    private SessionDescription localDescription;
    private RTCSdpType localType;
    private SessionDescription remoteDescription;
    private RTCSdpType remoteType;
    private RemoteTransport remoteTransport;
    private String dataMid;
    private boolean offerer;
    private boolean gatheringStarted;
    private boolean transportsStarted;
    /** restartIce() was called: the next offer carries fresh ICE credentials. */
    private boolean iceRestartRequested;
    /** Fresh credentials in an offer created and not yet applied (the same for every offer until then). */
    private IceCredentials offeredIceCredentials;

    // Written on the loop (or under this before the transports start), read anywhere.
    private volatile boolean closed;
    private volatile DtlsTransport dtls;
    private volatile SctpTransport sctp;
    private volatile DtlsState dtlsState = DtlsState.NEW;
    private volatile IceConnectionState iceConnectionState = IceConnectionState.NEW;
    private volatile IceGatheringState iceGatheringState = IceGatheringState.NEW;
    private volatile RTCPeerConnectionState connectionState = RTCPeerConnectionState.NEW;

    // Loop only.
    private ScheduledFuture<?> sctpTimer;
    private long sctpTimerDeadline = Long.MAX_VALUE;
    private boolean sctpStarted; // loop only: our INIT is out (startSctp)
    private boolean sctpInputPending; // loop only: SCTP took input that is answered at the end of the burst
    private int sctpPacketsUnanswered; // loop only: SCTP packets of the current burst taken since the last drain
    private final byte[] sctpOut = new byte[65536];

    /** What the remote description says about the one bundled transport. */
    private record RemoteTransport(String ufrag, String pwd, List<DtlsFingerprint> fingerprints, DtlsSetup setup,
                                   int sctpPort, int maxMessageSize) {}

    /**
     * A connection on its own event loop thread, with the configuration's certificate or a fresh ECDSA one.
     */
    public RTCPeerConnection(RTCConfiguration configuration) {
        this(configuration, null, null);
    }

    /**
     * @param group       a Netty group shared by many connections (each takes one of its loops), or null for a
     *                    private single-thread group that {@link #close()} shuts down
     * @param certificate the DTLS certificate, or null for the configuration's first one, or (when it has none)
     *                    a fresh ECDSA P-256 one
     */
    public RTCPeerConnection(RTCConfiguration configuration, EventLoopGroup group, DtlsCertificate certificate) {
        this.configuration = configuration;
        this.certificate = certificate != null ? certificate
                : !configuration.certificates().isEmpty() ? configuration.certificates().get(0)
                : DtlsCertificate.generate();
        this.ice = new NettyIceTransport(configuration.toIceAgentConfig(), group);
        this.loop = ice.eventLoop();
        ice.addEventListener(this::onIceEvent);
    }

    public void addListener(RTCPeerConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(RTCPeerConnectionListener listener) {
        listeners.remove(listener);
    }

    public RTCConfiguration configuration() {
        return configuration;
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    // ------------------------------------------------------------------ properties

    public RTCPeerConnectionState connectionState() {
        return connectionState;
    }

    public IceConnectionState iceConnectionState() {
        return iceConnectionState;
    }

    public IceGatheringState iceGatheringState() {
        return iceGatheringState;
    }

    public synchronized RTCSignalingState signalingState() {
        return signaling.state();
    }

    /** The applied local description with the candidates gathered so far, or null. */
    public synchronized RTCSessionDescription localDescription() {
        return localDescription == null ? null : new RTCSessionDescription(localType, localDescription.toSdp());
    }

    public synchronized RTCSessionDescription remoteDescription() {
        return remoteDescription == null ? null : new RTCSessionDescription(remoteType, remoteDescription.toSdp());
    }

    /** The SCTP transport, or null before both descriptions are applied (W3C: null until negotiated). */
    public SctpTransport sctp() {
        return sctp;
    }

    /** The DTLS transport, or null before both descriptions are applied. */
    public DtlsTransport dtls() {
        return dtls;
    }

    public NettyIceTransport iceTransport() {
        return ice;
    }

    // ------------------------------------------------------------------ offer / answer

    public CompletableFuture<RTCSessionDescription> createOffer() {
        synchronized (this) {
            if (closed) {
                return failed(new InvalidStateException("the connection is closed"));
            }
            String mid = dataMid != null ? dataMid : OFFERED_DATA_MID;
            IceCredentials credentials = ice.localCredentials();
            if (iceRestartRequested) {
                if (offeredIceCredentials == null) {
                    offeredIceCredentials = IceCredentials.random();
                }
                credentials = offeredIceCredentials;
            }
            SessionDescription offer = JsepDescriptions.createOffer(sessionId, ++sessionVersion, mid,
                    localParameters(credentials));
            return CompletableFuture.completedFuture(new RTCSessionDescription(RTCSdpType.OFFER, offer.toSdp()));
        }
    }

    public CompletableFuture<RTCSessionDescription> createAnswer() {
        synchronized (this) {
            if (closed) {
                return failed(new InvalidStateException("the connection is closed"));
            }
            RTCSignalingState s = signaling.state();
            if (s != RTCSignalingState.HAVE_REMOTE_OFFER && s != RTCSignalingState.HAVE_LOCAL_PRANSWER) {
                return failed(new InvalidStateException("createAnswer needs a remote offer; signaling state is "
                        + s.jsonName()));
            }
            DtlsSetup setup = remoteTransport.setup().answerTo();
            DtlsTransport running = dtls;
            if (running != null) {
                // A subsequent answer keeps the DTLS association and so the role in use (RFC 8842 5.5).
                setup = running.role() == DtlsRole.CLIENT ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE;
            }
            SessionDescription answer = JsepDescriptions.createAnswer(remoteDescription, sessionId, ++sessionVersion,
                    setup.sdpValue(), localParameters(ice.localCredentials()));
            return CompletableFuture.completedFuture(new RTCSessionDescription(RTCSdpType.ANSWER, answer.toSdp()));
        }
    }

    /**
     * W3C restartIce(): the next offer carries fresh ICE credentials, and applying it restarts ICE (RFC 8445
     * section 9) on both sides once the peer answers. Data keeps flowing on the current pair until the new checks
     * select one. Nothing is sent by this call: renegotiate (createOffer, setLocalDescription, ...) to restart.
     */
    public void restartIce() {
        synchronized (this) {
            if (closed) {
                throw new InvalidStateException("the connection is closed");
            }
            iceRestartRequested = true;
        }
    }

    /** W3C setLocalDescription() without a description: creates the offer or answer the state calls for. */
    public CompletableFuture<Void> setLocalDescription() {
        RTCSignalingState s = signalingState();
        CompletableFuture<RTCSessionDescription> created =
                s == RTCSignalingState.HAVE_REMOTE_OFFER || s == RTCSignalingState.HAVE_LOCAL_PRANSWER
                        ? createAnswer() : createOffer();
        return created.thenCompose(this::setLocalDescription);
    }

    public CompletableFuture<Void> setLocalDescription(RTCSessionDescription description) {
        RTCSignalingState before;
        RTCSignalingState after;
        synchronized (this) {
            try {
                if (closed) {
                    throw new InvalidStateException("the connection is closed");
                }
                before = signaling.state();
                if (description.type() == RTCSdpType.ROLLBACK) {
                    signaling.moveTo(signaling.nextForLocal(RTCSdpType.ROLLBACK));
                    localDescription = null;
                    localType = null;
                    after = signaling.state();
                } else {
                    SessionDescription sdp = SessionDescription.parse(description.sdp());
                    RTCSignalingState next = signaling.nextForLocal(description.type());
                    MediaDescription data = dataSection(sdp, description.type() == RTCSdpType.OFFER ? null : dataMid);
                    if (data.setup() == null) {
                        throw new SdpParseException(0, "the local description's data section has no a=setup");
                    }
                    DtlsSetup.parse(data.setup());
                    IceCredentials restartWith = localRestartCredentials(sdp, data, description.type());
                    signaling.moveTo(next);
                    localDescription = sdp;
                    localType = description.type();
                    if (description.type() == RTCSdpType.OFFER) {
                        offerer = true;
                        dataMid = data.mid();
                    }
                    if (restartWith != null) {
                        LOG.info("{}: ICE restart with our offer", id);
                        ice.restart(restartWith);
                        iceRestartRequested = false;
                        offeredIceCredentials = null;
                    }
                    appendGatheredCandidates();
                    after = next;
                    if (!gatheringStarted) {
                        gatheringStarted = true;
                        ice.gather();
                    }
                    if (description.type() == RTCSdpType.ANSWER) {
                        startTransports();
                    }
                }
            } catch (SdpParseException | RuntimeException e) {
                return failed(e);
            }
        }
        fireSignaling(before, after);
        return CompletableFuture.completedFuture(null);
    }

    public CompletableFuture<Void> setRemoteDescription(RTCSessionDescription description) {
        RTCSignalingState before;
        RTCSignalingState after;
        synchronized (this) {
            try {
                if (closed) {
                    throw new InvalidStateException("the connection is closed");
                }
                before = signaling.state();
                if (description.type() == RTCSdpType.ROLLBACK) {
                    signaling.moveTo(signaling.nextForRemote(RTCSdpType.ROLLBACK));
                    remoteDescription = null;
                    remoteType = null;
                    after = signaling.state();
                } else {
                    SessionDescription sdp = SessionDescription.parse(description.sdp());
                    RTCSignalingState next = signaling.nextForRemote(description.type());
                    boolean isOffer = description.type() == RTCSdpType.OFFER;
                    MediaDescription data = dataSection(sdp, isOffer ? null : dataMid);
                    RemoteTransport remote = remoteTransport(sdp, data, isOffer);
                    if (transportsStarted && !remote.fingerprints().equals(remoteTransport.fingerprints())) {
                        throw new InvalidStateException("the remote certificate changed (new a=fingerprint): a new "
                                + "DTLS association is not supported; make a new connection");
                    }
                    boolean remoteRestart = remoteTransport != null && !remoteTransport.ufrag().equals(remote.ufrag());
                    signaling.moveTo(next);
                    if (remoteRestart && isOffer && localDescription != null) {
                        // The peer restarts ICE: so do we (our credentials are out there), and our answer carries
                        // the fresh ones (RFC 8445 section 9, JSEP 5.3.1). Data keeps flowing on the current pair.
                        LOG.info("{}: ICE restart by the peer's offer", id);
                        ice.restart(IceCredentials.random());
                        iceRestartRequested = false;
                        offeredIceCredentials = null;
                    }
                    remoteDescription = sdp;
                    remoteType = description.type();
                    remoteTransport = remote;
                    if (isOffer) {
                        offerer = false;
                        dataMid = data.mid();
                    }
                    ice.setRemoteCredentials(remote.ufrag(), remote.pwd());
                    for (String c : data.candidates()) {
                        addRemoteCandidate(c);
                    }
                    if (data.endOfCandidates()) {
                        ice.endOfRemoteCandidates();
                    }
                    after = next;
                    if (description.type() == RTCSdpType.ANSWER) {
                        startTransports();
                    }
                }
            } catch (SdpParseException | RuntimeException e) {
                return failed(e);
            }
        }
        fireSignaling(before, after);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Adds a remote candidate (trickle ICE), or with {@link RTCIceCandidate#isEndOfCandidates()} tells ICE the
     * peer has no more. Fails with {@link InvalidStateException} before a remote description is set and with
     * {@link IllegalArgumentException} for a malformed candidate.
     */
    public CompletableFuture<Void> addIceCandidate(RTCIceCandidate candidate) {
        synchronized (this) {
            if (closed) {
                return failed(new InvalidStateException("the connection is closed"));
            }
            if (remoteDescription == null) {
                return failed(new InvalidStateException("addIceCandidate needs a remote description first"));
            }
            // An empty mid is no mid (Pion sends "" beside a valid index): the index then names the section,
            // as in browsers.
            String mid = candidate.sdpMid() == null || candidate.sdpMid().isEmpty() ? null : candidate.sdpMid();
            if (mid != null && dataMid != null && !mid.equals(dataMid) && remoteDescription.mediaByMid(mid) == null) {
                return failed(new IllegalArgumentException("no media section with mid " + mid));
            }
            Integer index = candidate.sdpMLineIndex();
            if (mid == null && index != null && (index < 0 || index >= remoteDescription.media().size())) {
                return failed(new IllegalArgumentException("no media section at index " + index + " (the remote "
                        + "description has " + remoteDescription.media().size() + ")"));
            }
            String ufrag = candidate.usernameFragment();
            if (ufrag != null && remoteTransport != null && !ufrag.equals(remoteTransport.ufrag())) {
                // W3C: a candidate of another ICE generation (from before a restart) is refused.
                return failed(new IllegalArgumentException("the candidate is for ICE ufrag " + ufrag
                        + "; the remote description's is " + remoteTransport.ufrag()));
            }
            try {
                if (candidate.isEndOfCandidates()) {
                    ice.endOfRemoteCandidates();
                } else {
                    ice.addRemoteCandidate(candidate.toCandidate());
                }
            } catch (RuntimeException e) {
                return failed(e);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    // ------------------------------------------------------------------ data channels

    /**
     * Creates a data channel. Before negotiation it waits, {@code connecting}, for the SCTP transport; an
     * in-band channel is announced to the peer (which gets a datachannel event) once the association is up.
     *
     * @throws InvalidStateException when the connection is closed
     */
    public RTCDataChannel createDataChannel(String label, DataChannelInit init) {
        RTCDataChannel channel = new RTCDataChannel(label, init, nextChannelStatsId());
        synchronized (this) {
            if (closed) {
                throw new InvalidStateException("the connection is closed");
            }
            channels.add(channel);
            SctpTransport s = sctp;
            if (s == null) {
                unboundChannels.add(channel);
                return channel;
            }
            channel.bind(s.createDataChannel(label, init));
        }
        return channel;
    }

    public RTCDataChannel createDataChannel(String label) {
        return createDataChannel(label, DataChannelInit.defaults());
    }

    private String nextChannelStatsId() {
        return "D" + channelStatsIds.incrementAndGet();
    }

    // ------------------------------------------------------------------ stats

    /**
     * W3C getStats(): peer-connection, transport, candidate-pair, local-candidate, remote-candidate,
     * certificate and data-channel stats, read at one moment on the connection's event loop. After
     * {@link #close()} it answers with the report taken as the connection closed.
     */
    public CompletableFuture<RTCStatsReport> getStats() {
        RTCStatsReport last = finalStats;
        if (closed && last != null) {
            return CompletableFuture.completedFuture(last);
        }
        CompletableFuture<RTCStatsReport> result = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    RTCStatsReport r = finalStats;
                    result.complete(r != null ? r : collectStats());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            RTCStatsReport r = finalStats;
            if (r != null) {
                result.complete(r);
            } else {
                result.completeExceptionally(new InvalidStateException("the connection is closed"));
            }
        }
        return result;
    }

    /** Loop. */
    private RTCStatsReport collectStats() {
        DtlsTransport d = dtls;
        String remoteUfrag;
        synchronized (this) {
            remoteUfrag = remoteTransport == null ? null : remoteTransport.ufrag();
        }
        return stats.collect(new StatsCollector.Inputs(ice, iceConnectionState.name().toLowerCase(java.util.Locale.ROOT),
                remoteUfrag, d, d == null ? null : d.connectionInfo().orElse(null), certificate.fingerprint(),
                certificate.encoded(), List.copyOf(channels)));
    }

    // ------------------------------------------------------------------ close

    /** Closes the connection: the association is aborted, DTLS sends close_notify, sockets and timers go. */
    @Override
    public void close() {
        List<RTCDataChannel> abandoned;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            signaling.close();
            abandoned = new ArrayList<>(unboundChannels);
            unboundChannels.clear();
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runnable stop = () -> {
            try {
                try {
                    finalStats = collectStats();
                } catch (RuntimeException e) {
                    LOG.debug("{}: no final stats: {}", id, e.toString());
                }
                stopSctp("connection closed");
                for (RTCDataChannel c : abandoned) {
                    c.abandon();
                }
            } finally {
                stopped.complete(null);
            }
        };
        try {
            loop.execute(stop);
            if (!loop.inEventLoop()) {
                stopped.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: event loop already stopped", id);
        }
        DtlsTransport d = dtls;
        if (d != null) {
            d.close();
        }
        ice.close();
        iceConnectionState = IceConnectionState.CLOSED;
        connectionState = RTCPeerConnectionState.CLOSED;
        LOG.info("{}: closed", id);
    }

    // ------------------------------------------------------------------ internals: descriptions

    private LocalTransportParameters localParameters(IceCredentials credentials) {
        return new LocalTransportParameters(credentials.ufrag(), credentials.password(),
                ice.localCandidates(), ice.gatheringState() == IceGatheringState.COMPLETE,
                List.of(certificate.fingerprint().toSdpValue()), SCTP_PORT, MAX_MESSAGE_SIZE);
    }

    /**
     * Under this: the fresh credentials a local offer restarts ICE with, or null when it keeps ours. The
     * description must carry credentials this connection created: ours, or those of its last restart offer.
     */
    private IceCredentials localRestartCredentials(SessionDescription sdp, MediaDescription data, RTCSdpType type)
            throws SdpParseException {
        String ufrag = sdp.attribute(data, "ice-ufrag");
        if (ufrag == null || ufrag.equals(ice.localCredentials().ufrag())) {
            return null;
        }
        IceCredentials offered = offeredIceCredentials;
        if (type == RTCSdpType.OFFER && offered != null && offered.ufrag().equals(ufrag)) {
            return offered;
        }
        throw new SdpParseException(0, "the local description's a=ice-ufrag " + ufrag + " is not this connection's "
                + "(" + ice.localCredentials().ufrag() + "): use the description createOffer/createAnswer made");
    }

    /** The data-channel section: the one with {@code mid} when given, else the first usable one. */
    private static MediaDescription dataSection(SessionDescription sdp, String mid) throws SdpParseException {
        if (mid != null) {
            MediaDescription m = sdp.mediaByMid(mid);
            if (m == null || !m.isDataChannel()) {
                throw new SdpParseException(0, "no data-channel section with mid " + mid);
            }
            if (m.isRejected()) {
                throw new SdpParseException(0, "the data-channel section (mid " + mid + ") was rejected");
            }
            return m;
        }
        for (MediaDescription m : sdp.media()) {
            if (m.isDataChannel() && !m.isRejected()) {
                if (m.mid() == null) {
                    throw new SdpParseException(0, "the data-channel section has no a=mid");
                }
                return m;
            }
        }
        throw new SdpParseException(0, "no data-channel (UDP/DTLS/SCTP) section; media-only sessions are not "
                + "supported yet");
    }

    private static RemoteTransport remoteTransport(SessionDescription sdp, MediaDescription data, boolean offer)
            throws SdpParseException {
        String ufrag = sdp.attribute(data, "ice-ufrag");
        String pwd = sdp.attribute(data, "ice-pwd");
        if (ufrag == null || pwd == null) {
            throw new SdpParseException(0, "the data-channel section has no a=ice-ufrag / a=ice-pwd");
        }
        List<String> fingerprintLines = data.fingerprints().isEmpty() ? sdp.attributes("fingerprint")
                : data.fingerprints();
        if (fingerprintLines.isEmpty()) {
            throw new SdpParseException(0, "no a=fingerprint: DTLS cannot authenticate the peer (RFC 8842)");
        }
        List<DtlsFingerprint> fingerprints = new ArrayList<>();
        for (String f : fingerprintLines) {
            try {
                fingerprints.add(DtlsFingerprint.parse(f));
            } catch (IllegalArgumentException e) {
                throw new SdpParseException(0, "bad a=fingerprint '" + f + "': " + e.getMessage());
            }
        }
        String setupValue = sdp.attribute(data, "setup");
        DtlsSetup setup;
        try {
            // RFC 8842 5.2: an offer without a=setup means actpass; an answer must say active or passive.
            setup = setupValue == null && offer ? DtlsSetup.ACTPASS : DtlsSetup.parse(setupValue == null ? "" : setupValue);
        } catch (IllegalArgumentException e) {
            throw new SdpParseException(0, e.getMessage());
        }
        if (!offer && setup == DtlsSetup.ACTPASS) {
            throw new SdpParseException(0, "an answer must not say a=setup:actpass (RFC 8842 5.2)");
        }
        int port = data.sctpPort();
        long max = data.maxMessageSize();
        int remoteMax = max <= 0 ? DEFAULT_REMOTE_MAX_MESSAGE_SIZE : (int) Math.min(max, Integer.MAX_VALUE);
        return new RemoteTransport(ufrag, pwd, List.copyOf(fingerprints), setup, port < 0 ? SCTP_PORT : port,
                remoteMax);
    }

    private void addRemoteCandidate(String line) {
        try {
            ice.addRemoteCandidate(Candidate.fromSdp(line));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: ignoring a malformed remote candidate '{}': {}", id, line, e.getMessage());
        }
    }

    /** Under this: copies candidates gathered so far into the local description (W3C: it reflects them). */
    private void appendGatheredCandidates() {
        for (Candidate c : ice.localCandidates()) {
            appendLocalCandidate(c);
        }
        if (ice.gatheringState() == IceGatheringState.COMPLETE) {
            appendEndOfCandidates();
        }
    }

    private void appendLocalCandidate(Candidate c) {
        MediaDescription m = localDescription == null || dataMid == null ? null : localDescription.mediaByMid(dataMid);
        String value = c.toSdp().substring("candidate:".length());
        if (m != null && !m.attributes("candidate").contains(value)) {
            m.addAttribute("candidate", value);
        }
    }

    private void appendEndOfCandidates() {
        MediaDescription m = localDescription == null || dataMid == null ? null : localDescription.mediaByMid(dataMid);
        if (m != null && !m.endOfCandidates()) {
            m.addAttribute("end-of-candidates", null);
        }
    }

    private void fireSignaling(RTCSignalingState before, RTCSignalingState after) {
        if (before != after) {
            fire(l -> l.onSignalingStateChange(after));
        }
    }

    // ------------------------------------------------------------------ internals: transports

    /** Under this, once both descriptions are applied: ICE checks, DTLS in its role, SCTP over DTLS. */
    private void startTransports() {
        if (transportsStarted) {
            return;
        }
        transportsStarted = true;
        RemoteTransport remote = remoteTransport;
        DtlsRole role = offerer ? DtlsSetup.offererRole(remote.setup())
                : DtlsSetup.parse(localDescription.mediaByMid(dataMid).setup()).localRoleWhenLocalIs();
        IceRole iceRole = offerer ? IceRole.CONTROLLING : IceRole.CONTROLLED;
        LOG.debug("{}: starting transports, ICE {}, DTLS {}", id, iceRole, role);

        DtlsConfig dtlsConfig = DtlsConfig.builder().certificate(certificate).role(role)
                .remoteFingerprints(remote.fingerprints()).mtu(DTLS_MTU).build();
        DtlsTransport d = new DtlsTransport(dtlsConfig, (data, off, len) -> ice.send(ByteBuffer.wrap(data, off, len)));
        d.setListener(new DtlsTransport.Listener() {
            @Override
            public void onApplicationData(byte[] data, int offset, int length) {
                onDtlsData(data, offset, length);
            }

            @Override
            public void onStateChange(DtlsState state, DtlsException cause) {
                onDtlsState(state, cause);
            }
        });
        SctpConfig sctpConfig = SctpConfig.defaults().withPorts(SCTP_PORT, remote.sctpPort()).withMtu(SCTP_MTU)
                .withMaxMessageSize(MAX_MESSAGE_SIZE, remote.maxMessageSize());
        SctpTransport s = new SctpTransport(sctpConfig, role == DtlsRole.CLIENT, new SecureRandom(),
                () -> executeOnLoop(this::flushSctp));
        s.setListener(new SctpTransportListener() {
            @Override
            public void onDataChannel(DataChannel channel) {
                RTCDataChannel c = RTCDataChannel.ofRemote(channel, nextChannelStatsId());
                channels.add(c);
                fire(l -> l.onDataChannel(c));
            }

            @Override
            public void onClosed(String reason, boolean error) {
                LOG.debug("{}: SCTP association ended: {}", id, reason);
            }
        });
        dtls = d;
        sctp = s;
        for (RTCDataChannel c : unboundChannels) {
            if (c.readyState() == dev.robusta.sctp.DataChannelState.CLOSED) {
                executeOnLoop(c::abandon); // closed before negotiation: it never opens
                continue;
            }
            try {
                c.bind(s.createDataChannel(c.label(), c.init()));
            } catch (RuntimeException e) {
                LOG.warn("{}: data channel '{}' could not be created: {}", id, c.label(), e.getMessage());
                executeOnLoop(c::abandon);
            }
        }
        unboundChannels.clear();

        ice.setDatagramListener(new IceTransport.DatagramListener() {
            @Override
            public void onDatagram(ByteBuffer datagram, java.net.InetSocketAddress from) {
                if (PacketKind.of(datagram) == PacketKind.DTLS) {
                    d.handleDatagram(datagram);
                }
            }

            @Override
            public void onBatchEnd() {
                // SCTP answers a whole burst of packets at once: one SACK, one round of sending.
                SctpTransport s = sctp;
                if (sctpInputPending && s != null) {
                    sctpInputPending = false;
                    sctpPacketsUnanswered = 0;
                    drainSctp(s, System.nanoTime());
                }
            }
        });
        if (role == DtlsRole.SERVER) {
            d.start(); // waits for the ClientHello; records that came early are queued
        }
        ice.start(iceRole).whenComplete((pair, failure) -> {
            if (failure == null && role == DtlsRole.CLIENT && !closed) {
                d.start();
            }
        });
        d.connected().whenComplete((info, failure) -> {
            if (failure == null) {
                executeOnLoop(() -> {
                    if (!closed) {
                        long now = System.nanoTime();
                        startSctp(s, now);
                        drainSctp(s, now);
                    }
                });
            } else {
                LOG.info("{}: DTLS failed: {}", id, failure.getMessage());
            }
        });
    }

    /** DTLS application data: SCTP packets. Usually on the loop; data from the last handshake flight is not. */
    private void onDtlsData(byte[] data, int offset, int length) {
        SctpTransport s = sctp;
        if (s == null) {
            return;
        }
        if (loop.inEventLoop()) {
            // Decrypted on the loop from a datagram of the ICE transport: drained at the end of its burst.
            long now = System.nanoTime();
            startSctp(s, now);
            s.handleInput(data, offset, length, now);
            sctpInputPending = true;
            if (++sctpPacketsUnanswered >= MAX_SCTP_PACKETS_PER_SACK) {
                // A long burst is answered every few packets, not only at its end: dcsctp and usrsctp send at
                // most 4 packets for each SACK they receive (max_burst), so a SACK for more than 4 shrinks what
                // they keep in flight. One SACK per 12-15 packets halved Chromium's throughput toward us.
                sctpInputPending = false;
                sctpPacketsUnanswered = 0;
                drainSctp(s, System.nanoTime());
            }
        } else {
            byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
            executeOnLoop(() -> {
                long now = System.nanoTime();
                startSctp(s, now);
                s.handleInput(copy, 0, copy.length, now);
                drainSctp(s, now);
            });
        }
    }

    /**
     * Loop: sends our INIT before the association reads anything, so that the peer's INIT always finds it in
     * COOKIE-WAIT and both handshakes carry our one tag. Data can arrive before the task queued when DTLS
     * connected has run; starting again does nothing.
     */
    private void startSctp(SctpTransport s, long now) {
        if (!closed && !sctpStarted) {
            sctpStarted = true;
            s.start(now);
            s.runPendingCalls(now);
        }
    }

    private void onDtlsState(DtlsState state, DtlsException cause) {
        dtlsState = state;
        if (state == DtlsState.CLOSED) {
            // The peer sent close_notify (or we closed): the association cannot carry anything any more.
            executeOnLoop(() -> stopSctp("DTLS closed"));
        }
        executeOnLoop(this::updateConnectionState);
    }

    /** Loop: runs queued SCTP calls and sends what they produced. */
    private void flushSctp() {
        SctpTransport s = sctp;
        if (s == null) {
            return;
        }
        long now = System.nanoTime();
        s.runPendingCalls(now);
        drainSctp(s, now);
    }

    private void onSctpTimer() {
        sctpTimer = null;
        sctpTimerDeadline = Long.MAX_VALUE;
        SctpTransport s = sctp;
        if (s == null) {
            return;
        }
        long now = System.nanoTime();
        s.handleTimeout(now);
        drainSctp(s, now);
    }

    /** Loop: sends every pending SCTP packet through DTLS and keeps one timer at the association's deadline. */
    private void drainSctp(SctpTransport s, long now) {
        DtlsTransport d = dtls;
        for (ByteBuffer p; (p = s.pollTransmit(now)) != null; ) {
            if (d == null || dtlsState != DtlsState.CONNECTED) {
                continue; // nothing can carry it yet; SCTP retransmits
            }
            try {
                if (p.hasArray()) {
                    d.send(p.array(), p.arrayOffset() + p.position(), p.remaining());
                } else {
                    int n = p.remaining();
                    p.get(sctpOut, 0, n);
                    d.send(sctpOut, 0, n);
                }
            } catch (DtlsException | IllegalArgumentException e) {
                LOG.debug("{}: SCTP packet dropped, DTLS is {}: {}", id, d.state(), e.getMessage());
            }
        }
        if (closed) {
            return;
        }
        long deadline = s.nextDeadline();
        if (deadline != Long.MAX_VALUE && deadline < sctpTimerDeadline) {
            if (sctpTimer != null) {
                sctpTimer.cancel(false);
            }
            sctpTimerDeadline = deadline;
            sctpTimer = loop.schedule(this::onSctpTimer, Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
        }
    }

    /** Loop: ends the association (ABORT to the peer when it can still be sent) and its timer. */
    private void stopSctp(String reason) {
        SctpTransport s = sctp;
        if (s != null && !s.association().isEnded()) {
            long now = System.nanoTime();
            s.association().abort(reason);
            drainSctp(s, now);
        }
        if (sctpTimer != null) {
            sctpTimer.cancel(false);
            sctpTimer = null;
            sctpTimerDeadline = Long.MAX_VALUE;
        }
    }

    /** Loop: ICE events become W3C events; candidates also go into the local description. */
    private void onIceEvent(IceEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof IceEvent.LocalCandidate c) {
            String mid;
            String ufrag = ice.localCredentials().ufrag();
            synchronized (this) {
                appendLocalCandidate(c.candidate());
                mid = dataMid;
            }
            RTCIceCandidate candidate = new RTCIceCandidate(c.candidate().toSdp(), mid, 0, ufrag);
            fire(l -> l.onIceCandidate(candidate));
        } else if (event instanceof IceEvent.GatheringStateChanged g) {
            String mid;
            synchronized (this) {
                if (g.state() == IceGatheringState.COMPLETE) {
                    appendEndOfCandidates();
                }
                mid = dataMid;
            }
            iceGatheringState = g.state();
            fire(l -> l.onIceGatheringStateChange(g.state()));
            if (g.state() == IceGatheringState.COMPLETE) {
                RTCIceCandidate end = RTCIceCandidate.endOfCandidates(mid);
                fire(l -> l.onIceCandidate(end));
            }
        } else if (event instanceof IceEvent.SelectedPairChanged p) {
            stats.onSelectedPair(p.pair(), ice);
        } else if (event instanceof IceEvent.ConnectionStateChanged s) {
            iceConnectionState = s.state();
            fire(l -> l.onIceConnectionStateChange(s.state()));
            updateConnectionState();
        }
    }

    /** Loop: W3C 4.3.3 over our one ICE and one DTLS transport; a closed DTLS counts as connected. */
    private void updateConnectionState() {
        if (closed) {
            return;
        }
        DtlsState d = dtlsState;
        RTCPeerConnectionState next = RTCPeerConnectionState.of(false, iceConnectionState,
                d == DtlsState.CONNECTED || d == DtlsState.CLOSED, d == DtlsState.FAILED);
        if (next != connectionState) {
            connectionState = next;
            LOG.debug("{}: connection state {}", id, next.jsonName());
            fire(l -> l.onConnectionStateChange(next));
        }
    }

    private void executeOnLoop(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{}: task failed", id, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: event loop stopped; task dropped", id);
        }
    }

    /** Calls every listener; one that throws is logged and does not stop the others or the event loop. */
    private void fire(java.util.function.Consumer<RTCPeerConnectionListener> event) {
        for (RTCPeerConnectionListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("{}: a listener threw", id, e);
            }
        }
    }

    private static <T> CompletableFuture<T> failed(Throwable e) {
        return CompletableFuture.failedFuture(e);
    }

    @Override
    public String toString() {
        return id + "{" + connectionState.jsonName() + ", " + signalingState().jsonName() + "}";
    }
}
