package dev.robusta.ice.sim;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.core.IceAgentCore;
import dev.robusta.ice.core.ReceivedData;
import dev.robusta.ice.core.Transmit;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An {@link IceAgentCore} on a {@link SimulatedNetwork}, with the glue a real driver and signalling channel would
 * give it: it sends the core's transmits, records its events with their virtual time, trickles its local
 * candidates to its peer after a signalling delay (and GatheringStateChanged(COMPLETE) as end-of-candidates),
 * carries ICE restarts as an offer/answer exchange, and sends and receives application data through
 * {@link IceAgentCore#route()} and {@link IceAgentCore#handleDatagram}.
 */
public final class SimulatedAgent implements SimulatedNetwork.Endpoint {

    /** An event of the core and the virtual time it was drained at. */
    public record TimedEvent(long atNanos, IceEvent event) {
        @Override
        public String toString() {
            return VirtualClock.format(atNanos) + " " + event;
        }
    }

    /**
     * Application data the core handed up: {@code from} is the datagram's real source, {@code reportedRemote}
     * what the core said it came from ({@link ReceivedData#remote}).
     */
    public record Received(long atNanos, InetSocketAddress socket, InetSocketAddress from,
                           InetSocketAddress reportedRemote, byte[] payload) {}

    private static final int RECEIVE_OFFSET = 5;

    private final SimulatedNetwork network;
    private final String name;
    private final IceAgentCore core;
    private final List<InetSocketAddress> sockets;
    private final Random glueRandom;
    private final List<TimedEvent> events = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();
    private final ReceivedData out = new ReceivedData();
    private IceCredentials credentials;

    private SimulatedAgent peer;
    private long signallingDelayNanos = 50_000_000L;
    private long candidateDelayNanos = -1;
    private Predicate<Candidate> candidateFilter = c -> true;
    private boolean signalEndOfCandidates = true;
    private boolean keepReceived = true;
    private Consumer<Received> dataListener;
    private Consumer<TimedEvent> eventListener;
    private long bytesSent;
    private long datagramsSent;
    private long datagramsReceived;

    /**
     * @param seed seeds the core's random source (tie-breaker, transaction IDs, consent jitter) and the glue's
     */
    public SimulatedAgent(SimulatedNetwork network, String name, IceAgentConfig config, long seed,
                          List<InetSocketAddress> sockets) {
        this.network = network;
        this.name = name;
        this.glueRandom = new Random(seed * 31 + 7);
        this.credentials = IceCredentials.random(glueRandom);
        this.core = new IceAgentCore(config, credentials, new Random(seed), name);
        this.sockets = List.copyOf(sockets);
        for (InetSocketAddress s : this.sockets) {
            core.addSocket(s);
        }
        network.attach(this, this.sockets);
    }

    // ---- addresses ----

    /** {@code 127.0.0.<lastOctet>:port}. */
    public static InetSocketAddress v4(int lastOctet, int port) {
        return address(new byte[] {127, 0, 0, (byte) lastOctet}, port);
    }

    /** {@code [::1]:port}. */
    public static InetSocketAddress v6(int port) {
        byte[] ip = new byte[16];
        ip[15] = 1;
        return address(ip, port);
    }

    private static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    // ---- signalling ----

    /**
     * Makes two agents peers: each one's candidates, end-of-candidates and restarts go to the other after the
     * signalling delay; the credentials are exchanged at once (they travel in the offer and answer).
     */
    public static void introduce(SimulatedAgent a, SimulatedAgent b, Duration signallingDelay) {
        a.peer = b;
        b.peer = a;
        a.signallingDelayNanos = signallingDelay.toNanos();
        b.signallingDelayNanos = signallingDelay.toNanos();
        a.core.setRemoteCredentials(b.credentials.ufrag(), b.credentials.password());
        b.core.setRemoteCredentials(a.credentials.ufrag(), a.credentials.password());
    }

    /** Makes two agents peers without giving them each other's credentials (see {@link #sendCredentials}). */
    public static void introduceWithoutCredentials(SimulatedAgent a, SimulatedAgent b, Duration signallingDelay) {
        a.peer = b;
        b.peer = a;
        a.signallingDelayNanos = signallingDelay.toNanos();
        b.signallingDelayNanos = signallingDelay.toNanos();
    }

    /** Signals this agent's current credentials to its peer (arriving after the signalling delay). */
    public void sendCredentials() {
        IceCredentials c = credentials;
        SimulatedAgent p = requirePeer();
        signal(signallingDelayNanos, () -> p.core.setRemoteCredentials(c.ufrag(), c.password()));
    }

    /** Delay of everything this agent signals. */
    public void setSignallingDelay(Duration d) {
        this.signallingDelayNanos = d.toNanos();
    }

    /** A different delay for this agent's candidates and end-of-candidates (e.g. late trickle); null resets it. */
    public void setCandidateDelay(Duration d) {
        this.candidateDelayNanos = d == null ? -1 : d.toNanos();
    }

    /** Which local candidates are signalled at all (the others never reach the peer). */
    public void setCandidateFilter(Predicate<Candidate> filter) {
        this.candidateFilter = filter;
    }

    /** Whether GatheringStateChanged(COMPLETE) is signalled as end-of-candidates (default true). */
    public void setSignalEndOfCandidates(boolean signal) {
        this.signalEndOfCandidates = signal;
    }

    /** Runs {@code atPeer} after the delay, unless the peer has been closed by then (as its signalling would be). */
    private void signal(long delayNanos, Runnable atPeer) {
        SimulatedAgent p = peer;
        network.schedule(network.now() + delayNanos, () -> {
            if (p.core.state() != IceConnectionState.CLOSED) {
                atPeer.run();
            }
        });
    }

    private SimulatedAgent requirePeer() {
        if (peer == null) {
            throw new IllegalStateException(name + " has no peer");
        }
        return peer;
    }

    // ---- control ----

    /** Starts gathering and checks in this role, now. */
    public void start(IceRole role) {
        long now = network.now();
        core.startGathering(now);
        core.start(now, role);
    }

    /**
     * ICE restart as an offer: new local credentials, signalled to the peer, which restarts too (the answer) and
     * signals its own new credentials back. Candidates are signalled again by both.
     */
    public void restartIce() {
        IceCredentials fresh = IceCredentials.random(glueRandom);
        credentials = fresh;
        core.restart(network.now(), fresh);
        SimulatedAgent p = requirePeer();
        signal(signallingDelayNanos, () -> p.answerRestart(fresh));
    }

    private void answerRestart(IceCredentials theirs) {
        IceCredentials fresh = IceCredentials.random(glueRandom);
        credentials = fresh;
        // Restart first: it forgets the remote credentials of the old session.
        core.restart(network.now(), fresh);
        core.setRemoteCredentials(theirs.ufrag(), theirs.password());
        SimulatedAgent p = requirePeer();
        signal(signallingDelayNanos, () -> p.core.setRemoteCredentials(fresh.ufrag(), fresh.password()));
    }

    public void close() {
        core.close(network.now());
    }

    // ---- data ----

    /** Sends application data on the current route; false (nothing sent) when there is none. */
    public boolean send(byte[] payload) {
        IceAgentCore.Route route = core.route();
        if (route == null) {
            return false;
        }
        byte[] bytes = route.relayed() ? core.wrapForRelay(route, payload, 0, payload.length) : payload.clone();
        network.send(route.socket(), route.destination(), bytes);
        datagramsSent++;
        bytesSent += payload.length;
        return true;
    }

    /** Whether to keep received data in {@link #received()} (default true). */
    public void setKeepReceived(boolean keep) {
        this.keepReceived = keep;
    }

    public void setDataListener(Consumer<Received> listener) {
        this.dataListener = listener;
    }

    public void setEventListener(Consumer<TimedEvent> listener) {
        this.eventListener = listener;
    }

    // ---- Endpoint ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public void receive(long now, InetSocketAddress socket, InetSocketAddress from, byte[] data) {
        // Hand the core the datagram inside a larger array, as a driver with a reused buffer would.
        byte[] buf = new byte[RECEIVE_OFFSET + data.length + 3];
        Arrays.fill(buf, (byte) 0xEE);
        System.arraycopy(data, 0, buf, RECEIVE_OFFSET, data.length);
        if (!core.handleDatagram(now, socket, from, buf, RECEIVE_OFFSET, data.length, out)) {
            return;
        }
        if (out.offset < RECEIVE_OFFSET || out.length < 0 || out.offset + out.length > RECEIVE_OFFSET + data.length) {
            throw new AssertionError(name + ": payload [" + out.offset + ", +" + out.length
                    + ") lies outside the datagram [" + RECEIVE_OFFSET + ", +" + data.length + ")");
        }
        datagramsReceived++;
        Received r = new Received(now, socket, from, out.remote,
                Arrays.copyOfRange(buf, out.offset, out.offset + out.length));
        if (keepReceived) {
            received.add(r);
        }
        if (dataListener != null) {
            dataListener.accept(r);
        }
    }

    @Override
    public void handleTimeout(long now) {
        core.handleTimeout(now);
    }

    @Override
    public long pollDeadline() {
        return core.pollDeadline();
    }

    @Override
    public void drain(long now) {
        Transmit t;
        while ((t = core.pollTransmit()) != null) {
            if (!sockets.contains(t.source())) {
                throw new AssertionError(name + " sent from " + t.source() + ", which is none of its sockets");
            }
            network.send(t.source(), t.destination(), t.data());
        }
        IceEvent e;
        while ((e = core.pollEvent()) != null) {
            onEvent(new TimedEvent(now, e));
        }
    }

    private void onEvent(TimedEvent te) {
        events.add(te);
        if (eventListener != null) {
            eventListener.accept(te);
        }
        if (peer == null) {
            return;
        }
        SimulatedAgent p = peer;
        long delay = candidateDelayNanos >= 0 ? candidateDelayNanos : signallingDelayNanos;
        if (te.event() instanceof IceEvent.LocalCandidate lc) {
            if (candidateFilter.test(lc.candidate())) {
                Candidate c = lc.candidate();
                signal(delay, () -> p.core.addRemoteCandidate(network.now(), c));
            }
        } else if (te.event() instanceof IceEvent.GatheringStateChanged g
                && g.state() == IceGatheringState.COMPLETE && signalEndOfCandidates) {
            signal(delay, () -> p.core.endOfRemoteCandidates(network.now()));
        }
    }

    // ---- inspection ----

    public IceAgentCore core() {
        return core;
    }

    public SimulatedNetwork network() {
        return network;
    }

    public List<InetSocketAddress> sockets() {
        return sockets;
    }

    public IceCredentials credentials() {
        return credentials;
    }

    public SimulatedAgent peer() {
        return peer;
    }

    public IceConnectionState state() {
        return core.state();
    }

    public IceRole role() {
        return core.role();
    }

    public CandidatePair selectedPair() {
        return core.selectedPair();
    }

    public boolean isConnected() {
        IceConnectionState s = core.state();
        return s == IceConnectionState.CONNECTED || s == IceConnectionState.COMPLETED;
    }

    public List<TimedEvent> events() {
        return events;
    }

    /** Events of one type, in order. */
    public <E extends IceEvent> List<E> events(Class<E> type) {
        List<E> list = new ArrayList<>();
        for (TimedEvent te : events) {
            if (type.isInstance(te.event())) {
                list.add(type.cast(te.event()));
            }
        }
        return list;
    }

    /** The connection states the agent went through, in order. */
    public List<IceConnectionState> stateHistory() {
        List<IceConnectionState> list = new ArrayList<>();
        for (IceEvent.ConnectionStateChanged c : events(IceEvent.ConnectionStateChanged.class)) {
            list.add(c.state());
        }
        return list;
    }

    /** Virtual time of the first event matching, at or after {@code sinceNanos}; -1 when none. */
    public long firstEventTime(long sinceNanos, Predicate<IceEvent> match) {
        for (TimedEvent te : events) {
            if (te.atNanos() >= sinceNanos && match.test(te.event())) {
                return te.atNanos();
            }
        }
        return -1;
    }

    /** Virtual time of the first change to this state at or after {@code sinceNanos}; -1 when none. */
    public long stateTime(long sinceNanos, IceConnectionState state) {
        return firstEventTime(sinceNanos,
                e -> e instanceof IceEvent.ConnectionStateChanged c && c.state() == state);
    }

    /** Every candidate this agent signalled (LocalCandidate events), in order. */
    public List<Candidate> signalledCandidates() {
        List<Candidate> list = new ArrayList<>();
        for (IceEvent.LocalCandidate lc : events(IceEvent.LocalCandidate.class)) {
            list.add(lc.candidate());
        }
        return list;
    }

    public List<Received> received() {
        return received;
    }

    public long datagramsSent() {
        return datagramsSent;
    }

    public long datagramsReceived() {
        return datagramsReceived;
    }

    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public String toString() {
        return name + "[" + core.role() + ", " + core.state() + "]";
    }
}
