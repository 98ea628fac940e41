package dev.robusta.ice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.ice.CandidatePair;
import dev.robusta.ice.IceRole;
import dev.robusta.ice.sim.SimPayload;
import dev.robusta.ice.sim.SimulatedAgent;
import dev.robusta.ice.sim.SimulatedNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application data both ways on the selected pair, through {@link IceAgentCore#route()} and
 * {@link IceAgentCore#handleDatagram}: unreliable, so what arrives is counted, and every datagram that arrives is
 * intact and attributed to the right sender and address.
 */
@Timeout(30)
class IceDataSimTest {
    private static final Logger LOG = LoggerFactory.getLogger(IceDataSimTest.class);
    static final int SENDER_A = 1;
    static final int SENDER_B = 2;

    static Stream<Arguments> lossAndSeed() {
        List<Arguments> list = new ArrayList<>();
        for (int loss : new int[] {0, 10, 30}) {
            for (long seed = 1; seed <= IceSim.seeds(3); seed++) {
                list.add(Arguments.of(loss, seed));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "loss {0}%, seed {1}")
    @MethodSource("lossAndSeed")
    void dataFlowsBothWaysIntactUnderLoss(int lossPercent, long seed) {
        IceSim sim = IceSim.dualStack(seed, IceSim.lossy(lossPercent / 100.0),
                lossPercent == 0 ? IceSim.defaults() : IceSim.patient());
        assertFalse(sim.a.send(SimPayload.make(SENDER_A, 0, 100)), "no route before checks");
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(sim::bothConnected, Duration.ofSeconds(60)), sim::describe);

        Traffic ab = new Traffic(sim.a, sim.b, SENDER_A, seed);
        Traffic ba = new Traffic(sim.b, sim.a, SENDER_B, seed + 100);
        long end = sim.net.now() + Duration.ofSeconds(10).toNanos();
        ab.every(Duration.ofMillis(10), end);
        ba.every(Duration.ofMillis(10), end);
        sim.net.runFor(Duration.ofSeconds(11));

        for (Traffic t : List.of(ab, ba)) {
            t.verify();
            double delivered = t.unique() / (double) t.sent;
            LOG.debug("loss {}%, seed {}: {} sent {}, delivered {} ({} duplicates)", lossPercent, seed, t.from.name(),
                    t.sent, t.unique(), t.duplicates);
            assertEquals(1000, t.sent, "every send found a route");
            if (lossPercent == 0) {
                assertEquals(t.sent, t.unique(), "no loss, no gap");
            } else {
                // Binomial: 1000 datagrams, the mean is 1 - loss; 5 standard deviations below it.
                double p = 1 - lossPercent / 100.0;
                double floor = p - 5 * Math.sqrt(p * (1 - p) / t.sent);
                assertTrue(delivered >= floor && delivered <= 1.0, t.from.name() + " delivered " + delivered);
            }
            assertTrue(t.duplicates > 0, "duplicated datagrams are handed up (ICE does not dedupe)");
        }
    }

    @Test
    void dataFromUnverifiedAddressesIsDropped() {
        IceSim sim = IceSim.dualStack(7, IceSim.lossy(0), IceSim.defaults());
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertTrue(sim.net.runUntil(sim::bothConnected, Duration.ofSeconds(10)), sim::describe);
        CandidatePair selected = sim.b.selectedPair();
        InetSocketAddress socket = selected.local().address();
        ReceivedData out = new ReceivedData();
        byte[] data = SimPayload.make(9, 1, 64);
        long now = sim.net.now();
        List<InetSocketAddress> strangers = List.of(SimulatedAgent.v4(1, 5001), SimulatedAgent.v4(9, 5000),
                SimulatedAgent.v6(7000), SimulatedAgent.v4(1, 6000));
        for (InetSocketAddress from : strangers) {
            assertFalse(sim.b.core().handleDatagram(now, socket, from, data, 0, data.length, out), from.toString());
        }
        // On a socket the core does not own, even from the peer.
        assertFalse(sim.b.core().handleDatagram(now, SimulatedAgent.v4(3, 6000), selected.remote().address(), data, 0,
                data.length, out));
        // From the verified peer address it is data, located in the caller's array.
        byte[] framed = new byte[data.length + 10];
        System.arraycopy(data, 0, framed, 7, data.length);
        assertTrue(sim.b.core().handleDatagram(now, socket, selected.remote().address(), framed, 7, data.length, out));
        assertEquals(7, out.offset);
        assertEquals(data.length, out.length);
        assertEquals(selected.remote().address(), out.remote);
        assertTrue(sim.b.core().droppedDatagrams() >= strangers.size() + 1);
        assertNotNull(sim.b.core().route());
    }

    @Test
    void beforeSelectionDataGoesOnTheBestValidPair() {
        IceSim sim = IceSim.dualStack(5, IceSim.lossy(0), IceSim.patient());
        // The family of a's best pairs never answers: their checks stay in progress, so a patient controlling agent
        // holds back nominating a valid pair of the other family. RFC 8445 section 12.1 lets data go on it meanwhile.
        boolean ipv6First = sim.a.core().localCandidates().isEmpty()
                || sim.a.core().localCandidates().get(0).address().getAddress() instanceof java.net.Inet6Address;
        sim.net.blockFamily(ipv6First);
        sim.start(IceRole.CONTROLLING, IceRole.CONTROLLED);
        assertNull(sim.a.core().route(), "no route before any check succeeded");
        assertTrue(sim.net.runUntil(() -> bestValid(sim.a) != null, Duration.ofSeconds(5)), sim::describe);
        assertNull(sim.a.selectedPair(), "nomination waits for the better pairs");

        CandidatePair valid = bestValid(sim.a);
        IceAgentCore.Route route = sim.a.core().route();
        assertNotNull(route, "a valid pair is a route before selection");
        assertEquals(valid.local().address(), route.socket());
        assertEquals(valid.remote().address(), route.destination());
        assertTrue(sim.a.send(SimPayload.make(SENDER_A, 0, 100)));
        sim.net.runFor(Duration.ofMillis(60)); // the links delay 20-50 ms
        assertNull(sim.a.selectedPair(), "still not selected when the data arrived");
        assertEquals(1, sim.b.received().size(), "the peer takes data from the pair it checked");

        assertTrue(sim.net.runUntil(sim::bothConnected, Duration.ofSeconds(90)), sim::describe);
        CandidatePair selected = sim.a.selectedPair();
        assertEquals(selected.remote().address(), sim.a.core().route().destination(), "then the selected pair");
    }

    private static CandidatePair bestValid(SimulatedAgent x) {
        return x.core().pairs().stream().filter(p -> p.state() == CandidatePair.State.SUCCEEDED)
                .max(java.util.Comparator.comparingLong(CandidatePair::priority)).orElse(null);
    }

    /** A one-way stream of numbered payloads and what the receiver made of it. */
    static final class Traffic {
        final SimulatedAgent from;
        final SimulatedAgent to;
        final int sender;
        final Random sizes;
        final BitSet seen = new BitSet();
        int sent;
        int duplicates;
        long lastArrivalNanos = -1;
        long maxGapNanos;
        final List<String> problems = new ArrayList<>();

        Traffic(SimulatedAgent from, SimulatedAgent to, int sender, long seed) {
            this.from = from;
            this.to = to;
            this.sender = sender;
            this.sizes = new Random(seed);
            to.setKeepReceived(false);
            SimulatedNetwork net = to.network();
            to.setDataListener(r -> check(net, r));
        }

        /** Sends one payload every {@code period} until {@code end}, when there is a route. */
        void every(Duration period, long end) {
            SimulatedNetwork net = from.network();
            Runnable tick = new Runnable() {
                @Override
                public void run() {
                    if (net.now() >= end) {
                        return;
                    }
                    int size = SimPayload.MIN_SIZE + sizes.nextInt(1200);
                    if (from.send(SimPayload.make(sender, sent, size))) {
                        sent++;
                    }
                    net.schedule(net.now() + period.toNanos(), this);
                }
            };
            net.schedule(net.now(), tick);
        }

        private void check(SimulatedNetwork net, SimulatedAgent.Received r) {
            SimPayload.Tag tag = SimPayload.parse(r.payload());
            if (tag == null) {
                problems.add("corrupted payload at " + net.clock() + " from " + r.from());
                return;
            }
            if (tag.sender() != sender) {
                // Another stream (the test's own injected data has other sender ids).
                return;
            }
            if (!r.from().equals(r.reportedRemote())) {
                problems.add("payload " + tag.sequence() + " from " + r.from() + " reported as from "
                        + r.reportedRemote());
            }
            if (!from.sockets().contains(r.from())) {
                problems.add("payload " + tag.sequence() + " from " + r.from() + ", not a socket of " + from.name());
            }
            if (tag.sequence() >= sent) {
                problems.add("payload " + tag.sequence() + " was never sent");
            }
            if (lastArrivalNanos >= 0) {
                maxGapNanos = Math.max(maxGapNanos, r.atNanos() - lastArrivalNanos);
            }
            lastArrivalNanos = r.atNanos();
            if (seen.get((int) tag.sequence())) {
                duplicates++;
            }
            seen.set((int) tag.sequence());
        }

        int unique() {
            return seen.cardinality();
        }

        void verify() {
            assertEquals(List.of(), problems, from.name() + " -> " + to.name());
        }
    }
}
