package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.CandidateType;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.RfcPriorities;
import dev.robusta.ice.sim.SimulatedAgent;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trickle ICE (RFC 8838) and peer-reflexive candidates (RFC 8445 section 7.3.1.3): one side's candidates reach the
 * other late or never; the checks of that side teach the other its addresses, and a signalled candidate that comes
 * later replaces the learnt one.
 */
@Timeout(30)
class IceTrickleSimTest {
    private static final Duration LATE = Duration.ofSeconds(1);

    static Stream<Arguments> roleAndSeed() {
        return Stream.of(IceRole.values()).flatMap(r -> IceSim.seedStream(3).map(s -> Arguments.of(r, s)));
    }

    /** A's candidates reach B one second late: B learns A's addresses from A's checks first. */
    @ParameterizedTest(name = "late side {0}, seed {1}")
    @MethodSource("roleAndSeed")
    void lateCandidatesReplaceLearntPeerReflexiveOnes(IceRole lateRole, long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0), IceSim.defaults());
        sim.a.setCandidateDelay(LATE);
        sim.start(lateRole, lateRole.opposite());

        assertTrue(sim.net.runUntil(sim::bothConnected, LATE.minusMillis(100)), sim::describe);
        sim.assertMirrored();
        CandidatePair early = sim.b.selectedPair();
        assertEquals(CandidateType.PEER_REFLEXIVE, early.remote().type(), sim::describe);
        for (Candidate r : sim.b.core().remoteCandidates()) {
            assertEquals(CandidateType.PEER_REFLEXIVE, r.type(), () -> "before A's candidates: " + r);
            // The learnt priority is the PRIORITY attribute of A's checks: prflx type preference, A's local one.
            assertEquals(RfcPriorities.PEER_REFLEXIVE, RfcPriorities.typePreference(r.priority()), r::toString);
        }

        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.COMPLETED
                && sim.b.state() == IceConnectionState.COMPLETED, Duration.ofSeconds(10)), sim::describe);
        assertTrue(sim.net.now() >= LATE.toNanos());
        CandidatePair later = sim.b.selectedPair();
        assertEquals(CandidateType.HOST, later.remote().type(), sim::describe);
        assertEquals(early.remote().address(), later.remote().address(), "the same pair, now known by its name");
        for (Candidate r : sim.b.core().remoteCandidates()) {
            assertEquals(CandidateType.HOST, r.type(), () -> "no peer-reflexive candidate left: " + r);
        }
        assertEquals(sim.a.signalledCandidates().size(), sim.b.core().remoteCandidates().size());
        sim.assertSelectedBest(IceSim::anyPath);
        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            assertEquals(1, x.events(IceEvent.SelectedPairChanged.class).size(), sim::describe);
        }
    }

    /** A's candidates never reach B (nor its end-of-candidates): B knows A only by A's checks, and that works. */
    @ParameterizedTest(name = "silent side {0}, seed {1}")
    @MethodSource("roleAndSeed")
    void candidatesThatNeverArriveAreLearnt(IceRole silentRole, long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0.05), IceSim.patient());
        sim.a.setCandidateFilter(c -> false);
        sim.a.setSignalEndOfCandidates(false);
        sim.start(silentRole, silentRole.opposite());

        assertTrue(sim.net.runUntil(sim::bothConnected, Duration.ofSeconds(60)), sim::describe);
        sim.net.runFor(Duration.ofSeconds(40)); // and it stays up under consent (lossy: maybe DISCONNECTED a while)
        assertFalse(sim.a.stateHistory().contains(IceConnectionState.FAILED), sim::describe);
        assertFalse(sim.b.stateHistory().contains(IceConnectionState.FAILED), sim::describe);
        assertFalse(sim.b.core().remoteCandidates().isEmpty());
        for (Candidate r : sim.b.core().remoteCandidates()) {
            assertEquals(CandidateType.PEER_REFLEXIVE, r.type(), r::toString);
            assertTrue(sim.a.sockets().contains(r.address()), r::toString);
        }
        assertEquals(CandidateType.PEER_REFLEXIVE, sim.b.selectedPair().remote().type());
        // B never heard end-of-candidates: connected, never completed. A heard B's.
        assertTrue(sim.b.stateHistory().contains(IceConnectionState.CONNECTED), sim::describe);
        assertFalse(sim.b.stateHistory().contains(IceConnectionState.COMPLETED), sim::describe);
        assertTrue(sim.a.stateHistory().contains(IceConnectionState.COMPLETED), sim::describe);
        // The pair is still the best one by A's host candidates: IPv6 to IPv6.
        sim.assertMirrored();
        RfcPriorities.Expected best = RfcPriorities.bestWorkingPair(sim.a.signalledCandidates(),
                sim.b.signalledCandidates(), IceSim::anyPath);
        assertEquals(best.controlling().address(), sim.a.selectedPair().local().address(), sim::describe);
        assertEquals(best.controlled().address(), sim.a.selectedPair().remote().address(), sim::describe);
        assertNotNull(sim.a.core().route());
        assertNotNull(sim.b.core().route());
    }

    /**
     * The answer is slow: A sends its offer (credentials, candidates) and starts checking at once, but B starts, and
     * A learns B's credentials and candidates, only {@code delay} later. Meanwhile A has nothing to check: it must
     * wait (no failure, no busy loop: more than failWithoutEndOfCandidates may pass) and then connect.
     */
    @ParameterizedTest(name = "answer after {0} s")
    @MethodSource("answerDelays")
    void slowAnswerThenConnect(int delaySeconds) {
        IceSim sim = new IceSim(40 + delaySeconds, IceSim.lossy(0), IceSim.defaults(), IceSim.DUAL_STACK_A,
                IceSim.defaults(), IceSim.DUAL_STACK_B, false);
        sim.a.sendCredentials();
        sim.a.start(IceRole.CONTROLLING);
        sim.net.scheduleIn(Duration.ofSeconds(delaySeconds), () -> {
            sim.b.sendCredentials();
            sim.b.start(IceRole.CONTROLLED);
        });
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.COMPLETED
                && sim.b.state() == IceConnectionState.COMPLETED, Duration.ofSeconds(delaySeconds + 10)),
                sim::describe);
        assertTrue(sim.net.now() >= Duration.ofSeconds(delaySeconds).toNanos());
        assertEquals(IceConnectionState.CHECKING, sim.a.stateHistory().get(0), sim::describe);
        assertFalse(sim.a.stateHistory().contains(IceConnectionState.FAILED), sim::describe);
        assertFalse(sim.b.stateHistory().contains(IceConnectionState.FAILED), sim::describe);
        sim.assertSelectedBest(IceSim::anyPath);
    }

    static Stream<Integer> answerDelays() {
        return Stream.of(3, 12, 25);
    }
}
