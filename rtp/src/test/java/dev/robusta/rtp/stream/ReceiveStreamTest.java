package dev.robusta.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.rtp.rtcp.ReportBlock;
import dev.robusta.rtp.rtcp.SenderReport;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceiveStreamTest {
    private static final long MS = 1_000_000L;

    @Test
    void extendedSequenceNumbersAcrossWrapAndReordering() {
        ReceiveStream s = new ReceiveStream(7, 90_000);
        assertEquals(65533, s.onPacket(0, 65533, 0, 100, 12, false));
        assertEquals(65535, s.onPacket(MS, 65535, 0, 100, 12, false));
        assertEquals(65536 + 1, s.onPacket(2 * MS, 1, 0, 100, 12, false));
        assertEquals(65534, s.onPacket(3 * MS, 65534, 0, 100, 12, false), "late packet from before the wrap");
        assertEquals(65536, s.onPacket(4 * MS, 0, 0, 100, 12, false));
        assertEquals(65537, s.extendedHighestSequence());
        assertEquals(5, s.expected());
        assertEquals(0, s.cumulativeLost());
        // A second wrap.
        long ext = 0;
        for (int i = 1; i <= 65536 + 10; i++) {
            ext = s.onPacket(5 * MS + i, (1 + i) & 0xFFFF, 0, 1, 12, false);
        }
        assertEquals(2 * 65536 + 11, ext);
        assertEquals(0, s.cumulativeLost());
    }

    @Test
    void lossFractionPerIntervalAndDuplicates() {
        ReceiveStream s = new ReceiveStream(7, 8000);
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 10 != 3) { // lose 10 of 100
                s.onPacket(seq * 20 * MS, seq, seq * 160L, 160, 12, false);
            }
        }
        ReportBlock b = s.reportBlock(2000 * MS);
        assertEquals(10, b.cumulativeLost());
        assertEquals(10 * 256 / 100, b.fractionLost());
        assertEquals(99, b.extendedHighestSequence());
        // Next interval: 50 packets, 5 duplicates, nothing lost: fraction 0, cumulative back to 5.
        for (int seq = 100; seq < 150; seq++) {
            s.onPacket(seq * 20 * MS, seq, seq * 160L, 160, 12, false);
            if (seq % 10 == 0) {
                s.onPacket(seq * 20 * MS + 1, seq, seq * 160L, 160, 12, false);
            }
        }
        b = s.reportBlock(3000 * MS);
        assertEquals(0, b.fractionLost());
        assertEquals(5, b.cumulativeLost());
        InboundRtpStats st = s.stats();
        assertEquals(145, st.packetsReceived(), "90, then 50 and 5 duplicates");
        assertEquals(5, st.packetsLost());
        assertEquals(145 * 160, st.bytesReceived());
        assertEquals(145 * 12, st.headerBytesReceived());
    }

    @Test
    void sourceRestartIsAcceptedAfterTwoSequentialPackets() {
        ReceiveStream s = new ReceiveStream(7, 90_000);
        for (int seq = 100; seq < 110; seq++) {
            s.onPacket(seq, seq, 0, 10, 12, false);
        }
        assertEquals(-1, s.onPacket(200, 30_000, 0, 10, 12, false), "a far jump alone is discarded");
        assertEquals(30_001, s.onPacket(201, 30_001, 0, 10, 12, false));
        assertEquals(30_002, s.onPacket(202, 30_002, 0, 10, 12, false));
        assertEquals(2, s.expected(), "statistics restart with the new sequence");
        assertEquals(1, s.stats().packetsDiscarded());
    }

    @Test
    void jitterFollowsRfc3550AppendixA8() {
        ReceiveStream s = new ReceiveStream(9, 90_000);
        Random r = new Random(11);
        double reference = 0;
        double lastTransit = 0;
        for (int i = 0; i < 3000; i++) {
            long ts = i * 3000L; // 30 fps
            long arrival = i * 33_333_333L + (long) (r.nextDouble() * 20 * MS); // up to 20 ms of network jitter
            s.onPacket(arrival, i, ts, 1000, 12, false);
            double transit = arrival * 90_000 / 1e9 - ts;
            if (i > 0) {
                reference += (Math.abs(transit - lastTransit) - reference) / 16;
            }
            lastTransit = transit;
        }
        // Uniform 0-20 ms delays: mean |D| is 20/3 ms = 600 timestamp units.
        assertEquals(reference, s.jitter(), 2.0);
        assertTrue(s.jitter() > 450 && s.jitter() < 750, "jitter " + s.jitter());
        assertEquals(s.jitter() / 90_000.0, s.stats().jitter(), 1e-9);
    }

    @Test
    void retransmissionsAreCountedButNotInJitter() {
        ReceiveStream s = new ReceiveStream(9, 90_000);
        for (int i = 0; i < 100; i++) {
            s.onPacket(i * 10 * MS, i, i * 900L, 500, 12, false);
        }
        assertEquals(0, s.jitter());
        s.onPacket(5_000 * MS, 100, 100 * 900L, 500, 12, true); // very late, but a retransmission
        assertEquals(0, s.jitter());
        assertEquals(1, s.stats().retransmittedPacketsReceived());
        assertEquals(500, s.stats().retransmittedBytesReceived());
    }

    @Test
    void lsrAndDlsrFromTheLastSenderReport() {
        ReceiveStream s = new ReceiveStream(5, 48_000);
        s.onPacket(0, 1, 0, 10, 12, false);
        long ntp = 0xeeae6c7a6917e77dL;
        s.onSenderReport(100 * MS, new SenderReport(5, ntp, 0, 1, 10, List.of()));
        ReportBlock b = s.reportBlock(350 * MS);
        assertEquals(0x6c7a6917L, b.lastSr());
        assertEquals(Math.round(0.25 * 65536), b.delaySinceLastSr(), 1.0);
    }
}
