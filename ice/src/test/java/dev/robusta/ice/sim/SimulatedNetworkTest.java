package dev.robusta.ice.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator itself: its conditions, rules, clock and loop bounds behave as documented. */
@Timeout(20)
class SimulatedNetworkTest {
    private static final long MS = 1_000_000L;
    private static final InetSocketAddress A = SimulatedAgent.v4(1, 1000);
    private static final InetSocketAddress B = SimulatedAgent.v4(2, 2000);
    private static final InetSocketAddress A6 = SimulatedAgent.v6(1000);
    private static final InetSocketAddress B6 = SimulatedAgent.v6(2000);

    /** Records what it receives; its deadline is whatever the test sets. */
    static final class Probe implements SimulatedNetwork.Endpoint {
        final String name;
        final List<long[]> arrivals = new ArrayList<>(); // {time, sequence number in the payload}
        final List<Long> timeouts = new ArrayList<>();
        long deadline = Long.MAX_VALUE;
        boolean stubborn; // keeps its deadline at "now" forever
        long step;        // if not 0: deadline moves to now + step on every timeout

        Probe(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void receive(long now, InetSocketAddress socket, InetSocketAddress from, byte[] data) {
            arrivals.add(new long[] {now, ((data[0] & 0xFFL) << 8) | (data[1] & 0xFF)});
        }

        @Override
        public void handleTimeout(long now) {
            timeouts.add(now);
            if (step != 0) {
                deadline = now + step;
            } else if (!stubborn) {
                deadline = Long.MAX_VALUE;
            }
        }

        @Override
        public long pollDeadline() {
            return deadline;
        }

        @Override
        public void drain(long now) {}

        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] numbered(int n) {
        return new byte[] {(byte) (n >>> 8), (byte) n, 7, 7};
    }

    private static SimulatedNetwork twoProbes(long seed, Probe a, Probe b) {
        SimulatedNetwork net = new SimulatedNetwork(seed);
        net.attach(a, List.of(A, A6));
        net.attach(b, List.of(B, B6));
        return net;
    }

    @Test
    void lossDelayJitterAndDuplicationFollowTheConditions() {
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        SimulatedNetwork net = twoProbes(1, a, b);
        net.setDefaultConditions(LinkConditions.of(0.25, Duration.ofMillis(20), Duration.ofMillis(50), 0.1));
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            net.send(A, B, numbered(i & 0xFFFF));
        }
        net.runFor(Duration.ofSeconds(1));
        double lossRate = net.lostCount() / (double) n;
        double dupRate = net.duplicatedCount() / (double) (n - net.lostCount());
        assertEquals(0.25, lossRate, 0.015, net.stats());
        assertEquals(0.10, dupRate, 0.01, net.stats());
        assertEquals(n - net.lostCount() + net.duplicatedCount(), b.arrivals.size());
        assertEquals(b.arrivals.size(), net.deliveredCount());
        boolean reordered = false;
        long last = -1;
        for (long[] arrival : b.arrivals) {
            assertTrue(arrival[0] >= 20 * MS && arrival[0] <= 50 * MS, "delay " + arrival[0]);
            reordered |= arrival[1] < last;
            last = arrival[1];
        }
        assertTrue(reordered, "independent jitter reorders datagrams");
        assertTrue(a.arrivals.isEmpty());
    }

