package dev.robusta.ice.core;

import static dev.robusta.ice.stun.StunAttributes.*;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.CandidatePairStats;
import dev.robusta.ice.CandidatePair.State;
import dev.robusta.ice.CandidateType;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceAgentConfig.CandidatePolicy;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.stun.ChannelData;
import dev.robusta.ice.stun.ErrorCode;
import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunCredentials;
import dev.robusta.ice.stun.StunException;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMessageBuilder;
import dev.robusta.ice.stun.StunMethod;
import dev.robusta.ice.stun.TransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sans-IO ICE agent for one data stream with one component (BUNDLE with rtcp-mux), over UDP: RFC 8445
 * (regular nomination), RFC 8838 (trickle), RFC 7675 (consent freshness) and, for relay candidates, RFC 8656.
 *
 * <p>No sockets, threads or clocks: the driver binds UDP sockets and tells the core their addresses
 * ({@link #addSocket}), then feeds it received datagrams ({@link #handleDatagram}) and timer ticks
 * ({@link #handleTimeout}), with the current time in nanoseconds as an argument. It drains
 * {@link #pollTransmit()} and {@link #pollEvent()}, and calls again at {@link #pollDeadline()}. Every method must
 * be called from one thread at a time.
 *
 * <p>Application data on the selected pair bypasses the core in both directions: {@link #handleDatagram} marks
 * where the payload lies, and {@link #route()} tells the driver where to send.
 */
public final class IceAgentCore {
    private static final Logger LOG = LoggerFactory.getLogger(IceAgentCore.class);
    private static final int COMPONENT = 1;

    /** What a timed request was for. */
    private enum Purpose { CHECK, CONSENT, SERVER_REFLEXIVE }

    /** A request of ours in flight, with its retransmission state. */
    private static final class Request {
        final Purpose purpose;
        final StunTransaction txn;
        final CheckPair pair;
        final boolean useCandidate;
        final IceRole roleWhenSent;
        final long priorityAttribute;
        final InetSocketAddress socket;
        final InetSocketAddress server;
        final long firstSentAt;

        Request(Purpose purpose, StunTransaction txn, CheckPair pair, boolean useCandidate, IceRole role,
                long priorityAttribute, InetSocketAddress socket, InetSocketAddress server, long now) {
            this.purpose = purpose;
            this.txn = txn;
            this.pair = pair;
            this.useCandidate = useCandidate;
            this.roleWhenSent = role;
            this.priorityAttribute = priorityAttribute;
            this.socket = socket;
            this.server = server;
            this.firstSentAt = now;
        }
    }

    /** Where the driver sends application data: from a socket to a destination, possibly through TURN. */
    public record Route(InetSocketAddress socket, InetSocketAddress destination, InetSocketAddress peer,
                        int channel, Object allocation) {
        /** True when data must be wrapped for the TURN server ({@code destination} is the server). */
        public boolean relayed() {
            return allocation != null;
        }
    }

    private final IceAgentConfig config;
    private final Random random;
    private final String logId;
    private final StunMessageBuilder builder = new StunMessageBuilder();
    private final long taNanos;
    private final long rtoNanos;

    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<IceEvent> events = new ArrayDeque<>();

    private final List<InetSocketAddress> sockets = new ArrayList<>();
    private final List<LocalCandidate> locals = new ArrayList<>();
    private final List<Candidate> remotes = new ArrayList<>();
    private final CheckList checkList;
    private final Map<TransactionId, Request> requests = new HashMap<>();
    private final List<TurnAllocation> allocations = new ArrayList<>();
    private final List<InetSocketAddress> stunServers = new ArrayList<>();
    private final List<String[]> turnCredentials = new ArrayList<>();
    private final List<InetSocketAddress> turnServers = new ArrayList<>();
    private final Map<String, String> foundations = new HashMap<>();

    private IceRole role;
    private final long tieBreaker;
    private IceCredentials local;
    private IceCredentials previousLocal;
    private byte[] localKey;
    private byte[] previousLocalKey;
    private String remoteUfrag;
    private byte[] remoteKey;

    private IceConnectionState state = IceConnectionState.NEW;
    private IceGatheringState gatheringState = IceGatheringState.NEW;
    private boolean started;
    private boolean remoteEnded;
    private boolean closed;
    /** Consent expired: FAILED until an ICE restart (RFC 7675 section 5.1). */
    private boolean consentLost;
    private long lastNow;
    private long nextCheckAt;
    private long gatheringDeadline = Long.MAX_VALUE;
    private int pendingGathering;
    private long firstValidAt = -1;
    private CheckPair nominating;
    private long lastRemoteCandidateAt;

    // The selected pair and its consent (RFC 7675), kept with the credentials it was checked with so an ICE
    // restart does not interrupt it.
    private CheckPair selected;
    private String selectedUsername;
    private byte[] selectedRemoteKey;
    private final ConsentTimer consent;

    // Counters for stats and logs.
    private long droppedDatagrams;

    /**
     * @param config     timers, servers and policy
     * @param local      this agent's ufrag and password
     * @param random     the source of tie-breakers, transaction IDs and consent jitter (seed it in tests)
     * @param logId      a short connection identifier put in every log line
     */
    public IceAgentCore(IceAgentConfig config, IceCredentials local, Random random, String logId) {
        this.config = config;
        this.random = random;
        this.logId = logId;
        this.local = local;
        this.localKey = StunCredentials.shortTermKey(local.password());
        this.tieBreaker = random.nextLong();
        this.taNanos = config.ta().toNanos();
        this.rtoNanos = config.stunRto().toNanos();
        this.role = IceRole.CONTROLLING;
        this.checkList = new CheckList(config.maxPairs());
        this.consent = new ConsentTimer(config, random);
    }

    // =====================================================================================================
    // Set-up
    // =====================================================================================================

    /** Registers a bound UDP socket: its address becomes a host candidate and the base of others. */
    public void addSocket(InetSocketAddress socketAddress) {
        if (gatheringState != IceGatheringState.NEW) {
            throw new IllegalStateException("sockets must be added before gathering starts");
        }
        sockets.add(socketAddress);
    }

    /** A STUN server (resolved) to learn server-reflexive candidates from. */
    public void addStunServer(InetSocketAddress server) {
        stunServers.add(server);
    }

    /** A TURN server (resolved, UDP) to allocate relay candidates on, with long-term credentials. */
    public void addTurnServer(InetSocketAddress server, String username, String password) {
        turnServers.add(server);
        turnCredentials.add(new String[] {username, password});
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public IceRole role() {
        return role;
    }

    public long tieBreaker() {
        return tieBreaker;
    }

    public IceConnectionState state() {
        return state;
    }

    public IceGatheringState gatheringState() {
        return gatheringState;
    }

    public List<Candidate> localCandidates() {
        List<Candidate> out = new ArrayList<>();
        for (LocalCandidate lc : locals) {
            if (isOffered(lc)) {
                out.add(lc.candidate);
            }
        }
        return out;
    }

    public List<Candidate> remoteCandidates() {
        return List.copyOf(remotes);
    }

    /** Snapshots of the check list, highest priority first. */
    public List<CandidatePair> pairs() {
        List<CandidatePair> out = new ArrayList<>(checkList.pairs().size());
        for (CheckPair p : checkList.pairs()) {
            out.add(p.snapshot());
        }
        return out;
    }

    /** The check counters of every pair on the check list, and of the selected pair if it left the list. */
    public List<CandidatePairStats> pairStats() {
        List<CandidatePairStats> out = new ArrayList<>(checkList.pairs().size() + 1);
        boolean selectedListed = false;
        for (CheckPair p : checkList.pairs()) {
            out.add(p.stats());
            selectedListed |= p == selected;
        }
        if (selected != null && !selectedListed) {
            out.add(selected.stats());
        }
        return out;
    }

    public CandidatePair selectedPair() {
        return selected == null ? null : selected.snapshot();
    }

    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** Starts gathering: host candidates at once, server-reflexive and relay ones as the servers answer. */
    public void startGathering(long now) {
        checkOpen();
        if (gatheringState != IceGatheringState.NEW) {
            return;
        }
        lastNow = now;
        setGatheringState(IceGatheringState.GATHERING);
        boolean relayOnly = config.candidatePolicy() == CandidatePolicy.RELAY_ONLY;
        // Best first: the peer checks pairs in the order candidates reach it, so the likely winner goes first.
        List<InetSocketAddress> byPreference = new ArrayList<>(sockets);
        byPreference.sort((x, y) -> Integer.compare(localPreference(y), localPreference(x)));
        for (InetSocketAddress s : byPreference) {
            Candidate host = new Candidate(foundation(CandidateType.HOST, s, null), COMPONENT, "udp",
                    Candidate.priority(CandidateType.HOST, localPreference(s), COMPONENT), s, CandidateType.HOST, null);
            addLocal(new LocalCandidate(host, s, null));
            if (!relayOnly) {
                for (InetSocketAddress server : stunServers) {
                    if (reachable(s, server)) {
                        sendServerBinding(now, s, server);
                        pendingGathering++;
                    }
                }
            }
            for (int k = 0; k < turnServers.size(); k++) {
                InetSocketAddress server = turnServers.get(k);
                if (reachable(s, server)) {
                    TurnAllocation a = new TurnAllocation(s, server, turnCredentials.get(k)[0],
                            turnCredentials.get(k)[1], logId, transmits, turnListener, random, rtoNanos,
                            config.stunMaxTransmissions(), config.stunLastWaitMultiplier());
                    allocations.add(a);
                    pendingGathering++;
                    a.start(now);
                }
            }
        }
        gatheringDeadline = now + config.gatheringTimeout().toNanos();
        maybeFinishGathering();
    }

    /**
     * Starts connectivity checks in this role. Checks need the remote credentials; until they are set, incoming
     * checks are answered and remembered, and our own wait.
     */
    public void start(long now, IceRole initialRole) {
        checkOpen();
        lastNow = now;
        if (!started) {
            started = true;
            setRole(initialRole);
            nextCheckAt = now;
            // Without end-of-candidates, failure is judged from the later of start and the last candidate.
            lastRemoteCandidateAt = Math.max(lastRemoteCandidateAt, now);
            if (state == IceConnectionState.NEW) {
                setState(IceConnectionState.CHECKING);
            }
        }
    }

    /** The peer's ufrag and password (from its SDP). A new ufrag means the peer restarted ICE. */
    public void setRemoteCredentials(String ufrag, String password) {
        checkOpen();
        if (ufrag == null || ufrag.isEmpty() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("remote ICE ufrag and password must not be empty");
        }
        if (remoteUfrag != null && !remoteUfrag.equals(ufrag)) {
            LOG.info("[{}] remote ICE credentials changed: ICE restart by the peer", logId);
            resetChecks();
        }
        remoteUfrag = ufrag;
        remoteKey = StunCredentials.shortTermKey(password);
    }

    /** A remote candidate, at any time (trickle). Non-UDP and unresolved candidates are ignored. */
    public void addRemoteCandidate(long now, Candidate candidate) {
        checkOpen();
        lastNow = now;
        if (!candidate.isUdp() || !candidate.isResolved() || candidate.componentId() != COMPONENT) {
            LOG.debug("[{}] remote candidate not usable here, ignored: {}", logId, candidate);
            return;
        }
        lastRemoteCandidateAt = now;
        Candidate known = remoteByAddress(candidate.address());
        if (known != null) {
            if (known.type() == CandidateType.PEER_REFLEXIVE) {
                // The signalled candidate replaces the peer-reflexive one learnt from a check (RFC 8445 7.3.1.3).
                remotes.set(remotes.indexOf(known), candidate);
                // A copy: replaceRemote re-sorts the check list, which would break an iterator over it.
                for (CheckPair p : new ArrayList<>(checkList.pairs())) {
                    if (p.remote == known) {
                        replaceRemote(p, candidate);
                    }
                }
            }
            return;
        }
        remotes.add(candidate);
        for (LocalCandidate lc : locals) {
            formPair(lc, candidate);
        }
        checkList.sort();
        checkList.unfreezeInitial();
        if (state == IceConnectionState.FAILED && selected == null) {
            setState(IceConnectionState.CHECKING);
        }
    }

    /** The peer signalled end-of-candidates (RFC 8838 section 13). */
    public void endOfRemoteCandidates(long now) {
        lastNow = now;
        remoteEnded = true;
        updateState(now);
    }

    /**
     * ICE restart (RFC 8445 section 9): new local credentials, a new check list once the peer's new credentials
     * come. Data keeps flowing on the current pair until a new one is selected.
     */
    public void restart(long now, IceCredentials newLocal) {
        checkOpen();
        lastNow = now;
        previousLocal = local;
        previousLocalKey = localKey;
        local = newLocal;
        localKey = StunCredentials.shortTermKey(newLocal.password());
        remoteUfrag = null;
        remoteKey = null;
        resetChecks();
        if (selected == null) {
            setState(IceConnectionState.CHECKING);
        }
        // A new gathering round: the same candidates, signalled again with the new credentials.
        setGatheringState(IceGatheringState.GATHERING);
        for (LocalCandidate lc : locals) {
            if (isOffered(lc) && lc.type() != CandidateType.PEER_REFLEXIVE) {
                events.add(new IceEvent.LocalCandidate(lc.candidate));
            }
        }
        maybeFinishGathering();
    }

    private void resetChecks() {
        remotes.clear();
        // The selected pair (if any) stays in use, and under consent, but leaves the new check list.
        checkList.clear();
        requests.values().removeIf(r -> r.purpose == Purpose.CHECK);
        remoteEnded = false;
        nominating = null;
        firstValidAt = -1;
        consentLost = false;
        locals.removeIf(lc -> lc.type() == CandidateType.PEER_REFLEXIVE);
    }

    /** Closes the agent: releases TURN allocations (one last Refresh with lifetime 0) and stops all timers. */
    public void close(long now) {
        if (closed) {
            return;
        }
        lastNow = now;
        for (TurnAllocation a : allocations) {
            a.release(now);
        }
        closed = true;
        requests.clear();
        checkList.clearTriggered();
        selected = null;
        setState(IceConnectionState.CLOSED);
    }

    // =====================================================================================================
    // Input
    // =====================================================================================================

    /**
     * Handles one datagram received on the socket bound to {@code socket} from {@code from}. STUN, TURN and
     * ChannelData are consumed; anything else from a validated remote candidate is application data: then this
     * returns true and {@code out} says where the payload lies in {@code data}.
     *
     * <p>Never throws on bad input: malformed or unauthenticated datagrams are counted and dropped.
     */
    public boolean handleDatagram(long now, InetSocketAddress socket, InetSocketAddress from, byte[] data,
                                  int offset, int length, ReceivedData out) {
        lastNow = now;
        if (closed || length <= 0) {
            return false;
        }
        TurnAllocation allocation = allocationFor(socket, from);
        int first = data[offset] & 0xFF;
        if (first < 4) {
            StunMessage m;
            try {
                m = StunMessage.parse(data, offset, length);
            } catch (StunException e) {
                return drop("malformed STUN from " + from + ": " + e.getMessage());
            }
            if (allocation != null) {
                return handleFromTurnServer(now, allocation, m, out);
            }
            LocalCandidate host = hostFor(socket);
            if (host == null) {
                return drop("STUN on an unknown socket " + socket);
            }
            handleStun(now, host, from, m);
            return false;
        }
        if (allocation != null) {
            if (!ChannelData.looksLikeChannelData(data, offset, length)) {
                return drop("non-TURN datagram from the TURN server " + from);
            }
            int channel;
            try {
                channel = ChannelData.channel(data, offset, length);
            } catch (StunException e) {
                return drop(e.getMessage());
            }
            InetSocketAddress peer = allocation.peerForChannel(channel);
            if (peer == null) {
                return drop("ChannelData on unbound channel " + channel);
            }
            return handleRelayed(now, allocation, peer, data, offset + ChannelData.HEADER_LENGTH,
                    ChannelData.payloadLength(data, offset), out);
        }
        LocalCandidate host = hostFor(socket);
        if (host == null) {
            return drop("datagram on an unknown socket " + socket);
        }
        return acceptData(host, from, offset, length, out);
    }

    private boolean handleFromTurnServer(long now, TurnAllocation allocation, StunMessage m, ReceivedData out) {
        if (m.messageClass().isResponse()) {
            Request r = requests.get(m.transactionId());
            if (r != null) {
                // A STUN server on the same address as the TURN server answered a server-reflexive request.
                handleResponse(now, r, hostFor(allocation.socket), allocation.server, m);
            } else if (!allocation.handleResponse(now, m)) {
                drop("unmatched response from TURN server " + allocation.server);
            }
            afterInput(now);
            return false;
        }
        if (m.is(StunClass.INDICATION, StunMethod.DATA)) {
            InetSocketAddress peer = m.address(XOR_PEER_ADDRESS);
            if (peer == null || m.dataOffset() < 0) {
                return drop("Data indication without XOR-PEER-ADDRESS or DATA");
            }
            return handleRelayed(now, allocation, peer, m.array(), m.dataOffset(), m.dataLength(), out);
        }
        return drop("unexpected " + m + " from TURN server");
    }

    /** A datagram that a peer sent to our relayed address. */
    private boolean handleRelayed(long now, TurnAllocation allocation, InetSocketAddress peer, byte[] data,
                                  int offset, int length, ReceivedData out) {
        LocalCandidate relay = relayFor(allocation);
        if (relay == null || length <= 0) {
            return drop("relayed data before the relay candidate exists");
        }
        if ((data[offset] & 0xFF) < 4) {
            StunMessage inner;
            try {
                inner = StunMessage.parse(data, offset, length);
            } catch (StunException e) {
                return drop("malformed relayed STUN from " + peer + ": " + e.getMessage());
            }
            handleStun(now, relay, peer, inner);
            return false;
        }
        return acceptData(relay, peer, offset, length, out);
    }

    private boolean acceptData(LocalCandidate local, InetSocketAddress from, int offset, int length,
                               ReceivedData out) {
        // Only from a remote address ICE has verified in either direction (RFC 8445 section 11). The selected pair
        // comes first: nearly all data arrives there, and it stays verified across an ICE restart (when the new
        // check list may hold a fresh, unchecked pair with the same addresses).
        boolean verified = selected != null && selected.local == local && selected.remote.address().equals(from);
        if (!verified) {
            CheckPair p = checkList.find(local, from);
            verified = p != null && (p.isValid() || p.remoteValidated);
        }
        if (!verified) {
            return drop("data from an unverified address " + from);
        }
        out.set(offset, length, from);
        return true;
    }

    private void handleStun(long now, LocalCandidate local, InetSocketAddress from, StunMessage m) {
        switch (m.messageClass()) {
            case REQUEST:
                if (m.method() == StunMethod.BINDING) {
                    handleBindingRequest(now, local, from, m);
                } else {
                    drop("STUN request " + StunMethod.name(m.method()) + " is not for an ICE agent");
                }
                break;
            case SUCCESS_RESPONSE:
            case ERROR_RESPONSE: {
                Request r = requests.get(m.transactionId());
                if (r == null) {
                    drop("response to no request of ours from " + from);
                } else {
                    handleResponse(now, r, local, from, m);
                }
                break;
            }
            case INDICATION:
                // Binding indications are keepalives (RFC 8445 section 11); nothing to do.
                break;
            default:
                break;
        }
        afterInput(now);
    }

    // ---- incoming checks (RFC 8445 section 7.3) ----

    private void handleBindingRequest(long now, LocalCandidate local, InetSocketAddress from, StunMessage m) {
        if (!isOffered(local)) {
            drop("check to a candidate we did not offer (relay-only policy)");
            return;
        }
        String username = m.username();
        if (username == null || !m.hasIntegrity()) {
            sendError(local, from, m, ErrorCode.BAD_REQUEST, null);
            return;
        }
        int colon = username.indexOf(':');
        String ufrag = colon < 0 ? username : username.substring(0, colon);
        byte[] key;
        if (ufrag.equals(this.local.ufrag())) {
            key = localKey;
        } else if (previousLocal != null && ufrag.equals(previousLocal.ufrag())) {
            key = previousLocalKey; // The peer has not seen our restart yet: keep answering the old pair.
        } else {
            sendError(local, from, m, ErrorCode.UNAUTHENTICATED, null);
            return;
        }
        if (!m.checkIntegrity(key)) {
            sendError(local, from, m, ErrorCode.UNAUTHENTICATED, null);
            return;
        }
        int[] unknown = m.unknownComprehensionRequired();
        if (unknown.length > 0) {
            sendError(local, from, m, ErrorCode.UNKNOWN_ATTRIBUTE, unknown);
            return;
        }
        // Role conflict (RFC 8445 section 7.3.1.1). Not before start(): our role is not decided yet (a peer that
        // starts first must not make us switch to, or keep, a role start() is about to set otherwise).
        if (started && role == IceRole.CONTROLLING && m.has(ICE_CONTROLLING)) {
            if (Long.compareUnsigned(tieBreaker, m.uint64(ICE_CONTROLLING, 0)) >= 0) {
                sendError(local, from, m, ErrorCode.ROLE_CONFLICT, null, key);
                return;
            }
            switchRole(IceRole.CONTROLLED);
        } else if (started && role == IceRole.CONTROLLED && m.has(ICE_CONTROLLED)) {
            if (Long.compareUnsigned(tieBreaker, m.uint64(ICE_CONTROLLED, 0)) >= 0) {
                switchRole(IceRole.CONTROLLING);
            } else {
                sendError(local, from, m, ErrorCode.ROLE_CONFLICT, null, key);
                return;
            }
        }
        // Success response: XOR-MAPPED-ADDRESS is the source we saw (RFC 8445 section 7.3.1.2).
        builder.resetAsResponse(m, true).addXorMappedAddress(from).addMessageIntegrity(key).addFingerprint();
        send(local, from, builder.toByteArray());

        if (key == previousLocalKey) {
            return; // A check for the pre-restart session: answered, but it forms no pair in the new one.
        }
        // Learn a peer-reflexive remote candidate (RFC 8445 section 7.3.1.3).
        Candidate remote = remoteByAddress(from);
        if (remote == null) {
            long priority = m.priority();
            if (priority < 1 || priority > 0x7FFFFFFFL) {
                priority = Candidate.priority(CandidateType.PEER_REFLEXIVE, 0, COMPONENT);
            }
            remote = new Candidate("prflx" + Integer.toHexString(random.nextInt() & 0xFFFFFF), COMPONENT, "udp",
                    priority, from, CandidateType.PEER_REFLEXIVE, null);
            remotes.add(remote);
            LOG.debug("[{}] learnt peer-reflexive remote candidate {}", logId, from);
        }
        CheckPair pair = checkList.find(local, from);
        if (pair == null) {
            pair = formPair(local, remote);
            checkList.sort();
            if (pair == null) {
                return;
            }
            pair.state = State.WAITING;
        }
        pair.remoteValidated = true;
        pair.requestsReceived++;
        pair.responsesSent++;
        // Triggered check (RFC 8445 section 7.3.1.4).
        switch (pair.state) {
            case SUCCEEDED:
                // Our nomination on this pair is still unanswered, yet the peer's check shows the path is alive
                // (and the peer may already have selected it): nominate again now, rather than let a run of lost
                // responses fail the pair while the peer keeps it as its higher-priority nominated pair.
                if (pair == nominating) {
                    enqueueTriggered(pair);
                }
                break;
            case FAILED:
            case FROZEN:
                pair.state = State.WAITING;
                enqueueTriggered(pair);
                break;
            default:
                enqueueTriggered(pair);
                break;
        }
        // Nomination by the controlling peer (RFC 8445 section 7.3.1.5). Before start() it is remembered: a peer
        // that started first may nominate before we know we are controlled, and would not nominate again once
        // its own check of the pair succeeded.
        if (m.has(USE_CANDIDATE) && (role == IceRole.CONTROLLED || !started)) {
            if (started && pair.state == State.SUCCEEDED) {
                nominate(now, pair);
            } else {
                pair.nominateOnSuccess = true;
            }
        }
    }

    private void sendError(LocalCandidate local, InetSocketAddress to, StunMessage request, int code, int[] unknown) {
        sendError(local, to, request, code, unknown, null);
    }

    private void sendError(LocalCandidate local, InetSocketAddress to, StunMessage request, int code, int[] unknown,
                           byte[] key) {
        builder.resetAsResponse(request, false).addErrorCode(ErrorCode.of(code));
        if (unknown != null) {
            builder.addUnknownAttributes(unknown);
        }
        if (key != null) {
            builder.addMessageIntegrity(key);
        }
        builder.addFingerprint();
        send(local, to, builder.toByteArray());
        LOG.debug("[{}] answered a check from {} with {}", logId, to, code);
    }

    // ---- responses (RFC 8445 section 7.2.5) ----

    private void handleResponse(long now, Request r, LocalCandidate local, InetSocketAddress from, StunMessage m) {
        if (r.purpose == Purpose.SERVER_REFLEXIVE) {
            handleServerReflexiveResponse(now, r, from, m);
            return;
        }
        CheckPair pair = r.pair;
        byte[] key = r.purpose == Purpose.CONSENT ? selectedRemoteKey : remoteKey;
        if (key == null || !m.checkIntegrity(key)) {
            drop("response without valid MESSAGE-INTEGRITY from " + from);
            return; // Retransmissions go on: an attacker's forged answer must not fail the check.
        }
        requests.remove(r.txn.id);
        // Symmetric addresses (RFC 8445 section 7.2.5.2.1).
        if (!from.equals(pair.remote.address()) || local != pair.local) {
            LOG.debug("[{}] non-symmetric response on {} from {}", logId, pair, from);
            if (r.purpose == Purpose.CHECK) {
                failPair(pair);
            }
            return;
        }
        if (r.purpose == Purpose.CONSENT) {
            if (m.messageClass() == StunClass.SUCCESS_RESPONSE && pair == selected) {
                consent.responded(now);
                pair.responsesReceived++;
                pair.measuredRtt(now - r.firstSentAt);
                if (state == IceConnectionState.DISCONNECTED) {
                    LOG.info("[{}] consent regained on {}", logId, pair);
                }
                updateState(now);
            }
            return;
        }
        if (pair.inFlight == r.txn) {
            pair.inFlight = null;
        }
        if (m.messageClass() == StunClass.ERROR_RESPONSE) {
            ErrorCode error = m.errorCode();
            if (error != null && error.code() == ErrorCode.ROLE_CONFLICT) {
                // RFC 8445 section 7.2.5.1: switch to the other role and try the pair again.
                if (r.roleWhenSent == role) {
                    switchRole(role.opposite());
                }
                pair.state = State.WAITING;
                enqueueTriggered(pair);
            } else {
                LOG.debug("[{}] check on {} got error {}", logId, pair, error);
                failPair(pair);
            }
            return;
        }
        pair.responsesReceived++;
        pair.measuredRtt(now - r.firstSentAt);
        InetSocketAddress mapped = m.xorMappedAddress();
        if (mapped == null) {
            failPair(pair);
            return;
        }
        pair.validLocal = discoverLocal(pair.local, mapped, r.priorityAttribute);
        boolean wasValid = pair.state == State.SUCCEEDED;
        pair.state = State.SUCCEEDED;
        if (!wasValid) {
            LOG.debug("[{}] pair succeeded: {} (rtt {} us)", logId, pair, pair.lastRttNanos / 1000);
            checkList.unfreezeFoundation(pair.foundation);
            if (firstValidAt < 0) {
                firstValidAt = now;
            }
        }
        if ((r.useCandidate && role == IceRole.CONTROLLING) || (pair.nominateOnSuccess && role == IceRole.CONTROLLED)) {
            nominate(now, pair);
        }
    }

    /** The local candidate a successful check revealed: a known one, or a new peer-reflexive one. */
    private Candidate discoverLocal(LocalCandidate base, InetSocketAddress mapped, long priority) {
        for (LocalCandidate lc : locals) {
            if (lc.address().equals(mapped)) {
                return lc.candidate;
            }
        }
        Candidate prflx = new Candidate(foundation(CandidateType.PEER_REFLEXIVE, base.socket, null), COMPONENT, "udp",
                priority, mapped, CandidateType.PEER_REFLEXIVE, base.address());
        // Kept for stats and to recognise it again; peer-reflexive candidates are never signalled or paired.
        locals.add(new LocalCandidate(prflx, base.socket, base.allocation));
        return prflx;
    }

    private void handleServerReflexiveResponse(long now, Request r, InetSocketAddress from, StunMessage m) {
        if (!from.equals(r.server)) {
            return;
        }
        requests.remove(r.txn.id);
        pendingGathering--;
        InetSocketAddress mapped = m.messageClass() == StunClass.SUCCESS_RESPONSE
                ? (m.xorMappedAddress() != null ? m.xorMappedAddress() : m.address(MAPPED_ADDRESS)) : null;
        if (mapped != null) {
            addServerReflexive(r.socket, r.server, mapped);
        } else {
            LOG.warn("[{}] STUN server {} gave no mapped address ({})", logId, r.server, m.errorCode());
        }
        maybeFinishGathering();
    }

    private void addServerReflexive(InetSocketAddress socket, InetSocketAddress server, InetSocketAddress mapped) {
        // Redundant when it equals a known candidate with the same base (RFC 8445 section 5.1.3).
        for (LocalCandidate lc : locals) {
            if (lc.address().equals(mapped) && lc.socket.equals(socket)) {
                return;
            }
        }
        Candidate srflx = new Candidate(foundation(CandidateType.SERVER_REFLEXIVE, socket, server), COMPONENT, "udp",
                Candidate.priority(CandidateType.SERVER_REFLEXIVE, localPreference(socket), COMPONENT), mapped,
                CandidateType.SERVER_REFLEXIVE, socket);
        addLocal(new LocalCandidate(srflx, socket, null));
    }

    private final TurnAllocation.Listener turnListener = new TurnAllocation.Listener() {
        @Override
        public void allocated(TurnAllocation a, long now) {
            pendingGathering--;
            InetSocketAddress relayed = a.relayedAddress();
            Candidate relay = new Candidate(foundation(CandidateType.RELAY, a.socket, a.server), COMPONENT, "udp",
                    Candidate.priority(CandidateType.RELAY, localPreference(a.socket), COMPONENT), relayed,
                    CandidateType.RELAY, a.mappedAddress());
            if (a.mappedAddress() != null && config.candidatePolicy() == CandidatePolicy.ALL) {
                addServerReflexive(a.socket, a.server, a.mappedAddress());
            }
            addLocal(new LocalCandidate(relay, a.socket, a));
            maybeFinishGathering();
        }

        @Override
        public void allocationFailed(TurnAllocation a, String reason) {
            if (relayFor(a) == null) {
                pendingGathering--;
                maybeFinishGathering();
            }
            for (CheckPair p : checkList.pairs()) {
                if (p.local.allocation == a && p.isPending()) {
                    failPair(p);
                }
            }
        }
    };

    // =====================================================================================================
    // Time
    // =====================================================================================================

    /** Runs whatever is due at {@code now}. Early or repeated calls are harmless. */
    public void handleTimeout(long now) {
        lastNow = now;
        if (closed) {
            return;
        }
        // Retransmissions and failures of our requests.
        List<Request> expired = null;
        for (Request r : requests.values()) {
            if (now >= r.txn.deadlineNanos) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(r);
            }
        }
        if (expired != null) {
            for (Request r : expired) {
                onRequestDeadline(now, r);
            }
        }
        for (int i = 0; i < allocations.size(); i++) {
            allocations.get(i).handleTimeout(now);
        }
        if (gatheringState == IceGatheringState.GATHERING && now >= gatheringDeadline) {
            requests.values().removeIf(r -> r.purpose == Purpose.SERVER_REFLEXIVE);
            pendingGathering = 0;
            LOG.debug("[{}] gathering timed out", logId);
            maybeFinishGathering();
        }
        // Paced checks (RFC 8445 section 6.1.4.2): one new check every Ta.
        if (canCheck() && now >= nextCheckAt) {
            if (sendNextCheck(now)) {
                nextCheckAt = now + taNanos;
            }
        }
        maybeNominate(now);
        runConsent(now);
        updateState(now);
    }

    private void onRequestDeadline(long now, Request r) {
        StunTransaction txn = r.txn;
        if (r.purpose == Purpose.CONSENT) {
            requests.remove(txn.id); // Consent requests are single shots; newer ones follow.
            return;
        }
        if (!txn.exhausted() && !txn.cancelled) {
            txn.sent(now);
            if (r.purpose == Purpose.SERVER_REFLEXIVE) {
                transmits.add(new Transmit(r.socket, r.server, txn.request));
            } else {
                r.pair.requestsSent++;
                send(r.pair.local, r.pair.remote.address(), txn.request);
            }
            return;
        }
        if (!txn.exhausted()) {
            // Cancelled: wait for its last chance of an answer like any other, then forget it.
            txn.sent(now);
            return;
        }
        requests.remove(txn.id);
        if (r.purpose == Purpose.SERVER_REFLEXIVE) {
            pendingGathering--;
            LOG.warn("[{}] STUN server {} did not answer", logId, r.server);
            maybeFinishGathering();
        } else if (r.pair.inFlight == txn) {
            r.pair.inFlight = null;
            LOG.debug("[{}] check timed out on {}", logId, r.pair);
            failPair(r.pair);
        }
    }

    /** The next moment the core needs {@link #handleTimeout}; Long.MAX_VALUE when idle. */
    public long pollDeadline() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        long d = Long.MAX_VALUE;
        for (Request r : requests.values()) {
            d = Math.min(d, r.txn.deadlineNanos);
        }
        for (TurnAllocation a : allocations) {
            d = Math.min(d, a.deadline());
        }
        if (gatheringState == IceGatheringState.GATHERING) {
            d = Math.min(d, gatheringDeadline);
        }
        if (canCheck() && hasCheckWork()) {
            d = Math.min(d, nextCheckAt);
        }
        // Only while maybeNominate could act on it: with no valid pair left (or checks stopped) the moment, once
        // past, would be asked for again and again (a busy loop).
        if (role == IceRole.CONTROLLING && nominating == null && !hasCurrentSelection() && firstValidAt >= 0
                && canCheck() && hasValidPair()) {
            d = Math.min(d, firstValidAt + config.nominationDelay().toNanos());
        }
        if (selected != null) {
            d = Math.min(d, consent.deadline(state == IceConnectionState.DISCONNECTED));
        }
        // The same conditions as in updateState: without gathering complete and the remote credentials this moment
        // changes nothing, and asking for it once past would make the driver spin.
        if (state == IceConnectionState.CHECKING && selected == null && !failsOnEndOfCandidates() && allPairsFailed()
                && gatheringState == IceGatheringState.COMPLETE && remoteKey != null) {
            d = Math.min(d, lastRemoteCandidateAt + config.failWithoutEndOfCandidates().toNanos());
        }
        return Math.max(d, lastNow);
    }

    // =====================================================================================================
    // Output
    // =====================================================================================================

    public Transmit pollTransmit() {
        return transmits.poll();
    }

    public IceEvent pollEvent() {
        return events.poll();
    }

    /**
     * Where application data goes now: the selected pair, while it has consent; before any pair is selected, the
     * best valid pair (RFC 8445 section 12.1: data MAY go on any valid pair until pairs are selected); null
     * otherwise (RFC 7675 section 5.1: no data without consent).
     *
     * <p>Sending before selection matters to DTLS: a peer that answers our check starts its handshake at once,
     * and a reply that waited for our nomination would be lost until the peer's retransmission timer fired.
     */
    public Route route() {
        if (closed || state == IceConnectionState.FAILED) {
            return null;
        }
        CheckPair pair = selected;
        if (pair == null && state == IceConnectionState.CHECKING) {
            pair = checkList.bestValid(); // a successful check just now: consent holds
        }
        if (pair == null) {
            return null;
        }
        LocalCandidate lc = pair.local;
        InetSocketAddress remote = pair.remote.address();
        if (lc.allocation == null) {
            return new Route(lc.socket, remote, remote, -1, null);
        }
        return new Route(lc.socket, lc.allocation.server, remote, lc.allocation.channelFor(remote), lc.allocation);
    }

    /**
     * Wraps application data for a relayed route: a ChannelData frame or a Send indication, ready to send to
     * {@link Route#destination()}.
     */
    public byte[] wrapForRelay(Route route, byte[] data, int offset, int length) {
        return ((TurnAllocation) route.allocation()).wrap(route.peer(), data, offset, length);
    }

    // =====================================================================================================
    // Checks
    // =====================================================================================================

    /** A pair selected in the current ICE generation (not one kept in use across a restart). */
    private boolean hasCurrentSelection() {
        return selected != null && checkList.contains(selected);
    }

    private boolean hasValidPair() {
        return checkList.bestValid() != null;
    }

    private boolean canCheck() {
        // After consent expired the agent is FAILED until an ICE restart (RFC 7675 section 5.1): no more checks,
        // or the controlling side would nominate (and the peer select) the dead pair again.
        return started && remoteKey != null && !closed && !consentLost;
    }

    private boolean hasCheckWork() {
        if (checkList.hasTriggered()) {
            return true;
        }
        return !hasCurrentSelection() && nominating == null && checkList.anyWaitingOrFrozen();
    }

    /** Sends one check: a triggered one first, else the best waiting pair, else the best frozen one. */
    private boolean sendNextCheck(long now) {
        CheckPair next = checkList.pollTriggered(p -> checkList.contains(p) || p == selected);
        boolean useCandidate = next != null && next == nominating;
        if (next == null && !hasCurrentSelection() && nominating == null) {
            next = checkList.firstIn(State.WAITING);
            if (next == null) {
                next = checkList.firstIn(State.FROZEN);
            }
        }
        if (next == null) {
            return false;
        }
        sendCheck(now, next, useCandidate);
        return true;
    }

    private void sendCheck(long now, CheckPair pair, boolean useCandidate) {
        if (pair.inFlight != null) {
            pair.inFlight.cancelled = true; // RFC 8445 7.3.1.4: the new check replaces the one in progress.
        }
        if (pair.state != State.SUCCEEDED) {
            pair.state = State.IN_PROGRESS;
        }
        long priority = Candidate.priority(CandidateType.PEER_REFLEXIVE, pair.local.localPreference(), COMPONENT);
        TransactionId id = TransactionId.random(random);
        builder.reset(StunClass.REQUEST, StunMethod.BINDING, id)
                .addUsername(remoteUfrag + ":" + local.ufrag())
                .addPriority(priority);
        if (role == IceRole.CONTROLLING) {
            builder.addIceControlling(tieBreaker);
            if (useCandidate) {
                builder.addUseCandidate();
            }
        } else {
            builder.addIceControlled(tieBreaker);
        }
        builder.addMessageIntegrity(remoteKey).addFingerprint();
        StunTransaction txn = new StunTransaction(id, builder.toByteArray(), checkRto(), config.stunMaxTransmissions(),
                config.stunLastWaitMultiplier());
        requests.put(id, new Request(Purpose.CHECK, txn, pair, useCandidate, role, priority, null, null, now));
        pair.inFlight = txn;
        pair.requestsSent++;
        txn.sent(now);
        if (pair.local.allocation != null) {
            pair.local.allocation.ensurePermission(now, pair.remote.address());
        }
        send(pair.local, pair.remote.address(), txn.request);
    }

    /** RTO for checks (RFC 8445 section 14.3): at least 500 ms by default, more with many pairs to pace. */
    private long checkRto() {
        return Math.max(rtoNanos, taNanos * checkList.activeCount());
    }

    private void sendServerBinding(long now, InetSocketAddress socket, InetSocketAddress server) {
        TransactionId id = TransactionId.random(random);
        builder.reset(StunClass.REQUEST, StunMethod.BINDING, id);
        if (config.software() != null) {
            builder.addSoftware(config.software());
        }
        builder.addFingerprint();
        StunTransaction txn = new StunTransaction(id, builder.toByteArray(), rtoNanos, config.stunMaxTransmissions(),
                config.stunLastWaitMultiplier());
        requests.put(id, new Request(Purpose.SERVER_REFLEXIVE, txn, null, false, role, 0, socket, server, now));
        txn.sent(now);
        transmits.add(new Transmit(socket, server, txn.request));
    }

    private void enqueueTriggered(CheckPair pair) {
        checkList.trigger(pair);
    }

    private void failPair(CheckPair pair) {
        pair.state = State.FAILED;
        if (pair == nominating) {
            nominating = null; // Try the next best valid pair.
        }
    }

    /** Regular nomination by the controlling agent (RFC 8445 section 8.1.1). */
    private void maybeNominate(long now) {
        if (role != IceRole.CONTROLLING || nominating != null || hasCurrentSelection() || !canCheck()) {
            return;
        }
        CheckPair best = checkList.bestValid();
        if (best == null) {
            return;
        }
        boolean betterPending = checkList.anyPendingAbove(best.priority);
        if (betterPending && now < firstValidAt + config.nominationDelay().toNanos()) {
            return;
        }
        nominating = best;
        LOG.debug("[{}] nominating {}", logId, best);
        // Sent at once: nomination is the last step before data can flow.
        sendCheck(now, best, true);
    }

    private void nominate(long now, CheckPair pair) {
        if (consentLost) {
            return; // FAILED until an ICE restart: a late nomination must not select a pair again.
        }
        pair.nominated = true;
        if (nominating == pair) {
            nominating = null;
        }
        // The controlled agent uses the highest-priority nominated pair (RFC 8445 section 8.1.1).
        if (!hasCurrentSelection() || !selected.nominated || pair.priority > selected.priority) {
            select(now, pair);
        }
    }

    private void select(long now, CheckPair pair) {
        CheckPair old = selected;
        selected = pair;
        selectedUsername = remoteUfrag + ":" + local.ufrag();
        selectedRemoteKey = remoteKey;
        previousLocal = null;
        previousLocalKey = null;
        consent.start(now);
        if (pair.local.allocation != null) {
            pair.local.allocation.bindChannel(now, pair.remote.address());
        }
        // Checks of lower-priority pairs are no longer needed.
        checkList.dropTriggeredBelow(pair.priority);
        LOG.info("[{}] selected pair {} ({})", logId, pair, old == null ? "first" : "replaces " + old);
        events.add(new IceEvent.SelectedPairChanged(pair.snapshot()));
        updateState(now);
    }

    // ---- consent freshness (RFC 7675) ----

    private void runConsent(long now) {
        if (selected == null || closed) {
            return;
        }
        if (consent.expired(now)) {
            LOG.warn("[{}] consent expired on {}: no response for {} ms", logId, selected,
                    (now - consent.lastResponseAt()) / 1_000_000);
            selected = null;
            consentLost = true;
            setState(IceConnectionState.FAILED);
            return;
        }
        if (consent.keepaliveDue(now)) {
            // Only when consent checks are configured rarer than Tr: they keep the bindings alive otherwise.
            builder.reset(StunClass.INDICATION, StunMethod.BINDING, TransactionId.random(random)).addFingerprint();
            send(selected.local, selected.remote.address(), builder.toByteArray());
        }
        if (consent.checkDue(now)) {
            sendConsent(now);
        }
    }

    private void sendConsent(long now) {
        CheckPair pair = selected;
        TransactionId id = TransactionId.random(random);
        builder.reset(StunClass.REQUEST, StunMethod.BINDING, id).addUsername(selectedUsername)
                .addPriority(Candidate.priority(CandidateType.PEER_REFLEXIVE, pair.local.localPreference(), COMPONENT));
        if (role == IceRole.CONTROLLING) {
            builder.addIceControlling(tieBreaker);
        } else {
            builder.addIceControlled(tieBreaker);
        }
        builder.addMessageIntegrity(selectedRemoteKey).addFingerprint();
        StunTransaction txn = new StunTransaction(id, builder.toByteArray(), config.consentExpiry().toNanos(), 1, 1);
        requests.put(id, new Request(Purpose.CONSENT, txn, pair, false, role, 0, null, null, now));
        txn.sent(now);
        pair.requestsSent++;
        send(pair.local, pair.remote.address(), txn.request);
        consent.checkSent(now);
    }

    // =====================================================================================================
    // State
    // =====================================================================================================

    private void afterInput(long now) {
        maybeNominate(now);
        updateState(now);
    }

    private void updateState(long now) {
        if (closed || consentLost) {
            return;
        }
        IceConnectionState next;
        if (selected != null) {
            if (consent.late(now)) {
                next = IceConnectionState.DISCONNECTED;
            } else if (remoteEnded && gatheringState == IceGatheringState.COMPLETE && !anyPending()) {
                next = IceConnectionState.COMPLETED;
            } else {
                next = IceConnectionState.CONNECTED;
            }
        } else if (!started) {
            next = IceConnectionState.NEW;
        } else if (gatheringState == IceGatheringState.COMPLETE && allPairsFailed() && remoteKey != null
                && (failsOnEndOfCandidates()
                    || now - lastRemoteCandidateAt >= config.failWithoutEndOfCandidates().toNanos())) {
            next = IceConnectionState.FAILED;
        } else {
            next = IceConnectionState.CHECKING;
        }
        setState(next);
    }

    /**
     * With end-of-candidates, failed pairs are final (RFC 8838 section 8). An empty check list is not: the peer may
     * have signalled only candidates we cannot pair with (a browser's mDNS names, addresses of other interfaces)
     * and still reach us, and its checks would teach us a peer-reflexive candidate. So with no pair at all the
     * agent waits as it does without end-of-candidates.
     */
    private boolean failsOnEndOfCandidates() {
        return remoteEnded && !checkList.pairs().isEmpty();
    }

    private boolean anyPending() {
        return checkList.anyPendingAbove(selected.priority);
    }

    private boolean allPairsFailed() {
        return checkList.allFailed();
    }

    private void setState(IceConnectionState next) {
        if (next != state) {
            LOG.debug("[{}] ICE state {} -> {}", logId, state, next);
            state = next;
            events.add(new IceEvent.ConnectionStateChanged(next));
        }
    }

    private void setGatheringState(IceGatheringState next) {
        if (next != gatheringState) {
            gatheringState = next;
            events.add(new IceEvent.GatheringStateChanged(next));
        }
    }

    private void maybeFinishGathering() {
        if (gatheringState == IceGatheringState.GATHERING && pendingGathering <= 0) {
            pendingGathering = 0;
            setGatheringState(IceGatheringState.COMPLETE);
            updateState(lastNow);
        }
    }

    private void switchRole(IceRole newRole) {
        LOG.info("[{}] role conflict: switching to {}", logId, newRole);
        setRole(newRole);
        events.add(new IceEvent.RoleChanged(newRole));
    }

    private void setRole(IceRole newRole) {
        role = newRole;
        checkList.reprioritize(p -> pairPriority(p.local.candidate, p.remote));
    }

    // =====================================================================================================
    // Candidates and pairs
    // =====================================================================================================

    private void addLocal(LocalCandidate lc) {
        locals.add(lc);
        if (isOffered(lc)) {
            events.add(new IceEvent.LocalCandidate(lc.candidate));
            for (Candidate r : remotes) {
                formPair(lc, r);
            }
            checkList.sort();
            checkList.unfreezeInitial();
        }
    }

    /** Whether a local candidate is signalled and checked under the candidate policy. */
    private boolean isOffered(LocalCandidate lc) {
        return config.candidatePolicy() == CandidatePolicy.ALL || lc.type() == CandidateType.RELAY;
    }

    /**
     * Pairs a local candidate with a remote one when they can talk (same family), replacing server-reflexive
     * locals by their base, i.e. only host and relay locals form pairs (RFC 8445 section 6.1.2.4).
     */
    private CheckPair formPair(LocalCandidate lc, Candidate remote) {
        if (lc.type() != CandidateType.HOST && lc.type() != CandidateType.RELAY) {
            return null;
        }
        if (!isOffered(lc) || !sameFamily(lc.address(), remote.address())) {
            return null;
        }
        if (lc.type() == CandidateType.HOST && !reachable(lc.socket, remote.address())) {
            return null;
        }
        CheckPair existing = checkList.find(lc, remote.address());
        if (existing != null) {
            return existing;
        }
        CheckPair pair = new CheckPair(lc, remote);
        pair.priority = pairPriority(lc.candidate, remote);
        return checkList.add(pair) ? pair : null;
    }

    private void replaceRemote(CheckPair old, Candidate remote) {
        CheckPair fresh = new CheckPair(old.local, remote);
        fresh.priority = pairPriority(old.local.candidate, remote);
        fresh.state = old.state;
        fresh.nominated = old.nominated;
        fresh.nominateOnSuccess = old.nominateOnSuccess;
        fresh.remoteValidated = old.remoteValidated;
        fresh.validLocal = old.validLocal;
        fresh.inFlight = old.inFlight;
        fresh.requestsSent = old.requestsSent;
        fresh.responsesReceived = old.responsesReceived;
        fresh.requestsReceived = old.requestsReceived;
        fresh.responsesSent = old.responsesSent;
        fresh.lastRttNanos = old.lastRttNanos;
        fresh.totalRttNanos = old.totalRttNanos;
        fresh.rttMeasurements = old.rttMeasurements;
        checkList.replace(old, fresh);
        for (Request r : requests.values()) {
            if (r.pair == old) {
                requests.put(r.txn.id, new Request(r.purpose, r.txn, fresh, r.useCandidate, r.roleWhenSent,
                        r.priorityAttribute, r.socket, r.server, r.firstSentAt));
            }
        }
        if (nominating == old) {
            nominating = fresh;
        }
        if (selected == old) {
            selected = fresh;
        }
        checkList.sort();
    }

    private long pairPriority(Candidate localCandidate, Candidate remote) {
        return role == IceRole.CONTROLLING
                ? CandidatePair.priority(localCandidate.priority(), remote.priority())
                : CandidatePair.priority(remote.priority(), localCandidate.priority());
    }


    private Candidate remoteByAddress(InetSocketAddress address) {
        for (Candidate c : remotes) {
            if (c.address().equals(address)) {
                return c;
            }
        }
        return null;
    }

    private LocalCandidate hostFor(InetSocketAddress socket) {
        for (LocalCandidate lc : locals) {
            if (lc.type() == CandidateType.HOST && lc.socket.equals(socket)) {
                return lc;
            }
        }
        return null;
    }

    private LocalCandidate relayFor(TurnAllocation a) {
        for (LocalCandidate lc : locals) {
            if (lc.allocation == a && lc.type() == CandidateType.RELAY) {
                return lc;
            }
        }
        return null;
    }

    private TurnAllocation allocationFor(InetSocketAddress socket, InetSocketAddress from) {
        for (int i = 0; i < allocations.size(); i++) {
            TurnAllocation a = allocations.get(i);
            if (a.isFromServer(socket, from)) {
                return a;
            }
        }
        return null;
    }

    /** Sends bytes from a local candidate: directly, or through its TURN allocation. */
    private void send(LocalCandidate lc, InetSocketAddress to, byte[] bytes) {
        if (selected != null && lc == selected.local && to.equals(selected.remote.address())) {
            consent.sent(lastNow);
        }
        if (lc.allocation == null) {
            transmits.add(new Transmit(lc.socket, to, bytes));
        } else {
            transmits.add(new Transmit(lc.socket, lc.allocation.server, lc.allocation.wrap(to, bytes, 0, bytes.length)));
        }
    }

    /**
     * Local preference (RFC 8445 section 5.1.2.1, RFC 8421): IPv6 above IPv4, then the order of the sockets, so
     * that every candidate of one type has a distinct priority.
     */
    private int localPreference(InetSocketAddress socket) {
        int index = sockets.indexOf(socket);
        boolean v6 = socket.getAddress().getAddress().length == 16;
        return (v6 ? 0xFFFF : 0x7FFF) - Math.max(index, 0);
    }

    /** A stable foundation per (type, base IP, server) (RFC 8445 section 5.1.1.3). */
    private String foundation(CandidateType type, InetSocketAddress base, InetSocketAddress server) {
        String key = type + "|" + base.getAddress().getHostAddress() + "|" + (server == null ? "" : server);
        return foundations.computeIfAbsent(key, k -> Integer.toString(foundations.size() + 1));
    }

    private static boolean sameFamily(InetSocketAddress a, InetSocketAddress b) {
        return a.getAddress().getAddress().length == b.getAddress().getAddress().length;
    }

    /** A loopback socket reaches only loopback peers, and the other way round; families must match. */
    private static boolean reachable(InetSocketAddress socket, InetSocketAddress peer) {
        return sameFamily(socket, peer) && socket.getAddress().isLoopbackAddress() == peer.getAddress().isLoopbackAddress();
    }

    private boolean drop(String why) {
        droppedDatagrams++;
        if (LOG.isTraceEnabled()) {
            LOG.trace("[{}] dropped: {}", logId, why);
        }
        return false;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("ICE agent is closed");
        }
    }
}
