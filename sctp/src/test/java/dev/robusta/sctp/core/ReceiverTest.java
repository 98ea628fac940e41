package dev.robusta.sctp.core;

import static org.junit.jupiter.api.Assertions.*;

import dev.robusta.sctp.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receiver alone: TSN map and SACK contents, reassembly, ordering, FORWARD-TSN, stream reset. */
class ReceiverTest {
    private record Delivered(int stream, int ppid, String text, boolean unordered) {}

    private final List<Delivered> delivered = new ArrayList<>();
    private final Receiver r = new Receiver((s, ppid, data, u) -> delivered.add(new Delivered(s, ppid,
            new String(data, java.nio.charset.StandardCharsets.ISO_8859_1), u)), 1 << 20, 1 << 20, 1 << 16, 1200);
    private static final int T0 = 1000;

    private int data(int flags, int tsn, int stream, int ssn, String payload) {
        byte[] c = Packets.data(flags, tsn, stream, ssn, 51, payload.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return r.onData(c, 0, Bytes.u16(c, 2));
    }

    /** SACK fields: cum, gaps as [start, end] offsets, duplicates. */
    private int[] sack() {
        byte[] b = new byte[1200];
        int n = r.writeSack(b, 0, 1200);
        int gaps = Bytes.u16(b, 12);
        int dups = Bytes.u16(b, 14);
        int[] out = new int[1 + 2 * gaps + dups];
        out[0] = Bytes.i32(b, 4) - T0;
        for (int i = 0; i < gaps; i++) {
            out[1 + 2 * i] = Bytes.u16(b, 16 + 4 * i);
            out[2 + 2 * i] = Bytes.u16(b, 18 + 4 * i);
        }
        for (int i = 0; i < dups; i++) {
            out[1 + 2 * gaps + i] = Bytes.i32(b, 16 + 4 * gaps + 4 * i) - T0;
        }
        assertEquals(16 + 4 * (gaps + dups), n);
        return out;
    }

    @Test
    void gapBlocksAndDuplicatesDescribeWhatArrived() {
        r.start(T0);
        data(3, T0, 0, 0, "a");
        data(3, T0 + 2, 0, 2, "c");
        data(3, T0 + 3, 0, 3, "d");
        data(3, T0 + 6, 0, 6, "g");
        data(3, T0 + 3, 0, 3, "d");
        data(3, T0, 0, 0, "a");
        // cum = T0; blocks 2-3 (T0+2..3) and 6-6; duplicates T0+3 and T0.
        assertArrayEquals(new int[] {0, 2, 3, 6, 6, 3, 0}, sack());
        assertEquals(List.of("a"), delivered.stream().map(Delivered::text).toList(), "ordered: waits for b");
        data(3, T0 + 1, 0, 1, "b");
        assertEquals(List.of("a", "b", "c", "d"), delivered.stream().map(Delivered::text).toList());
        assertArrayEquals(new int[] {3, 3, 3}, sack(), "cum 3, block 6-... relative: T0+6 is 3 above");
    }

    @Test
    void fragmentsReassembleInAnyOrderAndUnorderedGoesAtOnce() {
        r.start(T0);
        data(0x02, T0, 1, 0, "he");      // B
        data(0x01, T0 + 2, 1, 0, "lo");  // E
        data(0x07, T0 + 3, 2, 0, "u");   // unordered, whole
        assertEquals(List.of(new Delivered(2, 51, "u", true)), delivered);
        data(0x00, T0 + 1, 1, 0, "l");   // middle
        assertEquals(new Delivered(1, 51, "hello", false), delivered.get(1));
        assertEquals(0, r.bytesHeld());
    }

    @Test
    void forwardTsnSkipsLostDataAndOrderedDeliveryResumes() {
        r.start(T0);
        data(3, T0, 0, 0, "m0");
        // T0+1 (ssn 1) and T0+2 (first fragment of ssn 2) are abandoned by the sender; ssn 3 arrives.
        data(0x01, T0 + 3, 0, 2, "tail of 2");
        data(3, T0 + 4, 0, 3, "m3");
        assertEquals(1, delivered.size());
        r.onForwardTsn(T0 + 3, new int[] {0}, new int[] {2}, 1);
        assertEquals(List.of("m0", "m3"), delivered.stream().map(Delivered::text).toList());
        assertEquals(T0 + 4, r.cumulativeTsn(), "cum moves over the skipped and then the received TSN");
        assertEquals(0, r.bytesHeld(), "the orphan fragment was dropped");
        assertNull(r.checkInvariants());
    }

    @Test
    void resetStreamsRestartSsnAtZero() {
        r.start(T0);
        data(3, T0, 5, 0, "x");
        data(3, T0 + 1, 5, 1, "y");
        r.resetStreams(new int[] {5});
        data(3, T0 + 2, 5, 0, "after reset");
        assertEquals(List.of("x", "y", "after reset"), delivered.stream().map(Delivered::text).toList());
    }

    @Test
    void windowAndTooBig() {
        r.start(T0);
        assertEquals(Receiver.DROPPED, data(3, T0 + Receiver.WINDOW_TSNS, 0, 0, "far"));
        assertEquals(Receiver.DUPLICATE, data(3, T0 - 5, 0, 0, "old"));
        Receiver small = new Receiver((s, p, d, u) -> { }, 1 << 20, 1 << 20, 10, 1200);
        small.start(T0);
        byte[] c = Packets.data(3, T0, 0, 0, 51, new byte[11]);
        assertEquals(Receiver.TOO_BIG, small.onData(c, 0, Bytes.u16(c, 2)));
    }

    /**
     * The advertised window never exceeds its cap, however much buffer is free, yet the buffer behind it still
     * holds a fragmented message larger than the cap: held bytes are acknowledged, so they do not count as in
     * flight, and the window stays open while the message is reassembled.
     */
    @Test
    void advertisedWindowIsCappedButReassemblyUsesTheWholeBuffer() {
        int capacity = 64 * 1024;
        int cap = 8 * 1024;
        List<byte[]> got = new ArrayList<>();
        Receiver capped = new Receiver((s, p, d, u) -> got.add(d), capacity, cap, capacity, 1200);
        capped.start(T0);
        assertEquals(cap, capped.rwnd());
        int fragments = 20; // 20 x 1000 bytes: a 20,000-byte message, above the 8 KiB cap
        for (int i = 0; i < fragments; i++) {
            int flags = (i == 0 ? 2 : 0) | (i == fragments - 1 ? 1 : 0);
            byte[] c = Packets.data(flags, T0 + i, 0, 0, 51, new byte[1000]);
            assertEquals(Receiver.NEW, capped.onData(c, 0, Bytes.u16(c, 2)), "fragment " + i);
            long held = i == fragments - 1 ? 0 : 1000L * (i + 1);
            assertEquals(Math.min(cap, capacity - held), capped.rwnd(), "window after fragment " + i);
            byte[] b = new byte[1200];
            capped.writeSack(b, 0, 1200);
            assertEquals(Math.min(cap, capacity - held), Bytes.u32(b, 8), "a_rwnd in the SACK after fragment " + i);
        }
        assertEquals(1, got.size());
        assertEquals(fragments * 1000, got.get(0).length);
    }
}
