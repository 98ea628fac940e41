package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceRole;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The controlling agent starts first and nominates while the other has not started yet (it answers checks, its
 * role still undecided): the nomination must be kept, so that the late agent selects the pair once it starts as
 * controlled. The controlling agent does not nominate again once its own nomination succeeded.
 */
@Timeout(30)
class IceEarlyNominationSimTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void aNominationBeforeStartIsKept(long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0), IceSim.defaults());
        sim.b.core().startGathering(sim.net.now()); // b's candidates reach a; b does not start checking
        sim.a.start(IceRole.CONTROLLING);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.COMPLETED, Duration.ofSeconds(10)),
                sim::describe);
        sim.b.core().start(sim.net.now(), IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.b.isConnected(), Duration.ofSeconds(10)), sim::describe);
    }
}
