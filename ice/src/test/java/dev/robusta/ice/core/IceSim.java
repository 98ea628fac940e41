package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.Candidate;
import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.CandidateType;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.LinkConditions;
import dev.robusta.ice.sim.RfcPriorities;
import dev.robusta.ice.sim.SimulatedAgent;
import dev.robusta.ice.sim.SimulatedNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/** Two simulated agents on one network, and the assertions the simulated ICE tests share. */
final class IceSim {
    static final Duration SIGNALLING_DELAY = Duration.ofMillis(100);
    static final List<InetSocketAddress> DUAL_STACK_A = List.of(SimulatedAgent.v4(1, 5000), SimulatedAgent.v6(5000));
    static final List<InetSocketAddress> DUAL_STACK_B = List.of(SimulatedAgent.v4(1, 6000), SimulatedAgent.v6(6000));

    final long seed;
    final SimulatedNetwork net;
    final SimulatedAgent a;
    final SimulatedAgent b;

    IceSim(long seed, LinkConditions conditions, IceAgentConfig configA, List<InetSocketAddress> socketsA,
           IceAgentConfig configB, List<InetSocketAddress> socketsB) {
        this(seed, conditions, configA, socketsA, configB, socketsB, true);
    }

    /** @param exchangeCredentials whether each agent knows the other's credentials from the start */
    IceSim(long seed, LinkConditions conditions, IceAgentConfig configA, List<InetSocketAddress> socketsA,
           IceAgentConfig configB, List<InetSocketAddress> socketsB, boolean exchangeCredentials) {
        this.seed = seed;
        this.net = new SimulatedNetwork(seed);
        net.setDefaultConditions(conditions);
        this.a = new SimulatedAgent(net, "A" + seed, configA, seed * 1_000_003L + 1, socketsA);
        this.b = new SimulatedAgent(net, "B" + seed, configB, seed * 1_000_003L + 2, socketsB);
        if (exchangeCredentials) {
            SimulatedAgent.introduce(a, b, SIGNALLING_DELAY);
        } else {
            SimulatedAgent.introduceWithoutCredentials(a, b, SIGNALLING_DELAY);
        }
    }

    /** Dual-stack host candidates (127.0.0.1 and ::1) on both sides, the same config for both. */
    static IceSim dualStack(long seed, LinkConditions conditions, IceAgentConfig config) {
        return new IceSim(seed, conditions, config, DUAL_STACK_A, config, DUAL_STACK_B);
    }

    /**
     * How many seeds a parameterized simulation runs: {@code fallback}, or the system property
     * {@code robusta.sim.seeds} for a long sweep, e.g. {@code mvn -pl ice test -Dtest='Ice*SimTest'
     * -Dsurefire.argLine=-Drobusta.sim.seeds=500}.
     */
    static int seeds(int fallback) {
        return Integer.getInteger("robusta.sim.seeds", fallback);
    }

    /** Seeds 1..{@link #seeds(int)}. */
    static Stream<Long> seedStream(int fallback) {
        return LongStream.rangeClosed(1, seeds(fallback)).boxed();
    }

    /** Defaults (RFC timers). */
    static IceAgentConfig defaults() {
        return IceAgentConfig.builder().build();
    }

    /**
     * A controlling agent that waits (up to a minute) for every better pair to succeed or fail before it nominates:
     * the RFC 8445 choice of the best working pair even on a lossy or partly blocked network.
     */
    static IceAgentConfig patient() {
        return IceAgentConfig.builder().nominationDelay(Duration.ofSeconds(60)).build();
    }

    /** Delay 20-50 ms (so jitter reorders), 5 % duplication, the given loss. */
    static LinkConditions lossy(double lossRate) {
        return LinkConditions.of(lossRate, Duration.ofMillis(20), Duration.ofMillis(50), 0.05);
    }

    void start(IceRole roleA, IceRole roleB) {
        a.start(roleA);
        b.start(roleB);
    }

    boolean bothConnected() {
        return a.isConnected() && b.isConnected();
    }

