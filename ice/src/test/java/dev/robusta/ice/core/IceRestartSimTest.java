package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.SimulatedAgent;
import dev.robusta.ice.sim.SimulatedNetwork;
import dev.robusta.ice.stun.ErrorCode;
import dev.robusta.ice.stun.StunClass;
import dev.robusta.ice.stun.StunCredentials;
import dev.robusta.ice.stun.StunMessage;
import dev.robusta.ice.stun.StunMessageBuilder;
import dev.robusta.ice.stun.StunMethod;
import dev.robusta.ice.stun.TransactionId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ICE restart (RFC 8445 section 9) as an offer/answer exchange: both agents take new credentials and signal their
 * candidates again; a new pair is selected in the new session while data keeps flowing on the old one.
 */
@Timeout(30)
class IceRestartSimTest {

    static Stream<Arguments> lossAndSeed() {
        List<Arguments> list = new ArrayList<>();
        for (int loss : new int[] {0, 10}) {
            for (long seed = 1; seed <= IceSim.seeds(4); seed++) {
                list.add(Arguments.of(loss, seed));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "loss {0}%, seed {1}")
    @MethodSource("lossAndSeed")
    void restartSelectsANewPairWhileDataFlows(int lossPercent, long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(lossPercent / 100.0),
                lossPercent == 0 ? IceSim.defaults() : IceSim.patient());
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.COMPLETED
                && sim.b.state() == IceConnectionState.COMPLETED, Duration.ofSeconds(60)), sim::describe);
        IceCredentials oldA = sim.a.credentials();
        IceCredentials oldB = sim.b.credentials();

        IceDataSimTest.Traffic ab = new IceDataSimTest.Traffic(sim.a, sim.b, IceDataSimTest.SENDER_A, seed);
        IceDataSimTest.Traffic ba = new IceDataSimTest.Traffic(sim.b, sim.a, IceDataSimTest.SENDER_B, seed + 1);
        long trafficEnd = sim.net.now() + Duration.ofSeconds(12).toNanos();
        ab.every(Duration.ofMillis(20), trafficEnd);
        ba.every(Duration.ofMillis(20), trafficEnd);
        sim.net.runFor(Duration.ofSeconds(3));
        long restartAt = sim.net.now();
        sim.a.restartIce();

        assertTrue(sim.net.runUntil(() -> sim.a.events(IceEvent.SelectedPairChanged.class).size() == 2
                && sim.b.events(IceEvent.SelectedPairChanged.class).size() == 2
                && sim.a.state() == IceConnectionState.COMPLETED && sim.b.state() == IceConnectionState.COMPLETED,
                Duration.ofSeconds(8)), sim::describe);
        long reselectedAt = sim.net.now();
        sim.net.runUntil(() -> false, Duration.ofNanos(trafficEnd - sim.net.now() + 1_000_000_000L));

        assertNotEquals(oldA, sim.a.credentials());
        assertNotEquals(oldB, sim.b.credentials());
        assertEquals(sim.a.credentials(), sim.a.core().localCredentials());
        assertEquals(sim.b.credentials(), sim.b.core().localCredentials());
        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            assertTrue(x.firstEventTime(restartAt, e -> e instanceof IceEvent.SelectedPairChanged) >= restartAt);
            List<IceConnectionState> history = x.stateHistory();
            assertFalse(history.contains(IceConnectionState.FAILED), sim::describe);
            if (lossPercent == 0) {
                assertFalse(history.contains(IceConnectionState.DISCONNECTED), sim::describe);
                assertEquals(IceConnectionState.COMPLETED, x.state(), sim::describe);
            } // Under loss a lost consent check may make it DISCONNECTED for a while: RFC 7675, not a failure.
            assertNotNull(x.core().route());
        }
        sim.assertSelectedBest(IceSim::anyPath);

        for (IceDataSimTest.Traffic t : List.of(ab, ba)) {
            t.verify();
            assertEquals(600, t.sent, "a route all along, through the restart");
            if (lossPercent == 0) {
                assertEquals(t.sent, t.unique(), () -> "nothing lost through the restart (re-selected at "
                        + reselectedAt + "); " + sim.describe());
            } else {
                assertTrue(t.unique() >= t.sent * 0.8, () -> t.unique() + " of " + t.sent);
                assertTrue(t.maxGapNanos < 400_000_000L, () -> "data stalled for " + t.maxGapNanos + " ns");
            }
        }

        // The old credentials are gone once the new pair is selected: a check made with them gets a 401.
        CandidatePair p = sim.b.selectedPair();
        byte[] check = new StunMessageBuilder().reset(StunClass.REQUEST, StunMethod.BINDING,
                        TransactionId.random(new Random(seed)))
                .addUsername(oldB.ufrag() + ":" + oldA.ufrag()).addPriority(1_000_000).addIceControlling(1)
                .addMessageIntegrity(StunCredentials.shortTermKey(oldB.password())).addFingerprint().toByteArray();
        sim.net.drainAll();
        assertFalse(sim.b.core().handleDatagram(sim.net.now(), p.local().address(), p.remote().address(), check, 0,
                check.length, new ReceivedData()));
        Transmit answer = sim.b.core().pollTransmit();
        assertNotNull(answer);
        assertEquals(ErrorCode.UNAUTHENTICATED, parse(answer.data()).errorCode().code());
    }

    /** FAILED after consent expiry is final until an ICE restart, and a restart brings the agents back. */
    @Test
    void restartRecoversFromConsentFailure() {
        IceSim sim = IceSim.dualStack(5, IceSim.lossy(0), IceSim.defaults());
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(sim::bothConnected, Duration.ofSeconds(10)), sim::describe);
        SimulatedNetwork.Registration cut = sim.net.blockBetween(sim.b.sockets(), sim.a.sockets(), sim.net.now());
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.FAILED
                && sim.b.state() == IceConnectionState.FAILED, Duration.ofSeconds(60)), sim::describe);
        cut.remove();
        sim.net.runFor(Duration.ofSeconds(20));
        assertEquals(IceConnectionState.FAILED, sim.a.state(), "still FAILED: healing the network is not enough");
        assertEquals(IceConnectionState.FAILED, sim.b.state());

        sim.a.restartIce();
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.COMPLETED
                && sim.b.state() == IceConnectionState.COMPLETED, Duration.ofSeconds(10)), sim::describe);
        assertEquals(2, sim.a.events(IceEvent.SelectedPairChanged.class).size());
        assertEquals(2, sim.b.events(IceEvent.SelectedPairChanged.class).size());
        sim.assertSelectedBest(IceSim::anyPath);
        assertNotNull(sim.a.core().route());
        assertNotNull(sim.b.core().route());
    }

    static StunMessage parse(byte[] data) {
        try {
            return StunMessage.parse(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
