package dev.robusta.sctp.core;

import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.Chunk;
import dev.robusta.sctp.wire.SackChunk;
import dev.robusta.sctp.wire.SctpParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sender alone: SACK processing, fast retransmit and recovery, T3-rtx, PR-SCTP abandonment. */
class SenderTest {
    private static final int MTU = 1200;
    private static final int T0 = 5000;
    private final List<Long> rtts = new ArrayList<>();
    private final Sender s = new Sender((stream, ppid, n) -> { }, MTU);
    private final byte[] packet = new byte[MTU];

    /** Sends up to {@code n} one-chunk messages of 1000 bytes; returns the TSNs written. */
    private List<Integer> send(int n, int maxRetransmits) {
        for (int i = 0; i < n; i++) {
            s.enqueue(new OutgoingMessage(0, 53, new byte[1000], 0, 1000, false, maxRetransmits, Long.MAX_VALUE));
        }
        return flush(0);
    }

    private List<Integer> flush(long now) {
        List<Integer> tsns = new ArrayList<>();
        for (int guard = 0; guard < 100; guard++) {
            int end = s.writeData(packet, 12, MTU, now, true);
            if (end == 12) {
                break;
            }
            for (int p = 12; p < end; p += Bytes.padded(Bytes.u16(packet, p + 2))) {
                assertEquals(Chunk.DATA, packet[p] & 0xFF);
                tsns.add(Bytes.i32(packet, p + 4) - T0);
            }
        }
        return tsns;
    }

    private int sack(int cum, int... gaps) throws SctpParseException {
        byte[] b = new byte[16 + 2 * gaps.length];
        SackChunk.writeFixed(b, 0, T0 + cum, 1 << 20, gaps.length / 2, 0);
        for (int i = 0; i < gaps.length; i++) {
            Bytes.put16(b, 16 + 2 * i, gaps[i]);
        }
        SackChunk c = new SackChunk();
        c.parse(b, 0, b.length);
        return s.onSack(c, 1_000_000, rtts::add);
    }

    @Test
    void threeMissIndicationsTriggerOneFastRetransmitAndHalveTheWindow() throws Exception {
        s.start(T0, 1 << 20, 4 * MTU);
        // Rule B of 6.1: new data goes while less than cwnd (4,800) is outstanding: five 1000-byte chunks.
        assertEquals(List.of(0, 1, 2, 3, 4), send(10, -1));
        long cwndBefore = s.cwnd();
        // TSN 0 is lost: SACKs report 1, 1-2, 1-3 above cum -1.
        assertEquals(Sender.SACK_NO_PROGRESS, sack(-1, 2, 2));
        assertEquals(Sender.SACK_NO_PROGRESS, sack(-1, 2, 3));
        assertFalse(flush(0).contains(0), "no retransmission after two indications");
        sack(-1, 2, 4);
        assertEquals(Math.max(cwndBefore / 2, 4L * MTU), s.cwnd());
        List<Integer> next = flush(0);
        assertEquals(0, next.get(0), "TSN 0 goes first, even with the window full");
        assertNull(s.checkInvariants());
        assertEquals(1, s.retransmittedChunks);
        assertEquals(Sender.SACK_CUM_ADVANCED, sack(s.nextTsn() - T0 - 1));
        assertNull(s.checkInvariants());
        assertEquals(0, s.flightSize());
    }

    @Test
    void staleAndImpossibleSacksAreIgnored() throws Exception {
        s.start(T0, 1 << 20, 4 * MTU);
        send(4, -1);
        assertEquals(Sender.SACK_CUM_ADVANCED, sack(1));
        assertEquals(Sender.SACK_IGNORED, sack(0), "behind the cumulative ack");
        assertEquals(Sender.SACK_IGNORED, sack(10), "acknowledges what was never sent");
        assertNull(s.checkInvariants());
    }

    @Test
    void t3MarksEverythingAndCollapsesTheWindow() {
        s.start(T0, 1 << 20, 4 * MTU);
        send(4, -1);
        s.onT3Expired();
        assertEquals(MTU, s.cwnd());
        assertEquals(0, s.flightSize());
        assertEquals(List.of(0), flush(0), "one MTU: one chunk goes again");
        assertNull(s.checkInvariants());
    }

    @Test
    void partiallyReliableChunksAreAbandonedAndSkippedWithForwardTsn() throws Exception {
        s.start(T0, 1 << 20, 4 * MTU);
        send(2, 0); // maxRetransmits 0
        s.onT3Expired();
        s.abandonExpired(0);
        assertTrue(s.forwardTsnPending());
        assertEquals(2, s.abandonedMessages);
        byte[] b = new byte[64];
        int end = s.writeForwardTsn(b, 0, 64);
        assertEquals(Chunk.FORWARD_TSN, b[0] & 0xFF);
        assertEquals(T0 + 1, Bytes.i32(b, 4), "new cumulative TSN past both abandoned chunks");
        assertEquals(12, end, "one stream entry");
        assertEquals(1, Bytes.u16(b, 10), "ordered stream 0 skips through SSN 1");
        assertTrue(flush(0).isEmpty(), "nothing is retransmitted");
        assertEquals(Sender.SACK_CUM_ADVANCED, sack(1));
        assertFalse(s.hasOutstanding());
        assertNull(s.checkInvariants());
    }
}