    @Test
    void sameSeedSameDeliveries() {
        List<long[]> first = deliveries(5);
        List<long[]> second = deliveries(5);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i)[0], second.get(i)[0]);
            assertEquals(first.get(i)[1], second.get(i)[1]);
        }
        List<long[]> other = deliveries(6);
        boolean differs = other.size() != first.size();
        for (int i = 0; !differs && i < first.size(); i++) {
            differs = first.get(i)[0] != other.get(i)[0];
        }
        assertTrue(differs, "another seed gives another run");
    }

    private static List<long[]> deliveries(long seed) {
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        SimulatedNetwork net = twoProbes(seed, a, b);
        net.setDefaultConditions(LinkConditions.of(0.3, Duration.ofMillis(5), Duration.ofMillis(80), 0.2));
        for (int i = 0; i < 500; i++) {
            net.send(A, B, numbered(i));
        }
        net.runFor(Duration.ofSeconds(1));
        return b.arrivals;
    }

    @Test
    void perPathConditionsOverrideTheDefault() {
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        SimulatedNetwork net = twoProbes(2, a, b);
        net.setDefaultConditions(new LinkConditions(0, 10 * MS, 0, 0));
        SimulatedNetwork.Registration slow = net.setConditions(A6, B6, new LinkConditions(0, 300 * MS, 0, 0));
        net.send(A, B, numbered(1));
        net.send(A6, B6, numbered(2));
        net.send(B6, A6, numbered(3)); // the other direction keeps the default
        net.runFor(Duration.ofSeconds(1));
        assertEquals(10 * MS, b.arrivals.get(0)[0]);
        assertEquals(300 * MS, b.arrivals.get(1)[0]);
        assertEquals(1000 * MS + 10 * MS, a.arrivals.get(0)[0] + 1000 * MS);
        slow.remove();
        net.send(A6, B6, numbered(4));
        net.runFor(Duration.ofSeconds(1));
        assertEquals(1010 * MS, b.arrivals.get(2)[0]);
    }

    @Test
    void dropRulesBlockPathsFamiliesAndPeersFromAMoment() {
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        SimulatedNetwork net = twoProbes(3, a, b);
        SimulatedNetwork.Registration v6 = net.blockFamily(true);
        assertEquals(SimulatedNetwork.Fate.BLOCKED, net.send(A6, B6, numbered(1)));
        assertEquals(SimulatedNetwork.Fate.QUEUED, net.send(A, B, numbered(2)));
        v6.remove();
        assertEquals(SimulatedNetwork.Fate.QUEUED, net.send(A6, B6, numbered(3)));

        SimulatedNetwork.Registration oneWay = net.blockOneWay(B, A);
        assertEquals(SimulatedNetwork.Fate.BLOCKED, net.send(B, A, numbered(4)));
        assertEquals(SimulatedNetwork.Fate.QUEUED, net.send(A, B, numbered(5)));
        oneWay.remove();

        SimulatedNetwork.Registration both = net.blockBothWays(A, B);
        assertEquals(SimulatedNetwork.Fate.BLOCKED, net.send(B, A, numbered(6)));
        assertEquals(SimulatedNetwork.Fate.BLOCKED, net.send(A, B, numbered(7)));
        assertEquals(SimulatedNetwork.Fate.QUEUED, net.send(A6, B6, numbered(8)));
        both.remove();

        net.blockBetween(List.of(B, B6), List.of(A, A6), 500 * MS);
        assertEquals(SimulatedNetwork.Fate.QUEUED, net.send(B, A, numbered(9)));
        net.runFor(Duration.ofMillis(500));
        assertEquals(SimulatedNetwork.Fate.BLOCKED, net.send(B, A, numbered(10)));
        assertEquals(SimulatedNetwork.Fate.BLOCKED, net.send(B6, A6, numbered(11)));
        assertEquals(SimulatedNetwork.Fate.QUEUED, net.send(A, B, numbered(12)));
        assertEquals(SimulatedNetwork.Fate.UNDELIVERABLE, net.send(A, SimulatedAgent.v4(9, 9), numbered(13)));
        assertEquals(6, net.blockedCount());
        assertEquals(1, net.undeliverableCount());
    }

    @Test
    void clockJumpsToDeadlinesActionsAndDeliveries() {
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        SimulatedNetwork net = twoProbes(4, a, b);
        a.deadline = 10_000 * MS;
        List<String> order = new ArrayList<>();
        net.schedule(3_000 * MS, () -> order.add("first at 3 s"));
        net.schedule(3_000 * MS, () -> order.add("second at 3 s"));
        net.schedule(1_000 * MS, () -> order.add("at 1 s"));
        assertFalse(net.runUntil(() -> false, Duration.ofSeconds(5)));
        assertEquals(5_000 * MS, net.now(), "the clock stands at the limit");
        assertEquals(List.of("at 1 s", "first at 3 s", "second at 3 s"), order);
        assertTrue(a.timeouts.isEmpty());
        assertTrue(net.runUntil(() -> !a.timeouts.isEmpty(), Duration.ofSeconds(60)));
        assertEquals(List.of(10_000 * MS), a.timeouts);
        assertEquals(10_000 * MS, net.now());
        assertTrue(net.steps() < 10, "it jumped, it did not tick: " + net.steps() + " steps");
    }

    @Test
    void anEndpointWhoseDeadlineStaysAtNowIsCaughtSpinning() {
        Probe a = new Probe("spinner");
        Probe b = new Probe("b");
        SimulatedNetwork net = twoProbes(5, a, b);
        a.deadline = 2_000 * MS;
        a.stubborn = true;
        SimulationException e = assertThrows(SimulationException.class, () -> net.runFor(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("spinner spins"), e.getMessage());
        assertEquals(2_000 * MS, net.now());
    }

    @Test
    void aDeadlineInThePastIsCaught() {
        Probe a = new Probe("backwards");
        Probe b = new Probe("b");
        SimulatedNetwork net = twoProbes(8, a, b);
        a.deadline = 1_000 * MS;
        a.step = -1; // after its timeout it asks for a moment already gone
        SimulationException e = assertThrows(SimulationException.class, () -> net.runFor(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("in the past"), e.getMessage());
    }

    @Test
    void theNumberOfStepsIsBounded() {
        Probe a = new Probe("ticker");
        Probe b = new Probe("b");
        SimulatedNetwork net = twoProbes(6, a, b);
        a.deadline = 0;
        a.step = 1; // one nanosecond at a time: legal, but endless within the time limit
        net.setMaxSteps(10_000);
        SimulationException e = assertThrows(SimulationException.class, () -> net.runFor(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("10000 steps"), e.getMessage());
    }

    @Test
    void addressesMustBeLoopbackAndOwnedOnce() {
        SimulatedNetwork net = new SimulatedNetwork(7);
        Probe a = new Probe("a");
        Probe b = new Probe("b");
        net.attach(a, List.of(A));
        assertThrows(IllegalArgumentException.class, () -> net.attach(b, List.of(A)));
        assertThrows(IllegalArgumentException.class,
                () -> net.attach(b, List.of(new InetSocketAddress("192.0.2.1", 1))));
        assertThrows(IllegalArgumentException.class,
                () -> net.attach(b, List.of(InetSocketAddress.createUnresolved("peer.local", 1))));
    }

    @Test
    void payloadsDetectCorruption() {
        byte[] p = SimPayload.make(3, 123_456_789L, 300);
        assertEquals(new SimPayload.Tag(3, 123_456_789L), SimPayload.parse(p));
        for (int i = 0; i < p.length; i++) {
            byte[] q = p.clone();
            q[i] ^= 0x10;
            assertEquals(null, SimPayload.parse(q), "flip at " + i);
        }
        assertEquals(null, SimPayload.parse(java.util.Arrays.copyOf(p, 299)));
        assertEquals(SimPayload.MARKER, p[0] & 0xFF);
    }
}
