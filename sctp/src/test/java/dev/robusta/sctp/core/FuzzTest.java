package dev.robusta.sctp.core;

import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.DataChannel;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelListener;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.SctpTransport;
import dev.robusta.sctp.SctpTransportListener;
import dev.robusta.sctp.sim.LinkConditions;
import dev.robusta.sctp.sim.SimNetwork;
import dev.robusta.sctp.sim.TransportEndpoint;
import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.Chunk;
import dev.robusta.sctp.wire.DcepMessage;
import dev.robusta.sctp.wire.SctpPacket;
import dev.robusta.sctp.wire.SctpParseException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation of real packets (a corpus recorded from a lossy session with every chunk type this stack
 * uses), fed to live associations: no exception escapes ({@link SctpAssociation#internalErrors()} stays 0),
 * internal bookkeeping stays consistent, and a reliable transfer running meanwhile completes intact.
 */
class FuzzTest {
    private static final int LIVE_PACKETS = 1_000_000;
    private static final int SACRIFICIAL_PACKETS = 200_000;
    private static final SctpParseException NONE = null;

    private final SctpPacket crc = new SctpPacket();

    /** Two transports with channels, and every packet they exchanged. */
    private static final class Session {
        final TransportEndpoint a;
        final TransportEndpoint b;
        final SimNetwork net;
        final List<byte[]> corpus = new ArrayList<>();
        final List<DataChannel> atB = new ArrayList<>();
        final List<DataChannel> atA = new ArrayList<>();

        Session(long seed, LinkConditions link) {
            SctpConfig config = SctpConfig.defaults().withHeartbeatInterval(300);
            a = new TransportEndpoint(config, true, seed);
            b = new TransportEndpoint(config, false, seed + 1);
            net = new SimNetwork(a, b, link, link, seed);
            net.setTap((from, packet, now) -> {
                if (corpus.size() < 4000) {
                    corpus.add(packet.clone());
                }
            });
            a.transport().setListener(new SctpTransportListener() {
                @Override
                public void onDataChannel(DataChannel channel) {
                    atA.add(channel);
                }
            });
            b.transport().setListener(new SctpTransportListener() {
                @Override
                public void onDataChannel(DataChannel channel) {
                    atB.add(channel);
                }
            });
            a.transport().start(net.now());
            b.transport().start(net.now());
            assertTrue(net.runUntil(() -> a.transport().isConnected() && b.transport().isConnected(),
                    60_000_000_000L));
        }

        /** Exercises every chunk type: fragmented and small DATA both ways, PR-SCTP, a close and a reopen. */
        void exercise() {
            DataChannel rel = a.transport().createDataChannel("rel", DataChannelInit.defaults());
            DataChannel pr = a.transport().createDataChannel("pr",
                    DataChannelInit.defaults().withOrdered(false).withMaxRetransmits(0));
            DataChannel back = b.transport().createDataChannel("back", DataChannelInit.defaults());
            assertTrue(net.runUntil(() -> atB.size() == 2 && atA.size() == 1, 60_000_000_000L));
            Random r = new Random(5);
            for (int i = 0; i < 60; i++) {
                rel.send(new byte[r.nextInt(5000) + 1]);
                pr.send(new byte[r.nextInt(3000) + 1]);
                back.send("text " + i);
                net.runFor(5_000_000L);
            }
            pr.close();
            assertTrue(net.runUntil(() -> pr.readyState() == dev.robusta.sctp.DataChannelState.CLOSED,
                    120_000_000_000L));
            net.runFor(2_000_000_000L);
        }
    }

    @Test
    void mutatedPacketsNeverBreakALiveTransfer() throws Exception {
        Session s = new Session(11, LinkConditions.of(0.05, 0.02, 10, 5));
        s.exercise();
        List<byte[]> corpus = new ArrayList<>(s.corpus);
        assertTrue(corpus.size() > 200, "corpus of " + corpus.size());
        assertCorpusCoversChunkTypes(corpus);

        // The live transfer: A sends a reliable ordered stream to B while both receive mutated packets.
        s.net.setConditions(LinkConditions.of(0.01, 0.01, 5, 3), LinkConditions.of(0.01, 0.01, 5, 3));
        DataChannel tx = s.a.transport().createDataChannel("live", DataChannelInit.defaults());
        assertTrue(s.net.runUntil(() -> s.atB.stream().anyMatch(c -> c.label().equals("live")), 60_000_000_000L));
        DataChannel rx = s.atB.stream().filter(c -> c.label().equals("live")).findFirst().orElseThrow();
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        long[] counts = {0, 0};
        rx.setListener(new DataChannelListener() {
            @Override
            public void onMessage(DataChannel channel, DataChannelMessage message) {
                got.update(message.bytes());
                counts[1]++;
            }
        });
        Random payloads = new Random(3);
        Random rnd = new Random(2024);
        SctpAssociation[] targets = {s.a.transport().association(), s.b.transport().association()};
        long injected = 0;
        long filtered = 0;
        while (injected < LIVE_PACKETS) {
            int to = rnd.nextInt(2);
            byte[] p = mutate(corpus.get(rnd.nextInt(corpus.size())), corpus, rnd, targets[to].localTag());
            if (authenticAction(targets[to], p)) {
                filtered++;
                continue;
            }
            s.net.inject(to, p);
            injected++;
            if (injected % 250 == 0) {
                if (tx.bufferedAmount() < 100_000 && counts[0] < 4000) {
                    byte[] m = new byte[payloads.nextInt(3000) + 1];
                    payloads.nextBytes(m);
                    sent.update(m);
                    tx.send(m);
                    counts[0]++;
                }
                s.net.runFor(1_000_000L);
            }
            if (injected % 100_000 == 0) {
                for (SctpAssociation t : targets) {
                    assertNull(t.checkInvariants(), "after " + injected + " packets");
                    assertEquals(0, t.internalErrors(), "no exception escaped the handlers");
                    assertTrue(t.isEstablished(), "still established after " + injected);
                }
            }
        }
        assertTrue(s.net.runUntil(() -> counts[1] == counts[0], 600_000_000_000L),
                "transfer completes: " + counts[1] + " of " + counts[0]);
        assertArrayEquals(sent.digest(), got.digest(), "content intact and in order");
        for (SctpAssociation t : targets) {
            assertTrue(t.isEstablished());
            assertNull(t.checkInvariants());
            assertEquals(0, t.internalErrors());
        }
        System.out.printf("fuzz: %d mutated packets injected into live associations (%d authentic-looking "
                + "actions filtered out), %d messages transferred meanwhile; dropped by B: %d%n", injected, filtered,
                counts[0], targets[1].packetsDropped());
    }

    /**
     * Unfiltered: anything goes, including ABORT and in-window DATA, against associations that are replaced
     * whenever one ends. Only "no exception, consistent state" is asserted.
     */
    @Test
    void unfilteredMutationsOnlyEndAssociationsCleanly() {
        Random rnd = new Random(77);
        Session s = new Session(21, LinkConditions.of(0.05, 0.02, 10, 5));
        s.exercise();
        List<byte[]> corpus = new ArrayList<>(s.corpus);
        int sessions = 1;
        for (int i = 0; i < SACRIFICIAL_PACKETS; i++) {
            SctpAssociation target = s.b.transport().association();
            byte[] p = mutate(corpus.get(rnd.nextInt(corpus.size())), corpus, rnd, target.localTag());
            s.net.inject(1, p);
            if (i % 500 == 0) {
                s.net.runFor(2_000_000L);
            }
            if (i % 1000 == 0) {
                assertEquals(0, target.internalErrors());
                assertNull(target.checkInvariants());
            }
            if (target.isEnded() || s.a.transport().association().isEnded()) {
                assertEquals(0, target.internalErrors());
                s = new Session(21 + sessions, LinkConditions.perfect());
                sessions++;
            }
        }
        assertEquals(0, s.b.transport().association().internalErrors());
        System.out.printf("fuzz: %d unfiltered mutated packets, %d associations used%n", SACRIFICIAL_PACKETS,
                sessions);
    }

    @Test
    void dcepParserRejectsMutationsWithItsOwnException() {
        Random rnd = new Random(9);
        byte[] open = new DcepMessage(0x81, 256, 3, "label", "proto").encodeOpen();
        int parsed = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] m = Arrays.copyOf(open, rnd.nextInt(open.length + 8));
            for (int k = rnd.nextInt(4); k >= 0 && m.length > 0; k--) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            try {
                DcepMessage.parseOpen(m, 0, m.length);
                parsed++;
            } catch (SctpParseException expected) {
                // the only failure allowed
            }
        }
        assertTrue(parsed > 0);
    }

    private static void assertCorpusCoversChunkTypes(List<byte[]> corpus) {
        boolean[] seen = new boolean[256];
        for (byte[] p : corpus) {
            for (int t : Packets.chunkTypes(p)) {
                seen[t] = true;
            }
        }
        for (int t : new int[] {Chunk.DATA, Chunk.INIT, Chunk.INIT_ACK, Chunk.SACK, Chunk.HEARTBEAT,
                Chunk.HEARTBEAT_ACK, Chunk.COOKIE_ECHO, Chunk.COOKIE_ACK, Chunk.FORWARD_TSN, Chunk.RE_CONFIG}) {
            assertTrue(seen[t], "corpus has " + Chunk.name(t));
        }
    }

    /** A mutated copy of {@code base}, usually with the target's tag and a valid checksum. */
    private byte[] mutate(byte[] base, List<byte[]> corpus, Random rnd, int tag) {
        byte[] p = base.clone();
        switch (rnd.nextInt(9)) {
            case 0: // bit flips
                for (int k = rnd.nextInt(4); k >= 0; k--) {
                    int i = 12 + rnd.nextInt(Math.max(1, p.length - 12));
                    if (i < p.length) {
                        p[i] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                break;
            case 1: // random bytes
                for (int k = rnd.nextInt(4); k >= 0; k--) {
                    int i = 12 + rnd.nextInt(Math.max(1, p.length - 12));
                    if (i < p.length) {
                        p[i] = (byte) rnd.nextInt(256);
                    }
                }
                break;
            case 2: // truncation
                p = Arrays.copyOf(p, 12 + rnd.nextInt(Math.max(1, p.length - 11)));
                break;
            case 3: { // a chunk length field
                int at = randomChunk(p, rnd);
                if (at >= 0) {
                    int len = Bytes.u16(p, at + 2);
                    int v = switch (rnd.nextInt(4)) {
                        case 0 -> rnd.nextInt(8);
                        case 1 -> len + rnd.nextInt(9) - 4;
                        case 2 -> rnd.nextInt(65536);
                        default -> p.length - at + rnd.nextInt(3) - 1;
                    };
                    Bytes.put16(p, at + 2, v & 0xFFFF);
                }
                break;
            }
            case 4: { // a chunk type (including unknown ones with every high-bit action)
                int at = randomChunk(p, rnd);
                if (at >= 0) {
                    p[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : new int[] {0, 1, 2, 3, 4, 5, 9, 10, 11,
                        64, 130, 132, 192, 194, 0x3F, 0x7F, 0xBF, 0xFF}[rnd.nextInt(18)]);
                }
                break;
            }
            case 5: { // splice chunks from another packet
                byte[] other = corpus.get(rnd.nextInt(corpus.size()));
                int from = 12 + rnd.nextInt(Math.max(1, other.length - 12));
                int n = Math.min(other.length - from, rnd.nextInt(200));
                byte[] q = Arrays.copyOf(p, p.length + Math.max(0, n));
                System.arraycopy(other, from, q, p.length, Math.max(0, n));
                p = q;
                break;
            }
            case 6: { // a garbage chunk appended
                int n = rnd.nextInt(64);
                byte[] q = Arrays.copyOf(p, p.length + 4 + n);
                q[p.length] = (byte) rnd.nextInt(256);
                q[p.length + 1] = (byte) rnd.nextInt(256);
                Bytes.put16(q, p.length + 2, rnd.nextInt(8) == 0 ? rnd.nextInt(65536) : 4 + n);
                for (int i = p.length + 4; i < q.length; i++) {
                    q[i] = (byte) rnd.nextInt(256);
                }
                p = q;
                break;
            }
            case 7: { // a field inside a parameter or header of the first chunk
                int at = 12;
                if (p.length > at + 8) {
                    int i = at + 4 + rnd.nextInt(Math.min(24, p.length - at - 4));
                    p[i] = (byte) rnd.nextInt(256);
                }
                break;
            }
            default: // unchanged replay (old TSNs, old cookies, old requests)
                break;
        }
        if (p.length >= 12) {
            int r = rnd.nextInt(20);
            if (r < 17) {
                Bytes.put32(p, 4, tag);
            } else if (r == 17) {
                Bytes.put32(p, 4, rnd.nextInt());
            }
            if (rnd.nextInt(20) != 0) {
                crc.seal(p, 0, p.length);
            }
        }
        return p;
    }

    private static int randomChunk(byte[] p, Random rnd) {
        List<Integer> offsets = new ArrayList<>();
        int off = 12;
        while (off + 4 <= p.length) {
            offsets.add(off);
            int len = Bytes.u16(p, off + 2);
            if (len < 4) {
                break;
            }
            off += Bytes.padded(len);
        }
        return offsets.isEmpty() ? -1 : offsets.get(rnd.nextInt(offsets.size()));
    }

    /**
     * Whether a packet would be accepted as a genuine protocol action that legitimately changes the association
     * (what only an attacker inside DTLS could send): new DATA, an acknowledgement of data in flight, a
     * FORWARD-TSN ahead, a stream reset request in sequence, ABORT or SHUTDOWN. Those are kept out of the live
     * test, whose transfer must stay intact; the unfiltered test sends them too.
     */
    private boolean authenticAction(SctpAssociation t, byte[] p) {
        if (p.length < 16 || !crc.verify(p, 0, p.length)) {
            return false;
        }
        int vtag = Bytes.i32(p, 4);
        int off = 12;
        while (off + 4 <= p.length) {
            int type = p[off] & 0xFF;
            int len = Bytes.u16(p, off + 2);
            if (len < 4 || len > p.length - off) {
                return false; // the packet is dropped whole
            }
            boolean tagOk = vtag == t.localTag() || vtag == t.peerTag();
            switch (type) {
                case Chunk.ABORT, Chunk.SHUTDOWN, Chunk.SHUTDOWN_ACK, Chunk.SHUTDOWN_COMPLETE:
                    if (tagOk) {
                        return true;
                    }
                    break;
                case Chunk.DATA:
                    if (len <= 16) {
                        return tagOk;
                    }
                    int d = Bytes.i32(p, off + 4) - t.peerCumulativeTsn();
                    if (tagOk && d > 0 && d < Receiver.WINDOW_TSNS) {
                        return true;
                    }
                    break;
                case Chunk.SACK:
                    if (len >= 8) {
                        int cum = Bytes.i32(p, off + 4);
                        if (tagOk && cum - t.ourCumulativeAck() > 0 && cum - (t.ourNextTsn() - 1) <= 0) {
                            return true;
                        }
                    }
                    break;
                case Chunk.FORWARD_TSN:
                    if (len >= 8) {
                        int f = Bytes.i32(p, off + 4) - t.peerCumulativeTsn();
                        if (tagOk && f > 0 && f < Receiver.WINDOW_TSNS) {
                            return true;
                        }
                    }
                    break;
                case Chunk.RE_CONFIG:
                    for (int q = off + 4; q + 8 <= off + len; ) {
                        int plen = Bytes.u16(p, q + 2);
                        if (tagOk && Bytes.i32(p, q + 4) - t.peerNextRequestSeq() >= -1) {
                            return true;
                        }
                        if (plen < 4) {
                            break;
                        }
                        q += Bytes.padded(plen);
                    }
                    break;
                default:
                    break;
            }
            if (type > 14 && type != Chunk.FORWARD_TSN && type != Chunk.RE_CONFIG && type != Chunk.PAD
                    && (type & 0x80) == 0) {
                return false; // an unknown type with 00/01 stops processing here
            }
            off += Bytes.padded(len);
        }
        return false;
    }
}
