package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.util.Arrays;

/**
 * Generic NACK (RFC 4585 section 6.2.1): transport-layer feedback, FMT 1. Each item is a packet id (PID) and a
 * bitmask of the 16 following lost packets (BLP).
 *
 * @param senderSsrc the reporting receiver
 * @param mediaSsrc  the source whose packets were lost
 * @param items      one int per FCI entry: PID in the high 16 bits, BLP in the low 16
 * @param padding    padding after the packet (P bit), {@link Padding#NONE} usually
 */
public record GenericNack(long senderSsrc, long mediaSsrc, int[] items, Padding padding) implements RtcpPacket {
    public static final int FMT = 1;

    public GenericNack {
        Rtcp.checkU32(senderSsrc, "sender ssrc");
        Rtcp.checkU32(mediaSsrc, "media ssrc");
        items = items.clone();
        if (items.length == 0) {
            throw new IllegalArgumentException("a NACK needs at least one item");
        }
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "NACK");
    }

    public GenericNack(long senderSsrc, long mediaSsrc, int[] items) {
        this(senderSsrc, mediaSsrc, items, Padding.NONE);
    }

    /** This packet with {@code padding} after it. */
    public GenericNack withPadding(Padding padding) {
        return new GenericNack(senderSsrc, mediaSsrc, items, padding);
    }

    /**
     * Builds the shortest NACK for {@code lost} (16-bit sequence numbers, in send order; each item covers a PID
     * and the 16 after it).
     */
    public static GenericNack of(long senderSsrc, long mediaSsrc, int[] lost, int count) {
        int[] items = new int[count];
        int n = 0;
        for (int i = 0; i < count; ) {
            int pid = lost[i] & 0xFFFF;
            int blp = 0;
            int j = i + 1;
            while (j < count) {
                int d = ((lost[j] & 0xFFFF) - pid) & 0xFFFF;
                if (d < 1 || d > 16) {
                    break;
                }
                blp |= 1 << (d - 1);
                j++;
            }
            items[n++] = (pid << 16) | blp;
            i = j;
        }
        return new GenericNack(senderSsrc, mediaSsrc, Arrays.copyOf(items, n));
    }

    @Override
    public int[] items() {
        return items.clone();
    }

    /** The sequence numbers this NACK reports lost, in item order. */
    public int[] lostSequenceNumbers() {
        int n = 0;
        for (int item : items) {
            n += 1 + Integer.bitCount(item & 0xFFFF);
        }
        int[] out = new int[n];
        int k = 0;
        for (int item : items) {
            int pid = item >>> 16;
            out[k++] = pid;
            for (int bit = 0; bit < 16; bit++) {
                if ((item & (1 << bit)) != 0) {
                    out[k++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return out;
    }

    static GenericNack parse(byte[] b, int p, int len, Padding padding) throws MalformedPacketException {
        Rtcp.need(len, 12, "NACK");
        if ((len & 3) != 0) {
            throw new MalformedPacketException("NACK FCI not a multiple of 4 bytes");
        }
        int[] items = new int[(len - 8) / 4];
        for (int i = 0; i < items.length; i++) {
            items[i] = (int) Rtcp.u32(b, p + 8 + 4 * i);
        }
        return new GenericNack(Rtcp.u32(b, p), Rtcp.u32(b, p + 4), items, padding);
    }

    @Override
    public int packetType() {
        return RTPFB;
    }

    @Override
    public int encodedLength() {
        return 12 + 4 * items.length + padding.length();
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, FMT, RTPFB, n);
        Rtcp.put32(b, off + 4, senderSsrc);
        Rtcp.put32(b, off + 8, mediaSsrc);
        for (int i = 0; i < items.length; i++) {
            Rtcp.put32(b, off + 12 + 4 * i, items[i] & 0xFFFF_FFFFL);
        }
        padding.write(b, off, off + 12 + 4 * items.length);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenericNack g && g.senderSsrc == senderSsrc && g.mediaSsrc == mediaSsrc
                && Arrays.equals(g.items, items) && g.padding.equals(padding);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(mediaSsrc) * 31 + Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return "NACK[" + senderSsrc + "->" + mediaSsrc + " lost=" + Arrays.toString(lostSequenceNumbers()) + "]";
    }
}
