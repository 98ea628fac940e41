package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.util.List;

/**
 * Full intra request (RFC 5104 section 4.3.1): payload-specific feedback, FMT 4. The media SSRC field is 0; each
 * entry names a source and a command sequence number, which the receiver of the FIR uses to ignore repeats.
 */
public record FullIntraRequest(long senderSsrc, long mediaSsrc, List<Entry> entries, Padding padding)
        implements RtcpPacket {
    public static final int FMT = 4;

    /** One FCI entry: the source asked for a decoder refresh point, and the command's sequence number (0-255). */
    public record Entry(long ssrc, int sequenceNumber) {
        public Entry {
            Rtcp.checkU32(ssrc, "ssrc");
            if (sequenceNumber < 0 || sequenceNumber > 255) {
                throw new IllegalArgumentException("FIR sequence number must be 0-255: " + sequenceNumber);
            }
        }
    }

    public FullIntraRequest {
        Rtcp.checkU32(senderSsrc, "sender ssrc");
        Rtcp.checkU32(mediaSsrc, "media ssrc");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a FIR needs at least one entry");
        }
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "FIR");
    }

    public FullIntraRequest(long senderSsrc, long mediaSsrc, List<Entry> entries) {
        this(senderSsrc, mediaSsrc, entries, Padding.NONE);
    }

    /** This packet with {@code padding} (P bit) after it. */
    public FullIntraRequest withPadding(Padding padding) {
        return new FullIntraRequest(senderSsrc, mediaSsrc, entries, padding);
    }

    public static FullIntraRequest of(long senderSsrc, long mediaSsrc, int sequenceNumber) {
        return new FullIntraRequest(senderSsrc, 0, List.of(new Entry(mediaSsrc, sequenceNumber)));
    }

    static FullIntraRequest parse(byte[] b, int p, int len, Padding padding) throws MalformedPacketException {
        Rtcp.need(len, 16, "FIR");
        if ((len - 8) % 8 != 0) {
            throw new MalformedPacketException("FIR FCI not a multiple of 8 bytes");
        }
        Entry[] entries = new Entry[(len - 8) / 8];
        for (int i = 0; i < entries.length; i++) {
            int q = p + 8 + 8 * i;
            entries[i] = new Entry(Rtcp.u32(b, q), b[q + 4] & 0xFF);
        }
        return new FullIntraRequest(Rtcp.u32(b, p), Rtcp.u32(b, p + 4), List.of(entries), padding);
    }

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public int encodedLength() {
        return 12 + 8 * entries.size() + padding.length();
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, FMT, PSFB, n);
        Rtcp.put32(b, off + 4, senderSsrc);
        Rtcp.put32(b, off + 8, mediaSsrc);
        int p = off + 12;
        for (Entry e : entries) {
            Rtcp.put32(b, p, e.ssrc);
            Rtcp.put32(b, p + 4, (long) e.sequenceNumber << 24);
            p += 8;
        }
        padding.write(b, off, p);
        return n;
    }
}
