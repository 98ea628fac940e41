package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceCredentials;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.BindingTap;
import dev.robusta.ice.sim.SimulatedAgent;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Closing an agent, while checking or connected: it goes quiet at once, and its peer notices by consent. */
@Timeout(20)
class IceLifecycleSimTest {

    @ParameterizedTest(name = "close after {0} ms")
    @ValueSource(ints = {0, 120, 2000})
    void closeStopsEverything(int afterMillis) {
        IceSim sim = IceSim.dualStack(afterMillis + 1, IceSim.lossy(0), IceSim.defaults());
        BindingTap tapA = BindingTap.attach(sim.a);
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        sim.net.runFor(Duration.ofMillis(afterMillis));
        boolean wasConnected = sim.b.isConnected();
        sim.a.close();
        long closedAt = sim.net.now();
        IceAgentCore core = sim.a.core();
        assertEquals(IceConnectionState.CLOSED, core.state());
        assertEquals(Long.MAX_VALUE, core.pollDeadline(), "no timer left");
        assertNull(core.route());
        assertNull(core.selectedPair());

        sim.net.runFor(Duration.ofSeconds(60));
        assertEquals(IceConnectionState.CLOSED, sim.a.state());
        assertEquals(IceConnectionState.CLOSED, sim.a.stateHistory().get(sim.a.stateHistory().size() - 1));
        assertEquals(0, tapA.requestsSince(closedAt + 1), "a closed agent sends nothing");
        assertEquals(Long.MAX_VALUE, core.pollDeadline());
        // The peer: if it was connected, consent expires; else its checks fail.
        assertEquals(IceConnectionState.FAILED, sim.b.state(), sim::describe);
        assertNull(sim.b.core().route());
        if (wasConnected) {
            assertTrue(sim.b.stateHistory().contains(IceConnectionState.DISCONNECTED));
        }

        // Input is ignored, calls that would restart work are refused, the rest is harmless.
        byte[] junk = {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertFalse(core.handleDatagram(sim.net.now(), IceSim.DUAL_STACK_A.get(0), IceSim.DUAL_STACK_B.get(0), junk,
                0, junk.length, new ReceivedData()));
        core.handleTimeout(sim.net.now());
        core.endOfRemoteCandidates(sim.net.now());
        core.close(sim.net.now());
        assertNull(core.pollTransmit());
        assertNull(core.pollEvent());
        Candidate c = sim.b.signalledCandidates().get(0);
        assertThrows(IllegalStateException.class, () -> core.addRemoteCandidate(sim.net.now(), c));
        assertThrows(IllegalStateException.class, () -> core.start(sim.net.now(), IceRole.CONTROLLING));
        assertThrows(IllegalStateException.class, () -> core.restart(sim.net.now(), IceCredentials.random()));
        assertThrows(IllegalStateException.class, () -> core.setRemoteCredentials("abcd", "x".repeat(22)));
        assertEquals(1, sim.a.events(IceEvent.ConnectionStateChanged.class).stream()
                .filter(e -> e.state() == IceConnectionState.CLOSED).count());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void aCoreWithoutSocketsOrPeerIsQuiet(long seed) {
        IceAgentCore core = new IceAgentCore(IceSim.defaults(), IceCredentials.random(new Random(seed)),
                new Random(seed), "lonely");
        core.startGathering(0);
        core.start(0, IceRole.CONTROLLED);
        assertEquals(IceConnectionState.CHECKING, core.state());
        // Nothing to do and nobody to talk to: no deadline at all, not a busy one.
        core.handleTimeout(1);
        assertEquals(Long.MAX_VALUE, core.pollDeadline());
        assertNull(core.pollTransmit());
        assertThrows(IllegalStateException.class, () -> core.addSocket(SimulatedAgent.v4(1, 1)));
    }
}
