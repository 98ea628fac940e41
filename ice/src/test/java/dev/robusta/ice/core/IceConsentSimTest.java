package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.IceConnectionState;
import dev.robusta.ice.IceEvent;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.BindingTap;
import dev.robusta.ice.sim.SimulatedAgent;
import dev.robusta.ice.sim.SimulatedNetwork;
import dev.robusta.ice.sim.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Consent freshness (RFC 7675) on the selected pair: a check unanswered for consentResponseTimeout makes the state
 * DISCONNECTED; 30 s without any response makes it FAILED, and no more data may be sent. A short outage recovers.
 * Times are judged against the Binding traffic seen on the simulated wire.
 */
@Timeout(30)
class IceConsentSimTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long RESPONSE_TIMEOUT = 2 * SECOND; // the default consentResponseTimeout
    private static final long EXPIRY = 30 * SECOND;          // RFC 7675

    static Stream<Long> seeds() {
        return IceSim.seedStream(4);
    }

    /** Samples whether each agent has a route, every 50 ms. */
    static final class RouteProbe {
        final List<long[]> noRoute = new ArrayList<>(); // {time, agent index}

        RouteProbe(SimulatedNetwork net, List<SimulatedAgent> agents) {
            Runnable tick = new Runnable() {
                @Override
                public void run() {
                    for (int i = 0; i < agents.size(); i++) {
                        if (agents.get(i).core().route() == null) {
                            noRoute.add(new long[] {net.now(), i});
                        }
                    }
                    net.schedule(net.now() + 50_000_000L, this);
                }
            };
            net.schedule(net.now(), tick);
        }

        long firstWithoutRoute(int agent) {
            for (long[] s : noRoute) {
                if (s[1] == agent) {
                    return s[0];
                }
            }
            return -1;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void peerVanishesDisconnectedThenFailedThirtySecondsAfterTheLastResponse(long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0), IceSim.defaults());
        BindingTap tapA = BindingTap.attach(sim.a);
        BindingTap tapB = BindingTap.attach(sim.b);
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.COMPLETED
                && sim.b.state() == IceConnectionState.COMPLETED, Duration.ofSeconds(10)), sim::describe);
        sim.net.runFor(Duration.ofSeconds(10 + seed % 7));
        long cut = sim.net.now();
        RouteProbe routes = new RouteProbe(sim.net, List.of(sim.a, sim.b));
        // Everything from B to A is lost from now on: A's checks get no answer, and B's checks never reach A.
        sim.net.blockBetween(sim.b.sockets(), sim.a.sockets(), cut);

        assertTrue(sim.net.runUntil(() -> sim.a.state() == IceConnectionState.FAILED
                && sim.b.state() == IceConnectionState.FAILED, Duration.ofSeconds(60)), sim::describe);
        long failedAt = sim.net.now();
        sim.net.runFor(Duration.ofSeconds(30));

        List<SimulatedAgent> agents = List.of(sim.a, sim.b);
        List<BindingTap> taps = List.of(tapA, tapB);
        for (int i = 0; i < 2; i++) {
            SimulatedAgent x = agents.get(i);
            BindingTap tap = taps.get(i);
            long lastAnswer = tap.lastAnswerAt();
            assertTrue(lastAnswer > cut - 7 * SECOND && lastAnswer <= cut + SECOND, () -> "last answer at "
                    + VirtualClock.format(lastAnswer) + ", cut at " + VirtualClock.format(cut));
            long firstUnanswered = Long.MAX_VALUE;
            for (BindingTap.Exchange e : tap.exchanges()) {
                if (e.sentAtNanos > lastAnswer) {
                    firstUnanswered = Math.min(firstUnanswered, e.sentAtNanos);
                }
            }
            long disconnectedAt = x.stateTime(cut, IceConnectionState.DISCONNECTED);
            long failedAtX = x.stateTime(cut, IceConnectionState.FAILED);
            String where = x.name() + ": last answer " + VirtualClock.format(lastAnswer) + ", first unanswered "
                    + VirtualClock.format(firstUnanswered) + "; " + tap.exchanges() + "\n" + sim.describe();
            assertEquals(firstUnanswered + RESPONSE_TIMEOUT, disconnectedAt, () -> "DISCONNECTED; " + where);
            assertEquals(lastAnswer + EXPIRY, failedAtX, () -> "FAILED exactly 30 s after the last response; "
                    + where);
            assertTrue(failedAtX <= failedAt);
            List<IceConnectionState> after = new ArrayList<>();
            x.events().stream().filter(e -> e.atNanos() >= cut && e.event() instanceof IceEvent.ConnectionStateChanged)
                    .forEach(e -> after.add(((IceEvent.ConnectionStateChanged) e.event()).state()));
            assertEquals(List.of(IceConnectionState.DISCONNECTED, IceConnectionState.FAILED), after, where);
            // Data may go on while DISCONNECTED (consent has not expired yet), and stops at FAILED.
            long noRouteFrom = routes.firstWithoutRoute(i);
            assertTrue(noRouteFrom >= failedAtX && noRouteFrom < failedAtX + 100_000_000L,
                    () -> "route lost at " + VirtualClock.format(noRouteFrom) + "; " + where);
            assertNull(x.core().route());
            assertEquals(IceConnectionState.FAILED, x.state(), where);
            // FAILED is final until an ICE restart: no pair is selected again, and the agent stops checking.
            assertEquals(1, x.events(IceEvent.SelectedPairChanged.class).size(), where);
            assertEquals(0, tap.requestsSince(failedAtX + SECOND), () -> "requests after FAILED; " + where);
        }
    }

    static Stream<Arguments> seedsWithAndWithoutEndOfCandidates() {
        return seeds().flatMap(seed -> Stream.of(Arguments.of(seed, true), Arguments.of(seed, false)));
    }

    /**
     * A short outage (under 30 s): DISCONNECTED, then back to the state before it: COMPLETED, or CONNECTED when
     * end-of-candidates never came.
     */
    @ParameterizedTest(name = "seed {0}, end-of-candidates {1}")
    @MethodSource("seedsWithAndWithoutEndOfCandidates")
    void shortOutageDisconnectsThenRecovers(long seed, boolean endOfCandidates) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(0), IceSim.defaults());
        sim.a.setSignalEndOfCandidates(endOfCandidates);
        sim.b.setSignalEndOfCandidates(endOfCandidates);
        IceConnectionState steady = endOfCandidates ? IceConnectionState.COMPLETED : IceConnectionState.CONNECTED;
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(() -> sim.a.state() == steady && sim.b.state() == steady,
                Duration.ofSeconds(10)), sim::describe);
        sim.net.runFor(Duration.ofSeconds(10));
        long cut = sim.net.now();
        RouteProbe routes = new RouteProbe(sim.net, List.of(sim.a, sim.b));
        SimulatedNetwork.Registration outage = sim.net.blockBetween(sim.b.sockets(), sim.a.sockets(), cut);
        sim.net.runFor(Duration.ofSeconds(15 + seed % 5)); // well under 30 s with the time since the last response
        long healed = sim.net.now();
        outage.remove();
        assertTrue(sim.net.runUntil(() -> sim.a.state() == steady && sim.b.state() == steady,
                Duration.ofSeconds(10)), sim::describe);
        long back = sim.net.now();
        sim.net.runFor(Duration.ofSeconds(40));

        for (SimulatedAgent x : List.of(sim.a, sim.b)) {
            long disconnectedAt = x.stateTime(cut, IceConnectionState.DISCONNECTED);
            assertTrue(disconnectedAt > cut && disconnectedAt <= cut + 8 * SECOND, sim::describe);
            long recoveredAt = x.stateTime(disconnectedAt, steady);
            assertTrue(recoveredAt >= healed && recoveredAt <= healed + 2 * SECOND, sim::describe);
            assertFalse(x.stateHistory().contains(IceConnectionState.FAILED), sim::describe);
            assertEquals(steady, x.state(), sim::describe);
            List<IceConnectionState> during = new ArrayList<>();
            x.events().stream().filter(e -> e.atNanos() >= cut && e.event() instanceof IceEvent.ConnectionStateChanged)
                    .forEach(e -> during.add(((IceEvent.ConnectionStateChanged) e.event()).state()));
            assertEquals(List.of(IceConnectionState.DISCONNECTED, steady), during, sim::describe);
            assertEquals(1, x.events(IceEvent.SelectedPairChanged.class).size(), sim::describe);
            assertNotNull(x.core().route());
        }
        assertTrue(back <= healed + 2 * SECOND);
        assertEquals(List.of(), routes.noRoute, "the route never went away during the outage");
    }
}
