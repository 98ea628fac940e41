package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.util.Arrays;

/**
 * Transport-wide congestion-control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1):
 * transport-layer feedback, FMT 15. It reports, for {@code statusCount} transport-wide sequence numbers from
 * {@code baseSequence}, whether each packet arrived and its arrival time as a delta from the previous one.
 * Packet chunks and deltas are kept as sent, so a parsed packet writes back byte for byte; {@link #build} encodes
 * arrivals into chunks. The deltas end anywhere; the packet is brought to a 32-bit boundary either with zero
 * octets (the draft's section 3.1) or, as libwebrtc and pion do, with RTCP padding (P bit), kept in
 * {@code padding}.
 *
 * @param senderSsrc     the receiver sending the feedback
 * @param mediaSsrc      a media source (informative)
 * @param baseSequence   transport-wide sequence number of the first packet reported
 * @param statusCount    packets reported
 * @param referenceTime  signed 24-bit time of the first delta, in multiples of 64 ms
 * @param feedbackCount  8-bit count of feedback packets sent, for detecting lost feedback
 * @param chunks         16-bit packet chunks (run-length or status vector)
 * @param deltas         receive deltas in 250 microsecond ticks, one per received packet
 * @param padding        RTCP padding (P bit) that ends the packet on a 32-bit boundary, or {@link Padding#NONE}
 *                       for zero octets
 */
