package dev.robusta.rtp.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.packet.RtpPacketWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtxAndNackTest {
    private static final long MS = 1_000_000L;

    @Test
    void rtxWrapsAndUnwrapsExactly() throws MalformedPacketException {
        byte[] buf = new byte[200];
        RtpPacketWriter w = new RtpPacketWriter().start(buf, 0, buf.length).payloadType(96).sequenceNumber(0xBEEF)
                .timestamp(123456).ssrc(0x1111).marker(true).addCsrc(9).addExtensionValue(3, 2, 0x0102);
        int at = w.writeHeader();
        for (int i = 0; i < 50; i++) {
            buf[at + i] = (byte) i;
        }
        int n = w.finish(50, 0);
        RtpPacket original = new RtpPacket().wrap(buf, 0, n);
        byte[] rtx = new byte[200];
        int rn = Rtx.wrap(original, 0x2222, 97, 7, rtx, 0);
        RtpPacket r = new RtpPacket().wrap(rtx, 0, rn);
        assertEquals(0x2222, r.ssrc());
        assertEquals(97, r.payloadType());
        assertEquals(7, r.sequenceNumber());
        assertEquals(123456, r.timestamp());
        assertEquals(true, r.marker());
        assertEquals(0xBE, rtx[r.payloadOffset()] & 0xFF, "OSN first (RFC 4588 section 4)");
        assertEquals(52, r.payloadLength());
        byte[] back = new byte[200];
        int bn = Rtx.unwrap(r, 0x1111, 96, back, 0);
        assertArrayEquals(Arrays.copyOf(buf, n), Arrays.copyOf(back, bn));
    }

    @Test
    void nackRetriesOnRttAndGivesUp() {
        NackGenerator g = new NackGenerator(64, 3, 1_000 * MS, 10 * MS, 1.5, 5 * MS);
        int[] out = new int[16];
        g.onPacket(0, 100);
        g.onPacket(MS, 103); // 101, 102 missing
        assertEquals(0, g.poll(2 * MS, 100 * MS, out), "reordering wait");
        assertEquals(2, g.poll(6 * MS, 100 * MS, out));
        assertArrayEquals(new int[] {101, 102}, Arrays.copyOf(out, 2));
        assertEquals(0, g.poll(100 * MS, 100 * MS, out), "not before 1.5 RTT");
        g.onPacket(120 * MS, 101);
        assertEquals(1, g.poll(160 * MS, 100 * MS, out));
        assertEquals(102, out[0]);
        assertEquals(1, g.poll(320 * MS, 100 * MS, out));
        assertEquals(0, g.poll(480 * MS, 100 * MS, out), "third retry was the last");
        assertEquals(0, g.missingCount());
        assertEquals(1, g.gaveUp());
        // Wrap: extended sequence numbers continue past 65535; NACK carries 16 bits.
        NackGenerator w = new NackGenerator(64, 3, 1_000 * MS, 10 * MS, 1.5, 0);
        w.onPacket(0, 65534);
        w.onPacket(0, 65537);
        assertEquals(2, w.poll(MS, 100 * MS, out));
        assertArrayEquals(new int[] {65535, 0}, Arrays.copyOf(out, 2));
    }

    @Test
    void historyServesEachPacketOncePerInterval() {
        PacketHistory h = new PacketHistory(16, 100, 1_000 * MS);
        h.store(0, 65535, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(3, h.take(10 * MS, 65535, 50 * MS));
        assertEquals(-1, h.take(20 * MS, 65535, 50 * MS));
        assertEquals(3, h.take(70 * MS, 65535, 50 * MS));
        assertEquals(-1, h.take(2_000 * MS, 65535, 50 * MS), "too old");
        assertEquals(-1, h.take(10 * MS, 15, 50 * MS), "never stored (same slot)");
    }
}
