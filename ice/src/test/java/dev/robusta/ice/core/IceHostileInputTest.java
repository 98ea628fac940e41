package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.HostileDatagrams;
import dev.robusta.ice.sim.SimPayload;
import dev.robusta.ice.sim.SimulatedAgent;
import dev.robusta.ice.sim.SimulatedNetwork;
import dev.robusta.ice.stun.ErrorCode;
import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunCredentials;
import dev.robusta.ice.stun.StunException;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMessageBuilder;
import dev.robusta.ice.stun.StunMethod;
import dev.robusta.ice.stun.TransactionId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile input (a panic on network input is a bug): each agent gets 200,000 random, mutated and forged
 * datagrams, during and after connecting. Nothing may throw; unauthenticated input may cause no event and no change
 * of state, role, candidates or check list, and be answered at most with a 400/401 error; the agents must still
 * connect and stay connected. The error codes themselves are checked by decoding the core's transmits.
 */
class IceHostileInputTest {
    private static final Logger LOG = LoggerFactory.getLogger(IceHostileInputTest.class);
    private static final int PER_AGENT = 200_000;
    private static final int BATCH = 250;
    /** Another seed for a different storm: -Dsurefire.argLine=-Drobusta.sim.hostileSeed=N. */
    private static final long SEED = Long.getLong("robusta.sim.hostileSeed", 77);

