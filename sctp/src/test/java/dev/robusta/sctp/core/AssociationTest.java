package dev.robusta.sctp.core;

import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.sim.AssociationEndpoint;
import dev.robusta.sctp.sim.LinkConditions;
import dev.robusta.sctp.sim.SimNetwork;
import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.Chunk;
import dev.robusta.sctp.wire.ErrorCause;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The association's handshake, collisions, shutdown, abort and failure, driven by hand or over a simulated link. */
class AssociationTest {
    private static final long MS = 1_000_000L;

    static SctpAssociation assoc(long seed) {
        return assoc(SctpConfig.defaults(), seed);
    }

    static SctpAssociation assoc(SctpConfig config, long seed) {
        return new SctpAssociation(config, new Random(seed));
    }

    static List<byte[]> drain(SctpAssociation a, long now) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer b;
        while ((b = a.pollTransmit(now)) != null) {
            out.add(Packets.bytes(b));
        }
        return out;
    }

    static List<SctpEvent> events(SctpAssociation a) {
        List<SctpEvent> out = new ArrayList<>();
        SctpEvent e;
        while ((e = a.pollEvent()) != null) {
            out.add(e);
        }
        return out;
    }

    /** Passes packets both ways until neither side has anything to send. */
    static void pump(SctpAssociation a, SctpAssociation b, long now) {
        for (int i = 0; i < 100; i++) {
            List<byte[]> ab = drain(a, now);
            List<byte[]> ba = drain(b, now);
            if (ab.isEmpty() && ba.isEmpty()) {
                return;
            }
            ab.forEach(p -> b.handleInput(p, 0, p.length, now));
            ba.forEach(p -> a.handleInput(p, 0, p.length, now));
        }
        fail("endless exchange");
    }

    static SctpAssociation[] established(long seed) {
        SctpAssociation a = assoc(seed);
        SctpAssociation b = assoc(seed + 1000);
        a.connect(0);
        b.connect(0);
        pump(a, b, 0);
        assertTrue(a.isEstablished() && b.isEstablished());
        events(a);
        events(b);
        return new SctpAssociation[] {a, b};
    }

    @Test
    void simultaneousInitsEstablishOneAssociation() {
        SctpAssociation a = assoc(1);
        SctpAssociation b = assoc(2);
        a.connect(0);
        b.connect(0);
        List<byte[]> initA = drain(a, 0);
        List<byte[]> initB = drain(b, 0);
        assertEquals(List.of(Chunk.INIT), Packets.chunkTypes(initA.get(0)));
        assertEquals(0, Bytes.i32(initA.get(0), 4), "INIT carries tag 0");
        // Both INITs cross: each side answers with an INIT-ACK carrying its own INIT's tag (RFC 9260 5.2.1).
        b.handleInput(initA.get(0), 0, initA.get(0).length, 0);
        a.handleInput(initB.get(0), 0, initB.get(0).length, 0);
        assertEquals(SctpAssociation.State.COOKIE_WAIT, a.state());
        pump(a, b, 0);
        assertTrue(a.isEstablished());
        assertTrue(b.isEstablished());
        assertEquals(a.localTag(), b.peerTag());
        assertEquals(b.localTag(), a.peerTag());
        assertEquals(List.of(new SctpEvent.Connected()), events(a));
        assertEquals(List.of(new SctpEvent.Connected()), events(b));
        a.send(1, 53, new byte[] {42}, 0, 1, false, -1, -1, 0);
        pump(a, b, 0);
        SctpEvent.Message m = (SctpEvent.Message) events(b).get(0);
        assertEquals(1, m.stream());
        assertArrayEquals(new byte[] {42}, m.data());
    }

    @Test
    void passiveSideAnswersStatelesslyUntilCookieEcho() {
        SctpAssociation a = assoc(3);
        SctpAssociation b = assoc(4);
        a.connect(0);
        byte[] init = drain(a, 0).get(0);
        b.handleInput(init, 0, init.length, 0);
        assertEquals(SctpAssociation.State.CLOSED, b.state(), "INIT-ACK keeps no state (cookie)");
        byte[] initAck = drain(b, 0).get(0);
        assertEquals(List.of(Chunk.INIT_ACK), Packets.chunkTypes(initAck));
        a.handleInput(initAck, 0, initAck.length, 0);
        assertEquals(SctpAssociation.State.COOKIE_ECHOED, a.state());
        byte[] echo = drain(a, 0).get(0);
        // A tampered cookie is dropped and counted.
        byte[] bad = echo.clone();
        bad[Packets.find(bad, Chunk.COOKIE_ECHO) + 10] ^= 1;
        new dev.robusta.sctp.wire.SctpPacket().seal(bad, 0, bad.length);
        b.handleInput(bad, 0, bad.length, 0);
        assertEquals(1, b.badCookies());
        assertEquals(SctpAssociation.State.CLOSED, b.state());
        assertTrue(drain(b, 0).isEmpty());
        b.handleInput(echo, 0, echo.length, 0);
        assertTrue(b.isEstablished());
        pump(a, b, 0);
        assertTrue(a.isEstablished());
    }

    /**
     * The peer's INIT came before our own connect (a driver that hands over a packet before it starts us), and
     * the peer, like aiortc's client side, ignores INITs: its COOKIE ECHO carries the cookie we issued while
     * CLOSED. That answer carried the tag our own INIT then used, so the cookie is case B of RFC 9260 5.2.4.
     */
    @Test
    void cookieIssuedWhileClosedEstablishesAfterOurOwnInit() {
        SctpAssociation a = assoc(13);
        SctpAssociation b = assoc(14);
        b.connect(0);
        byte[] init = drain(b, 0).get(0);
        a.handleInput(init, 0, init.length, 0);
        byte[] initAck = drain(a, 0).get(0);
        a.connect(0);
        assertEquals(SctpAssociation.State.COOKIE_WAIT, a.state());
        byte[] ourInit = drain(a, 0).get(0);
        assertEquals(List.of(Chunk.INIT), Packets.chunkTypes(ourInit), "our INIT (the peer ignores it)");
        assertEquals(Bytes.i32(initAck, 16), Bytes.i32(ourInit, 16), "one tag for our answer and our INIT");
        assertEquals(Bytes.i32(initAck, 28), Bytes.i32(ourInit, 28), "one initial TSN for both");
        b.handleInput(initAck, 0, initAck.length, 0);
        byte[] echo = drain(b, 0).get(0);
        a.handleInput(echo, 0, echo.length, 0);
        assertTrue(a.isEstablished(), "established from the cookie: " + a.debugState());
        pump(a, b, 0);
        assertTrue(b.isEstablished());
        a.send(0, 51, new byte[] {1, 2, 3}, 0, 3, false, -1, -1, 0);
        pump(a, b, 0);
        assertTrue(events(b).stream().anyMatch(e -> e instanceof SctpEvent.Message), "data flows");
    }

    @Test
    void staleCookieIsAnsweredWithStaleCookieError() {
        SctpAssociation a = assoc(5);
        SctpAssociation b = assoc(6);
        a.connect(0);
        byte[] init = drain(a, 0).get(0);
        b.handleInput(init, 0, init.length, 0);
        byte[] initAck = drain(b, 0).get(0);
        a.handleInput(initAck, 0, initAck.length, 0);
        byte[] echo = drain(a, 0).get(0);
        long late = 61_000 * MS;
        b.handleInput(echo, 0, echo.length, late);
        assertFalse(b.isEstablished());
        byte[] error = drain(b, late).get(0);
        int at = Packets.find(error, Chunk.ERROR);
        assertTrue(at > 0);
        assertEquals(ErrorCause.STALE_COOKIE, Bytes.u16(error, at + 4));
        // The initiator starts over with a new INIT (RFC 9260 5.2.6) and gets through.
        a.handleInput(error, 0, error.length, late);
        assertEquals(SctpAssociation.State.COOKIE_WAIT, a.state());
        pump(a, b, late);
        assertTrue(a.isEstablished() && b.isEstablished());
    }

    /**
     * RFC 9260 5.2.2 and 5.2.4 case A: a peer that lost its association and starts a new one gets an INIT ACK
     * with a new tag and our current tags as tie-tags; its COOKIE ECHO then reads as a restart, which ends ours
     * (WebRTC has nothing to carry over).
     */
    @Test
    void peerRestartEndsTheAssociation() {
        SctpAssociation[] pair = established(40);
        SctpAssociation a = pair[0];
        int tagBefore = a.localTag();

        SctpAssociation restarted = assoc(42);
        restarted.connect(0);
        byte[] init = drain(restarted, 0).get(0);
        a.handleInput(init, 0, init.length, 0);
        byte[] initAck = drain(a, 0).get(0);
        assertEquals(List.of(Chunk.INIT_ACK), Packets.chunkTypes(initAck));
        assertNotEquals(tagBefore, Bytes.i32(initAck, 16), "5.2.2: a new tag in the INIT ACK");
        assertEquals(tagBefore, a.localTag(), "and no change to the association before the COOKIE ECHO");

        restarted.handleInput(initAck, 0, initAck.length, 0);
        byte[] echo = drain(restarted, 0).get(0);
        a.handleInput(echo, 0, echo.length, 0);
        assertTrue(a.isEnded(), "case A: " + a.debugState());
        SctpEvent.Closed closed = (SctpEvent.Closed) events(a).get(0);
        assertTrue(closed.reason().contains("restarted"), closed.reason());
    }

    @Test
    void handshakeSurvivesHeavyLoss() {
        for (long seed = 0; seed < 20; seed++) {
            SctpAssociation a = assoc(seed * 2 + 100);
            SctpAssociation b = assoc(seed * 2 + 101);
            SimNetwork net = new SimNetwork(new AssociationEndpoint(a), new AssociationEndpoint(b),
                    LinkConditions.of(0.3, 0.1, 20, 20), LinkConditions.of(0.3, 0.1, 20, 20), seed);
            a.connect(net.now());
            b.connect(net.now());
            long seedUsed = seed;
            assertTrue(net.runUntil(() -> a.isEstablished() && b.isEstablished(), 600_000 * MS), () -> "seed " + seedUsed + " A " + a.debugState() + " ended " + a.isEnded() + " B " + b.debugState() + " ended " + b.isEnded() + " " + events(a) + events(b));
        }
    }

    @Test
    void initRetransmissionsRunOutAndFail() {
        SctpAssociation a = assoc(SctpConfig.defaults().withRetransmissionLimits(10, 3), 7);
        a.connect(0);
        long now = 0;
        int inits = 0;
        while (!a.isEnded() && now < 3_600_000 * MS) {
            inits += drain(a, now).size();
            now = a.nextDeadline();
            a.handleTimeout(now);
        }
        assertTrue(a.isEnded());
        assertEquals(4, inits, "the INIT and three retransmissions");
        SctpEvent.Closed closed = (SctpEvent.Closed) events(a).get(0);
        assertTrue(closed.error());
    }

    @Test
    void deadPathFailsTheAssociationAfterMaxRetransmissions() {
        SctpAssociation a = assoc(SctpConfig.defaults().withRetransmissionLimits(4, 8), 8);
        SctpAssociation b = assoc(9);
        SimNetwork net = new SimNetwork(new AssociationEndpoint(a), new AssociationEndpoint(b),
                LinkConditions.of(0, 0, 10, 0), LinkConditions.of(0, 0, 10, 0), 1);
        a.connect(net.now());
        b.connect(net.now());
        assertTrue(net.runUntil(() -> a.isEstablished() && b.isEstablished(), 10_000 * MS));
        net.setBlackhole(true);
        a.send(0, 53, new byte[100], 0, 100, false, -1, -1, net.now());
        long start = net.now();
        assertTrue(net.runUntil(a::isEnded, 3_600_000 * MS));
        // RTO 1 s doubling: 1+2+4+8+16 s before the fifth expiry ends it.
        assertTrue(net.now() - start >= 15_000 * MS, "took " + (net.now() - start) / MS + " ms");
        SctpEvent last = null;
        for (SctpEvent e : events(a)) {
            last = e;
        }
        assertTrue(last instanceof SctpEvent.Closed c && c.error() && c.reason().contains("retransmissions"));
    }

    @Test
    void heartbeatsMeasureRttOnAnIdleAssociation() {
        SctpConfig config = SctpConfig.defaults().withHeartbeatInterval(1000);
        SctpAssociation a = assoc(config, 10);
        SctpAssociation b = assoc(config, 11);
        SimNetwork net = new SimNetwork(new AssociationEndpoint(a), new AssociationEndpoint(b),
                LinkConditions.of(0, 0, 100, 0), LinkConditions.of(0, 0, 100, 0), 2);
        a.connect(net.now());
        b.connect(net.now());
        assertTrue(net.runUntil(() -> a.isEstablished() && b.isEstablished(), 10_000 * MS));
        long rtoBefore = a.rtoNanos();
        net.runFor(20_000 * MS);
        assertTrue(a.isEstablished());
        assertNotEquals(rtoBefore, a.rtoNanos(), "heartbeat acks produced RTT samples");
        assertTrue(a.rtoNanos() >= 400 * MS);
        // With heartbeats unanswered, the association fails.
        net.setBlackhole(true);
        assertTrue(net.runUntil(a::isEnded, 3_600_000 * MS));
    }

    @Test
    void gracefulShutdownDeliversQueuedDataFirst() {
        SctpAssociation[] ab = established(12);
        SctpAssociation a = ab[0];
        SctpAssociation b = ab[1];
        byte[] big = new byte[100_000];
        new Random(1).nextBytes(big);
        a.send(3, 53, big, 0, big.length, false, -1, -1, 0);
        a.shutdown(0);
        assertEquals(SctpAssociation.State.SHUTDOWN_PENDING, a.state());
        assertThrows(IllegalStateException.class, () -> a.send(3, 53, new byte[1], 0, 1, false, -1, -1, 0));
        SimNetwork net = new SimNetwork(new AssociationEndpoint(a), new AssociationEndpoint(b),
                LinkConditions.of(0.1, 0, 10, 5), LinkConditions.of(0.1, 0, 10, 5), 3);
        assertTrue(net.runUntil(() -> a.isEnded() && b.isEnded(), 600_000 * MS));
        List<SctpEvent> eb = events(b);
        assertArrayEquals(big, ((SctpEvent.Message) eb.get(0)).data());
        assertEquals(new SctpEvent.Closed("shutdown complete", false), eb.get(eb.size() - 1));
        List<SctpEvent> ea = events(a);
        assertEquals(new SctpEvent.Closed("shutdown complete", false), ea.get(ea.size() - 1));
    }

    @Test
    void abortEndsBothSides() {
        SctpAssociation[] ab = established(13);
        ab[0].abort("bye");
        pump(ab[0], ab[1], 0);
        assertTrue(ab[0].isEnded() && ab[1].isEnded());
        SctpEvent.Closed c = (SctpEvent.Closed) events(ab[1]).get(0);
        assertTrue(c.error());
        assertTrue(c.reason().contains("User-Initiated Abort: bye"), c.reason());
    }

    @Test
    void abortWithForeignTagIsIgnored() {
        SctpAssociation[] ab = established(14);
        SctpAssociation b = ab[1];
        byte[] abort = Packets.packet(b.localTag() + 1, Packets.chunk(Chunk.ABORT, 0, new byte[0]));
        b.handleInput(abort, 0, abort.length, 0);
        assertTrue(b.isEstablished());
        // T bit set: the tag must be the peer's own.
        byte[] reflected = Packets.packet(b.peerTag(), Packets.chunk(Chunk.ABORT, 1, new byte[0]));
        b.handleInput(reflected, 0, reflected.length, 0);
        assertTrue(b.isEnded());
    }
}
