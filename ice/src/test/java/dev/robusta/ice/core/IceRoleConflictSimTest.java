package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.SimulatedAgent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both agents start in the same role (RFC 8445 section 7.3.1.1): the tie-breakers decide, exactly one agent
 * switches (and says so with RoleChanged), and they connect on the pair RFC 8445 prescribes for the final roles.
 */
@Timeout(30)
class IceRoleConflictSimTest {

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (IceRole role : IceRole.values()) {
            for (int loss : new int[] {0, 10}) {
                for (long seed = 1; seed <= IceSim.seeds(5); seed++) {
                    list.add(Arguments.of(role, loss, seed));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "both {0}, loss {1}%, seed {2}")
    @MethodSource("cases")
    void roleConflictIsResolvedAndTheAgentsConnect(IceRole both, int lossPercent, long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(lossPercent / 100.0),
                lossPercent == 0 ? IceSim.defaults() : IceSim.patient());
        sim.start(both, both);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.COMPLETED
                && sim.b.state() == IceConnectionState.COMPLETED, Duration.ofSeconds(60)), sim::describe);

        assertNotEquals(sim.a.role(), sim.b.role(), sim::describe);
        // The larger tie-breaker takes (or keeps) the controlling role, whichever role both started in.
        SimulatedAgent larger = Long.compareUnsigned(sim.a.core().tieBreaker(), sim.b.core().tieBreaker()) > 0
                ? sim.a : sim.b;
        assertEquals(IceRole.CONTROLLING, larger.role(), sim::describe);
        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            List<IceEvent.RoleChanged> changes = x.events(IceEvent.RoleChanged.class);
            if (x.role() == both) {
                assertEquals(List.of(), changes, () -> x.name() + " kept its role; " + sim.describe());
            } else {
                assertEquals(List.of(new IceEvent.RoleChanged(x.role())), changes,
                        () -> x.name() + " switched once; " + sim.describe());
            }
            assertEquals(1, x.events(IceEvent.SelectedPairChanged.class).size(), sim::describe);
        }
        sim.assertSelectedBest(IceSim::anyPath);
    }
}
