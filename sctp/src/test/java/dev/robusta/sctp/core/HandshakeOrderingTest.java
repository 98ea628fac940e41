package dev.robusta.sctp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Every ordering of two simultaneous opens: our association against ours, against an RFC endpoint that connects
 * before it reads anything (as usrsctp and dcsctp do in WebRTC), and against models of pion/sctp 1.8.6 and
 * aiortc 1.4 ({@link SingleTagPeer}). A bounded depth-first search tries, at each step, every action open at that
 * point: each side's connect (so our side may read the peer's INIT before it starts, the race a driver can
 * create), delivering any packet in flight (reordering and delay), and within small budgets losing or
 * duplicating one, or letting the retransmission timers fire. After the explored prefix the network turns
 * reliable and in order; every run must then end with both sides established on one association (each side's
 * peer tag is the other's tag) and one message delivered each way.
 */
class HandshakeOrderingTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HandshakeOrderingTest.class);
    private static final long SECOND = 1_000_000_000L;
    /** Virtual time a run may take to settle: INIT and COOKIE ECHO retransmissions are 1 s apart at first. */
    private static final long SETTLE_LIMIT = 60 * SECOND;

    /** How the explored runs may disturb the network. */
    record Budget(int depth, int losses, int duplicates, int timerFirings) {}

    /** Reordering and delay only, explored until the network is quiet. */
    private static final Budget REORDER = new Budget(14, 0, 0, 0);
    private static final Budget LOSS = new Budget(7, 1, 0, 1);
    private static final Budget DUPLICATION = new Budget(7, 0, 1, 0);

    @Test
    void oursAgainstOurs() {
        exploreAll("ours", seed -> new OurPeer(seed), false);
    }

    @Test
    void oursAgainstAnRfcEndpointThatConnectsFirst() {
        exploreAll("usrsctp-like", seed -> new OurPeer(seed), true);
    }

    @Test
    void oursAgainstPion() {
        exploreAll("pion", seed -> new SingleTagPeer(SingleTagPeer.PION_1_8_6, seed), false);
    }

    @Test
    void oursAgainstAiortcClient() {
        exploreAll("aiortc client", seed -> new SingleTagPeer(SingleTagPeer.AIORTC_CLIENT, seed), false);
    }

    @Test
    void oursAgainstAiortcServer() {
        exploreAll("aiortc server", seed -> new SingleTagPeer(SingleTagPeer.AIORTC_SERVER, seed), false);
    }

    /**
     * The ordering that broke Pion: its INIT reaches us before we connect, our answer reaches it before our INIT
     * does, and it then follows our INIT. Checked on its own so that a regression names the case.
     */
    @Test
    void pionInitBeforeOurConnectAndOurInitAckBeforeOurInit() {
        World w = new World("pion", new OurPeer(11), new SingleTagPeer(SingleTagPeer.PION_1_8_6, 12), false,
                new Budget(0, 0, 0, 0));
        w.connectB();
        w.deliver(0); // Pion's INIT, while we are still closed
        w.connectA(); // our INIT goes out after our INIT ACK
        int initAck = w.indexOf(true, dev.robusta.sctp.wire.Chunk.INIT_ACK);
        w.deliver(initAck); // Pion: COOKIE-ECHOED, echoing the cookie of our first answer
        w.deliver(w.indexOf(true, dev.robusta.sctp.wire.Chunk.INIT)); // Pion now takes its peer's tag from our INIT
        String failure = w.settleAndCheck();
        assertEquals(null, failure, failure);
    }

    // ------------------------------------------------------------------ the search

    private int runs;
    private int failed;

    /** Explores with each budget; returns how many runs there were in all. */
    private void exploreAll(String name, LongFunction<HandshakePeer> peer, boolean peerConnectsFirst) {
        int total = 0;
        for (Budget budget : List.of(REORDER, LOSS, DUPLICATION)) {
            runs = 0;
            failed = 0;
            List<String> failures = new ArrayList<>();
            search(name, peer, peerConnectsFirst, budget, new ArrayList<>(), failures);
            assertTrue(failures.isEmpty(), failed + " of " + runs + " orderings failed against " + name
                    + " (" + budget + "), for example:\n" + String.join("\n", failures));
            total += runs;
            LOG.info("{}: {} orderings, {}", name, runs, budget);
        }
        // Not a figure to meet, a guard against a search that stopped exploring: each of the first steps alone
        // offers several actions.
        assertTrue(total > 100, "the search ran only " + total + " orderings");
    }

    private void search(String name, LongFunction<HandshakePeer> peer, boolean peerConnectsFirst, Budget budget,
                        List<Integer> prefix, List<String> failures) {
        World w = replay(name, peer, peerConnectsFirst, budget, prefix);
        int actions = prefix.size() < budget.depth ? w.actionCount() : 0;
        if (actions == 0) {
            runs++;
            String failure = w.settleAndCheck();
            if (failure != null) {
                failed++;
                if (failures.size() < 3) {
                    failures.add(w.trace + "\n  -> " + failure);
                }
            }
            return;
        }
        for (int i = 0; i < actions; i++) {
            prefix.add(i);
            search(name, peer, peerConnectsFirst, budget, prefix, failures);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static World replay(String name, LongFunction<HandshakePeer> peer, boolean peerConnectsFirst,
                                Budget budget, List<Integer> choices) {
        World w = new World(name, new OurPeer(1), peer.apply(2), peerConnectsFirst, budget);
        for (int choice : choices) {
            w.act(choice);
        }
        return w;
    }

    /** Our association (a), the other end (b), and the packets between them. */
    private static final class World {
        final String name;
        final OurPeer a;
        final HandshakePeer b;
        final List<byte[]> toB = new ArrayList<>();
        final List<byte[]> toA = new ArrayList<>();
        final StringBuilder trace = new StringBuilder();
        long now;
        boolean aConnected;
        boolean bConnected;
        int losses;
        int duplicates;
        int timerFirings;

        World(String name, OurPeer a, HandshakePeer b, boolean peerConnectsFirst, Budget budget) {
            this.name = name;
            this.a = a;
            this.b = b;
            this.losses = budget.losses;
            this.duplicates = budget.duplicates;
            this.timerFirings = budget.timerFirings;
            if (peerConnectsFirst) {
                b.connect(0);
                bConnected = true;
                collect();
                trace.append("b connects first; ");
            }
            if (!b.initiates()) {
                bConnected = true;
            }
        }

        /** Actions, in a fixed order: connects, then per packet deliver / lose / duplicate, then the timers. */
        int actionCount() {
            int n = (aConnected ? 0 : 1) + (bConnected ? 0 : 1);
            int perPacket = 1 + (losses > 0 ? 1 : 0) + (duplicates > 0 ? 1 : 0);
            n += perPacket * (toA.size() + toB.size());
            if (timerFirings > 0 && nextDeadline() != Long.MAX_VALUE) {
                n++;
            }
            return n;
        }

        void act(int choice) {
            if (!aConnected && choice-- == 0) {
                connectA();
                return;
            }
            if (!bConnected && choice-- == 0) {
                connectB();
                return;
            }
            int perPacket = 1 + (losses > 0 ? 1 : 0) + (duplicates > 0 ? 1 : 0);
            int packets = toA.size() + toB.size();
            if (choice < perPacket * packets) {
                int packet = choice / perPacket;
                int kind = choice % perPacket;
                if (kind == 0) {
                    deliver(packet);
                } else if (kind == 1 && losses > 0) {
                    losses--;
                    trace.append("lose ").append(describe(packet)).append("; ");
                    take(packet);
                } else {
                    duplicates--;
                    trace.append("duplicate ").append(describe(packet)).append("; ");
                    boolean forB = packet < toB.size();
                    byte[] p = forB ? toB.get(packet) : toA.get(packet - toB.size());
                    (forB ? b : a).input(p.clone(), now);
                    collect();
                }
                return;
            }
            timerFirings--;
            fireTimers();
        }

        void connectA() {
            trace.append("a connects; ");
            a.connect(now);
            aConnected = true;
            collect();
        }

        void connectB() {
            trace.append("b connects; ");
            b.connect(now);
            bConnected = true;
            collect();
        }

        String describe(int packet) {
            boolean forB = packet < toB.size();
            byte[] p = forB ? toB.get(packet) : toA.get(packet - toB.size());
            return (forB ? "a->b " : "b->a ") + Packets.chunkTypes(p).stream()
                    .map(dev.robusta.sctp.wire.Chunk::name).toList();
        }

        byte[] take(int packet) {
            return packet < toB.size() ? toB.remove(packet) : toA.remove(packet - toB.size());
        }

        void deliver(int packet) {
            trace.append(describe(packet)).append("; ");
            boolean forB = packet < toB.size();
            byte[] p = take(packet);
            (forB ? b : a).input(p, now);
            collect();
        }

        /** The index (as {@link #deliver} counts) of the first packet in flight toward b/a starting with type. */
        int indexOf(boolean towardB, int chunkType) {
            List<byte[]> q = towardB ? toB : toA;
            for (int i = 0; i < q.size(); i++) {
                if ((q.get(i)[12] & 0xFF) == chunkType) {
                    return towardB ? i : toB.size() + i;
                }
            }
            throw new AssertionError("no " + dev.robusta.sctp.wire.Chunk.name(chunkType) + " in flight");
        }

        long nextDeadline() {
            return Math.min(a.deadline(), b.deadline());
        }

        void fireTimers() {
            long d = nextDeadline();
            now = Math.max(now, d);
            trace.append("timers at ").append(now / 1_000_000).append(" ms; ");
            a.timeout(now);
            b.timeout(now);
            collect();
        }

        void collect() {
            toB.addAll(a.drain(now));
            toA.addAll(b.drain(now));
        }

        /** Runs the rest on a reliable in-order network; returns what went wrong, or null. */
        String settleAndCheck() {
            if (!aConnected) {
                a.connect(now);
                aConnected = true;
            }
            if (!bConnected) {
                b.connect(now);
                bConnected = true;
            }
            collect();
            boolean sent = false;
            long start = now;
            while (now - start < SETTLE_LIMIT) {
                while (!toA.isEmpty() || !toB.isEmpty()) {
                    if (!toB.isEmpty()) {
                        b.input(toB.remove(0), now);
                    }
                    if (!toA.isEmpty()) {
                        a.input(toA.remove(0), now);
                    }
                    collect();
                }
                if (a.established() && b.established() && !sent) {
                    a.send(new byte[] {1, 2, 3}, now);
                    b.send(new byte[] {4, 5}, now);
                    sent = true;
                    collect();
                    continue;
                }
                if (sent && a.received().size() == 1 && b.received().size() == 1) {
                    break;
                }
                long d = nextDeadline();
                if (d == Long.MAX_VALUE) {
                    break;
                }
                now = Math.max(now, d);
                a.timeout(now);
                b.timeout(now);
                collect();
            }
            if (a.ended()) {
                return "our association ended: " + a.describe();
            }
            if (!a.established() || !b.established()) {
                return "not established after " + (now - start) / SECOND + " s: " + a.describe() + " / "
                        + b.describe();
            }
            if (a.localTag() != b.peerTag() || b.localTag() != a.peerTag()) {
                return "two associations: " + a.describe() + " / " + b.describe();
            }
            if (a.received().size() != 1 || !Arrays.equals(new byte[] {4, 5}, a.received().get(0))) {
                return name + "'s message did not reach us once: " + a.received().size() + "; " + a.describe()
                        + " / " + b.describe();
            }
            if (b.received().size() != 1 || !Arrays.equals(new byte[] {1, 2, 3}, b.received().get(0))) {
                return "our message did not reach " + name + " once: " + b.received().size() + "; "
                        + a.describe() + " / " + b.describe();
            }
            return null;
        }
    }
}