    SimulatedAgent controlling() {
        return a.role() == IceRole.CONTROLLING ? a : b;
    }

    SimulatedAgent controlled() {
        return a.role() == IceRole.CONTROLLING ? b : a;
    }

    /** The state of both agents and the network, for failure messages. */
    String describe() {
        return "seed " + seed + ", " + net.stats() + "\n" + describe(a) + "\n" + describe(b);
    }

    static String describe(SimulatedAgent x) {
        return x + " selected=" + x.selectedPair() + "\n  events: " + x.events() + "\n  pairs: "
                + x.core().pairs().stream().map(p -> p + " " + p.state()).collect(Collectors.joining("; "));
    }

    /** Both agents selected the same pair, each from its own side. */
    void assertMirrored() {
        CandidatePair pa = a.selectedPair();
        CandidatePair pb = b.selectedPair();
        assertNotNull(pa, () -> "A has no selected pair; " + describe());
        assertNotNull(pb, () -> "B has no selected pair; " + describe());
        assertEquals(pa.local().address(), pb.remote().address(), () -> "not mirrored; " + describe());
        assertEquals(pa.remote().address(), pb.local().address(), () -> "not mirrored; " + describe());
        assertNotEquals(a.role(), b.role(), () -> "both agents have the same role; " + describe());
    }

    /** The selected pair is RFC 8445's best working pair, computed here from the signalled candidates. */
    void assertSelectedBest(BiPredicate<InetSocketAddress, InetSocketAddress> canWork) {
        assertMirrored();
        SimulatedAgent g = controlling();
        SimulatedAgent d = controlled();
        RfcPriorities.Expected expected = RfcPriorities.bestWorkingPair(g.signalledCandidates(),
                d.signalledCandidates(), canWork);
        assertNotNull(expected, "no pair can work");
        CandidatePair selected = g.selectedPair();
        assertEquals(expected.controlling().address(), selected.local().address(),
                () -> "controlling side chose " + selected + ", RFC 8445 says " + expected + "; " + describe());
        assertEquals(expected.controlled().address(), selected.remote().address(),
                () -> "controlling side chose " + selected + ", RFC 8445 says " + expected + "; " + describe());
        assertEquals(expected.priority(), selected.priority(), () -> "pair priority; " + describe());
        assertEquals(expected.priority(), d.selectedPair().priority(), () -> "controlled pair priority; " + describe());
        assertTrue(selected.nominated() && d.selectedPair().nominated(), () -> "not nominated; " + describe());
    }

    /**
     * Host candidate priorities follow RFC 8445 section 5.1.2.1 with type preference 126, distinct local
     * preferences, and IPv6 preferred over IPv4 (RFC 8421).
     */
    static void assertHostCandidatePriorities(SimulatedAgent x) {
        Set<Long> seen = new HashSet<>();
        int minV6 = Integer.MAX_VALUE;
        int maxV4 = Integer.MIN_VALUE;
        for (Candidate c : x.signalledCandidates()) {
            assertEquals(CandidateType.HOST, c.type());
            int lp = RfcPriorities.localPreference(c.priority());
            assertEquals(RfcPriorities.candidate(RfcPriorities.HOST, lp, c.componentId()), c.priority(),
                    () -> "priority of " + c);
            assertEquals(RfcPriorities.HOST, RfcPriorities.typePreference(c.priority()));
            assertEquals(1, c.componentId());
            assertTrue(seen.add(c.priority()), () -> "two candidates with priority " + c.priority());
            if (c.address().getAddress().getAddress().length == 16) {
                minV6 = Math.min(minV6, lp);
            } else {
                maxV4 = Math.max(maxV4, lp);
            }
        }
        if (minV6 != Integer.MAX_VALUE && maxV4 != Integer.MIN_VALUE) {
            assertTrue(minV6 > maxV4, "IPv6 candidates are preferred (RFC 8421)");
        }
    }

    static boolean anyPath(InetSocketAddress g, InetSocketAddress d) {
        return true;
    }
}
