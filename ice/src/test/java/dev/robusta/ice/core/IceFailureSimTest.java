package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.BindingTap;
import dev.robusta.ice.sim.SimulatedAgent;
import dev.robusta.ice.sim.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No path works: every pair's check times out (RFC 8489 retransmissions), and the agents fail once they know no
 * more candidates will come (end-of-candidates), or failWithoutEndOfCandidates after the last one (RFC 8838).
 */
@Timeout(30)
class IceFailureSimTest {
    private static final long MS = 1_000_000L;
    /** Rc = 7, RTO = 500 ms: sent at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s, failed Rm = 16 RTOs later. */
    private static final long DEFAULT_CHECK_LIFETIME = 39_500 * MS;
    /** Rc = 3, Rm = 2: sent at 0, 0.5, 1.5 s, failed at 2.5 s. */
    private static final long SHORT_CHECK_LIFETIME = 2_500 * MS;

    static IceAgentConfig shortChecks() {
        return IceAgentConfig.builder().stunMaxTransmissions(3).stunLastWaitMultiplier(2).build();
    }

    static Stream<Long> seeds() {
        return IceSim.seedStream(3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nothingGetsThroughFailedWhenTheLastCheckTimesOut(long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0), IceSim.defaults());
        BindingTap tapA = BindingTap.attach(sim.a);
        BindingTap tapB = BindingTap.attach(sim.b);
        sim.net.addDropRule((now, s, d, data) -> true);
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.FAILED
                && sim.b.state() == IceConnectionState.FAILED, Duration.ofSeconds(120)), sim::describe);
        sim.net.runFor(Duration.ofSeconds(60)); // and then quiet, without spinning

        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            BindingTap tap = x == sim.a ? tapA : tapB;
            assertEquals(2, tap.exchanges().size(), () -> "one check per pair, retransmitted: " + tap.exchanges());
            long lastFirstSend = tap.exchanges().stream().mapToLong(e -> e.sentAtNanos).max().orElseThrow();
            long failedAt = x.stateTime(0, IceConnectionState.FAILED);
            assertEquals(lastFirstSend + DEFAULT_CHECK_LIFETIME, failedAt, () -> x.name() + " failed at "
                    + VirtualClock.format(failedAt) + "; " + sim.describe());
            assertEquals(List.of(IceConnectionState.CHECKING, IceConnectionState.FAILED), x.stateHistory());
            assertEquals(List.of(), x.events(IceEvent.SelectedPairChanged.class));
            assertNull(x.core().route());
            assertNull(x.selectedPair());
            for (CandidatePair p : x.core().pairs()) {
                assertEquals(CandidatePair.State.FAILED, p.state(), p::toString);
            }
            assertEquals(0, tap.requestsSince(failedAt), "nothing more is sent once FAILED");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withEndOfCandidatesFailureComesWithTheLastTimeout(long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0), shortChecks());
        BindingTap tapA = BindingTap.attach(sim.a);
        sim.net.addDropRule((now, s, d, data) -> true);
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.FAILED, Duration.ofSeconds(60)),
                sim::describe);
        long lastFirstSend = tapA.exchanges().stream().mapToLong(e -> e.sentAtNanos).max().orElseThrow();
        assertEquals(lastFirstSend + SHORT_CHECK_LIFETIME, sim.a.stateTime(0, IceConnectionState.FAILED));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withoutEndOfCandidatesFailureWaitsForMoreCandidates(long seed) {
        IceAgentConfig config = shortChecks();
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0), config);
        sim.a.setSignalEndOfCandidates(false);
        sim.b.setSignalEndOfCandidates(false);
        sim.net.addDropRule((now, s, d, data) -> true);
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.FAILED
                && sim.b.state() == IceConnectionState.FAILED, Duration.ofSeconds(60)), sim::describe);

        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            SimulatedAgent peer = x.peer();
            long lastCandidateSignalled = -1;
            for (SimulatedAgent.TimedEvent e : peer.events()) {
                if (e.event() instanceof IceEvent.LocalCandidate) {
                    lastCandidateSignalled = Math.max(lastCandidateSignalled, e.atNanos());
                }
            }
            long lastCandidateArrived = lastCandidateSignalled + IceSim.SIGNALLING_DELAY.toNanos();
            long expected = lastCandidateArrived + config.failWithoutEndOfCandidates().toNanos();
            assertEquals(expected, x.stateTime(0, IceConnectionState.FAILED), () -> x.name() + "; "
                    + sim.describe());
            assertEquals(List.of(IceConnectionState.CHECKING, IceConnectionState.FAILED), x.stateHistory());
        }
    }

    /**
     * End-of-candidates with nothing to pair (a browser that signals only mDNS names or addresses we cannot reach)
     * is not failure: the peer's checks still arrive and teach us a peer-reflexive candidate.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void endOfCandidatesWithNoPairWaitsForThePeersChecks(long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0), shortChecks());
        sim.a.setCandidateFilter(c -> false); // a signals no candidate at all, then end-of-candidates
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.a.selectedPair() != null && sim.b.selectedPair() != null,
                Duration.ofSeconds(30)), sim::describe);
        assertFalse(sim.b.stateHistory().contains(IceConnectionState.FAILED), sim.b.stateHistory().toString());
        assertEquals(dev.robusta.ice.CandidateType.PEER_REFLEXIVE, sim.b.selectedPair().remote().type());
    }

    /** ... but when no check comes either, the agent fails as it would without end-of-candidates. */
    @Test
    void endOfCandidatesWithNoPairAndNoChecksFailsAfterTheWait() {
        IceAgentConfig config = shortChecks();
        IceSim sim = IceSim.dualStack(3, IceSim.lossy(0), config);
        sim.a.setCandidateFilter(c -> false);
        sim.net.addDropRule((now, s, d, data) -> true);
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.b.state() == IceConnectionState.FAILED, Duration.ofSeconds(60)),
                sim::describe);
        assertTrue(sim.b.core().pairs().isEmpty());
        long failedAt = sim.b.stateTime(0, IceConnectionState.FAILED);
        assertTrue(failedAt >= config.failWithoutEndOfCandidates().toNanos(),
                "failed at " + VirtualClock.format(failedAt));
    }

    /** Without end-of-candidates, a candidate that comes after every pair failed starts the checks again. */
    @Test
    void aLateCandidateRevivesTheChecks() {
        IceSim sim = IceSim.dualStack(9, IceSim.lossy(0), shortChecks());
        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            x.setSignalEndOfCandidates(false);
            x.setCandidateFilter(c -> c.address().getAddress().getAddress().length == 4); // IPv4 first
        }
        sim.net.blockFamily(false); // ... and IPv4 goes nowhere
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        sim.net.runFor(Duration.ofSeconds(5));
        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            assertFalse(x.core().pairs().isEmpty());
            for (CandidatePair p : x.core().pairs()) {
                assertEquals(CandidatePair.State.FAILED, p.state(), p::toString);
            }
            assertEquals(IceConnectionState.CHECKING, x.state(), "still waiting for candidates");
        }
        // The IPv6 candidates come late.
        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            for (Candidate c : x.signalledCandidates()) {
                if (c.address().getAddress().getAddress().length == 16) {
                    x.peer().core().addRemoteCandidate(sim.net.now(), c);
                }
            }
        }
        assertTrue(sim.net.runUntil(sim::bothConnected, Duration.ofSeconds(4)), sim::describe);
        sim.net.runFor(Duration.ofSeconds(20));
        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            assertFalse(x.stateHistory().contains(IceConnectionState.FAILED), sim::describe);
            assertEquals(16, x.selectedPair().local().address().getAddress().getAddress().length);
            assertEquals(IceConnectionState.CONNECTED, x.state(), "connected; no end-of-candidates, so not completed");
        }
        sim.assertMirrored();
    }
}