public record TransportCcFeedback(long senderSsrc, long mediaSsrc, int baseSequence, int statusCount,
        int referenceTime, int feedbackCount, int[] chunks, int[] deltas, Padding padding) implements RtcpPacket {
    public static final int FMT = 15;
    /** Status symbols (section 3.1.1). */
    public static final int NOT_RECEIVED = 0;
    public static final int SMALL_DELTA = 1;
    public static final int LARGE_DELTA = 2;
    /** Microseconds per delta tick and per reference-time unit. */
    public static final int DELTA_TICK_US = 250;
    public static final int REFERENCE_TICK_US = 64_000;

    public TransportCcFeedback {
        Rtcp.checkU32(senderSsrc, "sender ssrc");
        Rtcp.checkU32(mediaSsrc, "media ssrc");
        if ((baseSequence & ~0xFFFF) != 0 || (statusCount & ~0xFFFF) != 0 || (feedbackCount & ~0xFF) != 0) {
            throw new IllegalArgumentException("field out of range");
        }
        if (referenceTime < -0x80_0000 || referenceTime > 0x7F_FFFF) {
            throw new IllegalArgumentException("reference time outside 24 signed bits: " + referenceTime);
        }
        chunks = chunks.clone();
        deltas = deltas.clone();
        int[] statuses = expand(chunks, statusCount);
        if (statuses == null) {
            throw new IllegalArgumentException("chunks do not cover " + statusCount + " packets");
        }
        int received = 0;
        for (int i = 0; i < statusCount; i++) {
            int s = statuses[i];
            if (s == 3) {
                throw new IllegalArgumentException("reserved status symbol");
            }
            if (s != NOT_RECEIVED) {
                if (received >= deltas.length) {
                    throw new IllegalArgumentException("fewer deltas than received packets");
                }
                int d = deltas[received++];
                boolean fits = s == SMALL_DELTA ? d >= 0 && d <= 255 : d >= Short.MIN_VALUE && d <= Short.MAX_VALUE;
                if (!fits) {
                    throw new IllegalArgumentException("delta " + d + " does not fit status " + s);
                }
            }
        }
        if (received != deltas.length) {
            throw new IllegalArgumentException("more deltas than received packets");
        }
        padding = padding == null ? Padding.NONE : padding;
        if (padding.isPresent()) { // else zero fill reaches the boundary
            padding.checkAligned(20 + 2 * chunks.length + deltaBytes(statuses, statusCount), "transport-cc feedback");
        }
    }

    public TransportCcFeedback(long senderSsrc, long mediaSsrc, int baseSequence, int statusCount,
            int referenceTime, int feedbackCount, int[] chunks, int[] deltas) {
        this(senderSsrc, mediaSsrc, baseSequence, statusCount, referenceTime, feedbackCount, chunks, deltas,
                Padding.NONE);
    }

    /**
     * This packet ended with RTCP padding instead of zero octets: {@link Padding#zeros} of the length that
     * reaches the next 32-bit boundary (4 if it is already on one), as libwebrtc writes it.
     */
    public TransportCcFeedback withPadding() {
        int raw = unpaddedLength();
        return withPadding(Padding.zeros(4 - (raw & 3)));
    }

    /** This packet with {@code padding} after it; the padded length must be a multiple of 4. */
    public TransportCcFeedback withPadding(Padding padding) {
        return new TransportCcFeedback(senderSsrc, mediaSsrc, baseSequence, statusCount, referenceTime,
                feedbackCount, chunks, deltas, padding);
    }

    /** Expands chunks to one status per packet, or null if they cover fewer than {@code count} packets. */
    private static int[] expand(int[] chunks, int count) {
        int[] out = new int[count];
        int n = 0;
        for (int c : chunks) {
            if (n >= count) {
                break;
            }
            if ((c & 0x8000) == 0) { // run length chunk
                int symbol = (c >>> 13) & 3;
                int run = Math.min(c & 0x1FFF, count - n);
                Arrays.fill(out, n, n + run, symbol);
                n += run;
            } else if ((c & 0x4000) == 0) { // 14 one-bit symbols
                for (int i = 13; i >= 0 && n < count; i--) {
                    out[n++] = (c >>> i) & 1;
                }
            } else { // 7 two-bit symbols
                for (int i = 6; i >= 0 && n < count; i--) {
                    out[n++] = (c >>> (2 * i)) & 3;
                }
            }
        }
        return n < count ? null : out;
    }

    /** One status symbol per reported packet. */
    public int[] statuses() {
        return expand(chunks, statusCount);
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }

    @Override
    public int[] deltas() {
        return deltas.clone();
    }

    /**
     * Arrival times in microseconds on the feedback sender's clock (reference time plus accumulated deltas), one
     * per reported packet, -1 for packets not received.
     */
    public long[] arrivalTimesMicros() {
        int[] statuses = statuses();
        long[] out = new long[statusCount];
        long t = (long) referenceTime * REFERENCE_TICK_US;
        int k = 0;
        for (int i = 0; i < statusCount; i++) {
            if (statuses[i] == NOT_RECEIVED) {
                out[i] = -1;
            } else {
                t += (long) deltas[k++] * DELTA_TICK_US;
                out[i] = t;
            }
        }
        return out;
    }

    /**
     * Encodes arrivals: {@code arrivalMicros[i]} is the arrival time of packet {@code baseSequence + i}, or -1 if
     * it was lost. The first arrival sets the reference time (rounded down to 64 ms); arrival times must not go
     * backwards by more than a large delta can say (8.192 s).
     *
     * @throws IllegalArgumentException if a delta does not fit 16 signed bits of 250 microseconds
     */
    public static TransportCcFeedback build(long senderSsrc, long mediaSsrc, int baseSequence, int feedbackCount,
            long[] arrivalMicros) {
        int count = arrivalMicros.length;
        if (count == 0 || count > 0xFFFF) {
            throw new IllegalArgumentException("1-65535 packets per feedback: " + count);
        }
        long first = -1;
        for (long t : arrivalMicros) {
            if (t >= 0) {
                first = t;
                break;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException("at least one packet must have arrived");
        }
        int reference = (int) Math.floorDiv(first, REFERENCE_TICK_US) & 0xFF_FFFF;
        if ((reference & 0x80_0000) != 0) {
            reference |= 0xFF00_0000;
        }
        long previousTicks = (long) reference * (REFERENCE_TICK_US / DELTA_TICK_US);
        int[] symbols = new int[count];
        int[] deltas = new int[count];
        int received = 0;
        for (int i = 0; i < count; i++) {
            if (arrivalMicros[i] < 0) {
                symbols[i] = NOT_RECEIVED;
                continue;
            }
            long ticks = Math.floorDiv(arrivalMicros[i], DELTA_TICK_US);
            long d = ticks - previousTicks;
            if (d < Short.MIN_VALUE || d > Short.MAX_VALUE) {
                throw new IllegalArgumentException("arrival delta of " + d * DELTA_TICK_US + " us does not fit");
            }
            symbols[i] = d >= 0 && d <= 255 ? SMALL_DELTA : LARGE_DELTA;
            deltas[received++] = (int) d;
            previousTicks = ticks;
        }
        return new TransportCcFeedback(senderSsrc, mediaSsrc, baseSequence & 0xFFFF, count, reference,
                feedbackCount & 0xFF, encodeChunks(symbols), Arrays.copyOf(deltas, received));
    }

    // Greedy: a run-length chunk for runs of 7 or more, else a 14-symbol one-bit vector if the next 14 symbols
    // are all 0/1, else a 7-symbol two-bit vector. Vectors past the end are padded with "not received".
    private static int[] encodeChunks(int[] s) {
        int[] chunks = new int[s.length];
        int n = 0;
        int i = 0;
        while (i < s.length) {
            int run = 1;
            while (i + run < s.length && s[i + run] == s[i] && run < 0x1FFF) {
                run++;
            }
            if (run >= 7 || i + run == s.length) {
                chunks[n++] = (s[i] << 13) | run;
                i += run;
                continue;
            }
            boolean oneBit = true;
            for (int j = i; j < Math.min(i + 14, s.length); j++) {
                oneBit &= s[j] <= 1;
            }
            if (oneBit) {
                int c = 0x8000;
                for (int j = 0; j < 14; j++) {
                    c |= (i + j < s.length ? s[i + j] : 0) << (13 - j);
                }
                chunks[n++] = c;
                i += 14;
            } else {
                int c = 0xC000;
                for (int j = 0; j < 7; j++) {
                    c |= (i + j < s.length ? s[i + j] : 0) << (2 * (6 - j));
                }
                chunks[n++] = c;
                i += 7;
            }
        }
        return Arrays.copyOf(chunks, n);
    }

    static TransportCcFeedback parse(byte[] b, int p, int len, Padding padding) throws MalformedPacketException {
        Rtcp.need(len, 16, "transport-cc feedback");
        int end = p + len;
        int base = Rtcp.u16(b, p + 8);
        int count = Rtcp.u16(b, p + 10);
        int reference = Rtcp.u24(b, p + 12);
        if ((reference & 0x80_0000) != 0) {
            reference |= 0xFF00_0000;
        }
        int fbCount = b[p + 15] & 0xFF;
        int q = p + 16;
        // First pass: chunks until they cover the status count, counting the delta bytes they announce.
        int covered = 0;
        int chunkCount = 0;
        int deltaBytes = 0;
        int deltaCount = 0;
        while (covered < count) {
            if (q + 2 > end) {
                throw new MalformedPacketException("transport-cc chunks cover " + covered + " of " + count);
            }
            int c = Rtcp.u16(b, q);
            q += 2;
            chunkCount++;
            if ((c & 0x8000) == 0) {
                int symbol = (c >>> 13) & 3;
                int run = Math.min(c & 0x1FFF, count - covered);
                if (symbol == 3 && run > 0) {
                    throw new MalformedPacketException("transport-cc reserved status symbol");
                }
                if (symbol != NOT_RECEIVED) {
                    deltaCount += run;
                    deltaBytes += run * symbol;
                }
                covered += run;
            } else {
                boolean twoBit = (c & 0x4000) != 0;
                int symbols = twoBit ? 7 : 14;
                for (int i = symbols - 1; i >= 0 && covered < count; i--) {
                    int symbol = twoBit ? (c >>> (2 * i)) & 3 : (c >>> i) & 1;
                    if (symbol == 3) {
                        throw new MalformedPacketException("transport-cc reserved status symbol");
                    }
                    if (symbol != NOT_RECEIVED) {
                        deltaCount++;
                        deltaBytes += symbol;
                    }
                    covered++;
                }
            }
        }
        if (q + deltaBytes > end) {
            throw new MalformedPacketException("transport-cc deltas overrun packet");
        }
        int[] chunks = new int[chunkCount];
        for (int i = 0; i < chunkCount; i++) {
            chunks[i] = Rtcp.u16(b, p + 16 + 2 * i);
        }
        int[] statuses = expand(chunks, count);
        int[] deltas = new int[deltaCount];
        int k = 0;
        for (int i = 0; i < count; i++) {
            if (statuses[i] == SMALL_DELTA) {
                deltas[k++] = b[q++] & 0xFF;
            } else if (statuses[i] == LARGE_DELTA) {
                deltas[k++] = (short) Rtcp.u16(b, q);
                q += 2;
            }
        }
        // What remains is zero fill to the 32-bit boundary, or nothing when RTCP padding does that job; anything
        // else is not this format (and would not write back as it came).
        if (end - q > 3) {
            throw new MalformedPacketException("transport-cc has " + (end - q) + " bytes after its deltas");
        }
        if (padding.isPresent() && end != q) {
            throw new MalformedPacketException("transport-cc has both zero fill and RTCP padding");
        }
        for (; q < end; q++) {
            if (b[q] != 0) {
                throw new MalformedPacketException("transport-cc fill octet not zero");
            }
        }
        return new TransportCcFeedback(Rtcp.u32(b, p), Rtcp.u32(b, p + 4), base, count, reference, fbCount, chunks,
                deltas, padding);
    }

    private static int deltaBytes(int[] statuses, int statusCount) {
        int n = 0;
        for (int i = 0; i < statusCount; i++) {
            n += statuses[i] == SMALL_DELTA ? 1 : statuses[i] == LARGE_DELTA ? 2 : 0;
        }
        return n;
    }

    /** Header, chunks and deltas, without fill or padding. */
    private int unpaddedLength() {
        return 20 + 2 * chunks.length + deltaBytes(statuses(), statusCount);
    }

    @Override
    public int packetType() {
        return RTPFB;
    }

    @Override
    public int encodedLength() {
        int raw = unpaddedLength();
        return padding.isPresent() ? raw + padding.length() : (raw + 3) & ~3;
    }

    /** Writes the packet; up to the 32-bit boundary come zero octets (section 3.1) or the padding. */
    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, FMT, RTPFB, n);
        Rtcp.put32(b, off + 4, senderSsrc);
        Rtcp.put32(b, off + 8, mediaSsrc);
        Rtcp.put16(b, off + 12, baseSequence);
        Rtcp.put16(b, off + 14, statusCount);
        Rtcp.put24(b, off + 16, referenceTime & 0xFF_FFFF);
        b[off + 19] = (byte) feedbackCount;
        int q = off + 20;
        for (int c : chunks) {
            Rtcp.put16(b, q, c);
            q += 2;
        }
        int[] statuses = statuses();
        int k = 0;
        for (int i = 0; i < statusCount; i++) {
            if (statuses[i] == SMALL_DELTA) {
                b[q++] = (byte) deltas[k++];
            } else if (statuses[i] == LARGE_DELTA) {
                Rtcp.put16(b, q, deltas[k++]);
                q += 2;
            }
        }
        if (padding.isPresent()) {
            padding.write(b, off, q);
            return n;
        }
        while (q < off + n) {
            b[q++] = 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportCcFeedback t && t.senderSsrc == senderSsrc && t.mediaSsrc == mediaSsrc
                && t.baseSequence == baseSequence && t.statusCount == statusCount
                && t.referenceTime == referenceTime && t.feedbackCount == feedbackCount
                && Arrays.equals(t.chunks, chunks) && Arrays.equals(t.deltas, deltas) && t.padding.equals(padding);
    }

    @Override
    public int hashCode() {
        return baseSequence * 31 + statusCount + Arrays.hashCode(deltas);
    }

    @Override
    public String toString() {
        return "TWCC[base=" + baseSequence + " count=" + statusCount + " ref=" + referenceTime + " fb="
                + feedbackCount + "]";
    }
}