    @Test
    @Timeout(60)
    void twoHundredThousandHostileDatagramsPerAgentChangeNothing() {
        List<HostileDatagrams.Captured> corpus = rehearsalCorpus();
        assertTrue(corpus.size() > 20, "a corpus of real STUN messages: " + corpus.size());

        IceSim sim = IceSim.dualStack(SEED, IceSim.lossy(0), IceSim.defaults());
        Injector toA = new Injector(sim, sim.a, corpus);
        Injector toB = new Injector(sim, sim.b, corpus);
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        // From the first moment on: the check lists are built and the checks run among the hostile datagrams.
        Runnable batch = new Runnable() {
            @Override
            public void run() {
                toA.batch(BATCH);
                toB.batch(BATCH);
                if (toA.injected < PER_AGENT || toB.injected < PER_AGENT) {
                    sim.net.schedule(sim.net.now() + 2_000_000L, this);
                }
            }
        };
        sim.net.schedule(0, batch);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.COMPLETED
                && sim.b.state() == IceConnectionState.COMPLETED, Duration.ofSeconds(10)), sim::describe);
        long connectedAt = sim.net.now();
        int duringA = toA.injected;
        assertTrue(sim.net.runUntil(() -> toA.injected >= PER_AGENT && toB.injected >= PER_AGENT,
                Duration.ofSeconds(30)), sim::describe);
        LOG.info("hostile input: {} datagrams per agent ({} before connecting at {} ms), kinds {}, {}",
                toA.injected, duringA, connectedAt / 1_000_000, toA.kinds, sim.net.stats());
        assertTrue(duringA > 1000, "some of it came while connecting");

        // Still connected on the right pair, with consent, and data flows.
        sim.net.runFor(Duration.ofSeconds(40));
        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            assertEquals(IceConnectionState.COMPLETED, x.state(), sim::describe);
            assertEquals(List.of(IceConnectionState.CHECKING, IceConnectionState.COMPLETED), x.stateHistory(),
                    sim::describe);
            assertEquals(1, x.events(IceEvent.SelectedPairChanged.class).size());
            assertEquals(List.of(), x.events(IceEvent.RoleChanged.class));
        }
        sim.assertSelectedBest(IceSim::anyPath);
        for (int i = 0; i < 100; i++) {
            assertTrue(sim.a.send(SimPayload.make(1, i, 100)));
            assertTrue(sim.b.send(SimPayload.make(2, i, 100)));
        }
        sim.net.runFor(Duration.ofSeconds(1));
        assertTrue(sim.a.received().stream().filter(r -> Objects.equals(SimPayload.parse(r.payload()),
                new SimPayload.Tag(2, 0))).count() >= 1);
        assertTrue(countFrom(sim.a, 2) >= 100 && countFrom(sim.b, 1) >= 100, "data after the storm");
        assertTrue(sim.a.core().droppedDatagrams() > PER_AGENT / 2);
    }

    private static long countFrom(SimulatedAgent x, int sender) {
        return x.received().stream().map(r -> SimPayload.parse(r.payload()))
                .filter(t -> t != null && t.sender() == sender).map(SimPayload.Tag::sequence).distinct().count();
    }

    /** The same scenario without hostile input, to collect the real STUN messages the agents exchange. */
    private static List<HostileDatagrams.Captured> rehearsalCorpus() {
        IceSim sim = IceSim.dualStack(SEED, IceSim.lossy(0), IceSim.defaults());
        List<HostileDatagrams.Captured> corpus = new ArrayList<>();
        sim.net.addObserver(new SimulatedNetwork.Observer() {
            @Override
            public void sent(long now, InetSocketAddress source, InetSocketAddress destination, byte[] data,
                             SimulatedNetwork.Fate fate) {
                if (StunMessage.looksLikeStun(data, 0, data.length)) {
                    corpus.add(new HostileDatagrams.Captured(source, destination, data));
                }
            }
        });
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        sim.net.runFor(Duration.ofSeconds(12));
        return corpus;
    }

    /** Feeds one agent's core hostile datagrams and checks each reaction. */
    static final class Injector {
        final IceSim sim;
        final SimulatedAgent target;
        final HostileDatagrams source;
        final ReceivedData out = new ReceivedData();
        final Map<HostileDatagrams.Kind, Integer> kinds = new EnumMap<>(HostileDatagrams.Kind.class);
        int injected;

        Injector(IceSim sim, SimulatedAgent target, List<HostileDatagrams.Captured> corpus) {
            this.sim = sim;
            this.target = target;
            this.source = new HostileDatagrams(SEED + target.name().hashCode(), target.sockets(),
                    target.credentials(), target.peer().sockets(), target.peer().credentials(), corpus);
        }

        void batch(int n) {
            // Legitimate output first, as the simulation would; then only hostile input until the batch ends.
            sim.net.drainAll();
            IceAgentCore core = target.core();
            Snapshot before = new Snapshot(core);
            for (int i = 0; i < n; i++) {
                HostileDatagrams.Datagram d = source.next();
                kinds.merge(d.kind(), 1, Integer::sum);
                injected++;
                boolean data;
                try {
                    data = core.handleDatagram(sim.net.now(), d.socket(), d.from(), d.buffer(), d.offset(),
                            d.length(), out);
                } catch (Throwable t) {
                    throw new AssertionError(target.name() + " threw on " + d, t);
                }
                IceEvent event = core.pollEvent();
                if (event != null) {
                    throw new AssertionError(target.name() + ": event " + event + " from unauthenticated " + d);
                }
                if (data) {
                    checkData(d);
                }
                List<Transmit> replies = new ArrayList<>();
                for (Transmit t; (t = core.pollTransmit()) != null; ) {
                    replies.add(t);
                }
                checkReplies(d, replies);
                for (Transmit t : replies) {
                    sim.net.send(t.source(), t.destination(), t.data()); // the peer gets them too
                }
            }
            Snapshot after = new Snapshot(core);
            if (!before.equals(after)) {
                throw new AssertionError(target.name() + " changed under unauthenticated input:\n" + before + "\n"
                        + after);
            }
        }

        private void checkData(HostileDatagrams.Datagram d) {
            String what = target.name() + " took as data: " + d;
            assertTrue(d.fromPeer() && target.sockets().contains(d.socket()), what);
            assertTrue((d.buffer()[d.offset()] & 0xFF) >= 4, what);
            assertEquals(d.from(), out.remote, what);
            assertTrue(out.offset >= d.offset() && out.length >= 0 && out.offset + out.length <= d.offset()
                    + d.length(), what);
        }

        private void checkReplies(HostileDatagrams.Datagram d, List<Transmit> replies) {
            String what = target.name() + " answered " + replies.size() + " times to " + d;
            boolean ownSocket = target.sockets().contains(d.socket());
            HostileDatagrams.Expect expect = d.kind().expect;
            if (!ownSocket || expect == HostileDatagrams.Expect.NOTHING) {
                assertEquals(0, replies.size(), what);
                return;
            }
            if (expect == HostileDatagrams.Expect.ERROR_400 || expect == HostileDatagrams.Expect.ERROR_401) {
                assertEquals(1, replies.size(), what);
            }
            assertTrue(replies.size() <= 1, what);
            for (Transmit t : replies) {
                assertEquals(d.socket(), t.source(), what);
                assertEquals(d.from(), t.destination(), what);
                StunMessage m = parse(t.data());
                assertTrue(m.is(StunClass.ERROR_RESPONSE, StunMethod.BINDING), () -> what + ": " + m);
                assertTrue(m.hasTransactionId(TransactionId.of(d.buffer(), d.offset() + 8)), what);
                int code = m.errorCode().code();
                switch (expect) {
                    case ERROR_400:
                        assertEquals(ErrorCode.BAD_REQUEST, code, what);
                        break;
                    case ERROR_401:
                        assertEquals(ErrorCode.UNAUTHENTICATED, code, what);
                        break;
                    default:
                        assertTrue(code == ErrorCode.BAD_REQUEST || code == ErrorCode.UNAUTHENTICATED, what + ": " + code);
                }
                assertFalse(m.hasIntegrity(), "an error to an unauthenticated request cannot be signed");
                assertTrue(m.hasFingerprint());
            }
        }
    }

    /** Everything unauthenticated input must not change. */
    record Snapshot(IceConnectionState state, IceRole role, Object selected, Object pairs, Object remotes,
                    Object locals, IceCredentials credentials) {
        Snapshot(IceAgentCore core) {
            this(core.state(), core.role(), core.selectedPair(), core.pairs(), core.remoteCandidates(),
                    core.localCandidates(), core.localCredentials());
        }
    }

    // ---- the error responses, decoded ----

    private static final InetSocketAddress SOCKET = SimulatedAgent.v4(1, 5000);
    private static final InetSocketAddress PEER = SimulatedAgent.v4(1, 6000);

    @Test
    @Timeout(10)
    void checksAreAnsweredWithTheRightCodes() {
        SimulatedNetwork net = new SimulatedNetwork(3);
        SimulatedAgent a = new SimulatedAgent(net, "A", IceSim.defaults(), 3, List.of(SOCKET));
        IceCredentials peer = IceCredentials.random(new Random(4));
        a.core().setRemoteCredentials(peer.ufrag(), peer.password());
        a.start(IceRole.CONTROLLING);
        drain(a.core());
        while (a.core().pollEvent() != null) {
            // the start-up events
        }
        IceCredentials mine = a.credentials();
        byte[] key = StunCredentials.shortTermKey(mine.password());
        String username = mine.ufrag() + ":" + peer.ufrag();
        Random r = new Random(5);

        // A good check: success, XOR-MAPPED-ADDRESS is the source seen, signed with our password.
        StunMessage ok = answer(a, check(r, username, key, b -> b.addIceControlled(1)));
        assertTrue(ok.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));
        assertEquals(PEER, ok.xorMappedAddress());
        assertTrue(ok.checkIntegrity(key));
        assertTrue(ok.hasFingerprint());

        // Bad MESSAGE-INTEGRITY: 401, unsigned.
        StunMessage badMac = answer(a, check(r, username, "not-the-password-at-all".getBytes(), b -> {}));
        assertEquals(ErrorCode.UNAUTHENTICATED, badMac.errorCode().code());
        assertFalse(badMac.hasIntegrity());
        // A username for somebody else: 401.
        assertEquals(ErrorCode.UNAUTHENTICATED,
                answer(a, check(r, "zzzz:" + peer.ufrag(), key, b -> {})).errorCode().code());
        // No USERNAME: 400. No MESSAGE-INTEGRITY: 400.
        assertEquals(ErrorCode.BAD_REQUEST, answer(a, check(r, null, key, b -> {})).errorCode().code());
        assertEquals(ErrorCode.BAD_REQUEST, answer(a, check(r, username, null, b -> {})).errorCode().code());

        // An unknown comprehension-required attribute, properly signed: 420 listing it.
        StunMessage unknown = answer(a, check(r, username, key, b -> b.add(0x7F31, new byte[] {1, 2, 3})));
        assertEquals(ErrorCode.UNKNOWN_ATTRIBUTE, unknown.errorCode().code());
        assertArrayEquals(new int[] {0x7F31}, unknown.unknownAttributes());
        // An unknown comprehension-optional one is ignored.
        assertTrue(answer(a, check(r, username, key, b -> b.add(0xC0DE, new byte[4]))).is(
                StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));

        // Role conflict, both controlling (RFC 8445 section 7.3.1.1): the smaller tie-breaker gets a signed 487...
        assertEquals(IceRole.CONTROLLING, a.core().role());
        long ours = a.core().tieBreaker();
        if (ours != 0) {
            StunMessage conflict = answer(a, check(r, username, key, b -> b.addIceControlling(0)));
            assertEquals(ErrorCode.ROLE_CONFLICT, conflict.errorCode().code());
            assertTrue(conflict.checkIntegrity(key));
            assertEquals(IceRole.CONTROLLING, a.core().role());
            assertNull(a.core().pollEvent());
        }
        // ... and a larger one makes us switch, then answer.
        if (ours != -1L) {
            StunMessage switched = answer(a, check(r, username, key, b -> b.addIceControlling(-1L)));
            assertTrue(switched.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));
            assertEquals(IceRole.CONTROLLED, a.core().role());
            assertEquals(new IceEvent.RoleChanged(IceRole.CONTROLLED), a.core().pollEvent());
        }
    }

    /** After a restart, a check for the old session is still answered (the peer may lag) but forms nothing. */
    @Test
    @Timeout(10)
    void checksOfThePreviousSessionAreAnsweredButLearnNothing() {
        SimulatedNetwork net = new SimulatedNetwork(6);
        SimulatedAgent a = new SimulatedAgent(net, "A", IceSim.defaults(), 6, List.of(SOCKET));
        IceCredentials peer = IceCredentials.random(new Random(7));
        a.core().setRemoteCredentials(peer.ufrag(), peer.password());
        a.start(IceRole.CONTROLLED);
        IceCredentials old = a.credentials();
        IceCredentials fresh = IceCredentials.random(new Random(8));
        a.core().restart(0, fresh);
        drain(a.core());
        while (a.core().pollEvent() != null) {
            // restart events
        }
        Random r = new Random(9);
        StunMessage answered = answer(a, check(r, old.ufrag() + ":" + peer.ufrag(),
                StunCredentials.shortTermKey(old.password()), b -> b.addIceControlling(1).addUseCandidate()));
        assertTrue(answered.is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));
        assertTrue(answered.checkIntegrity(StunCredentials.shortTermKey(old.password())), "signed with the old key");
        assertEquals(List.of(), a.core().remoteCandidates(), "no peer-reflexive candidate in the new session");
        assertEquals(List.of(), a.core().pairs());
        assertNull(a.core().pollEvent());
        // The old ufrag with a wrong password is still a 401; the new ufrag and password form a pair.
        assertEquals(ErrorCode.UNAUTHENTICATED, answer(a, check(r, old.ufrag() + ":" + peer.ufrag(),
                StunCredentials.shortTermKey(fresh.password()), b -> {})).errorCode().code());
        assertTrue(answer(a, check(r, fresh.ufrag() + ":x", StunCredentials.shortTermKey(fresh.password()),
                b -> b.addIceControlling(1))).is(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING));
        assertEquals(1, a.core().remoteCandidates().size());
        assertEquals(1, a.core().pairs().size());
    }

    private interface Extra {
        void add(StunMessageBuilder b);
    }

    private static byte[] check(Random r, String username, byte[] key, Extra extra) {
        StunMessageBuilder b = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING,
                TransactionId.random(r));
        if (username != null) {
            b.addUsername(username);
        }
        b.addPriority(0x6E7F1EFF);
        extra.add(b);
        if (key != null) {
            b.addMessageIntegrity(key);
        }
        return b.addFingerprint().toByteArray();
    }

    /** Delivers a request to the core and decodes its one answer. */
    private static StunMessage answer(SimulatedAgent a, byte[] request) {
        IceAgentCore core = a.core();
        assertFalse(core.handleDatagram(a.network().now(), SOCKET, PEER, request, 0, request.length,
                new ReceivedData()));
        Transmit t = core.pollTransmit();
        assertNotNull(t, "an answer");
        assertNull(core.pollTransmit(), "one answer");
        assertEquals(SOCKET, t.source());
        assertEquals(PEER, t.destination());
        StunMessage m = parse(t.data());
        assertArrayEquals(Arrays.copyOfRange(request, 8, 20), Arrays.copyOfRange(t.data(), 8, 20), "transaction");
        assertEquals(StunMethod.BINDING, m.method());
        assertTrue(m.hasFingerprint());
        // Nothing else may have come of it (apart from the checks the core paces itself, drained here).
        drain(core);
        return m;
    }

    private static void drain(IceAgentCore core) {
        while (core.pollTransmit() != null) {
            // discard
        }
    }

    static StunMessage parse(byte[] data) {
        try {
            return StunMessage.parse(data);
        } catch (StunException e) {
            throw new AssertionError("the core sent malformed STUN: " + e.getMessage(), e);
        }
    }
}
