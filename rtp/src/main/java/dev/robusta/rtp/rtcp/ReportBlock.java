package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;

/**
 * A reception report block (RFC 3550 section 6.4.1), 24 bytes.
 *
 * @param ssrc                 the source reported on
 * @param fractionLost         fraction lost since the last report, in 1/256 (0-255)
 * @param cumulativeLost       packets lost since reception began, a signed 24-bit value (duplicates make it
 *                             negative)
 * @param extendedHighestSequence highest sequence number received, with 16 bits of wrap count above it
 * @param jitter               interarrival jitter in RTP timestamp units
 * @param lastSr               middle 32 bits of the NTP timestamp of the last SR received from the source (LSR)
 * @param delaySinceLastSr     delay since that SR in 1/65536 s (DLSR)
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence, long jitter,
        long lastSr, long delaySinceLastSr) {
    public static final int BYTES = 24;

    public ReportBlock {
        Rtcp.checkU32(ssrc, "ssrc");
        Rtcp.checkU32(extendedHighestSequence, "extended highest sequence");
        Rtcp.checkU32(jitter, "jitter");
        Rtcp.checkU32(lastSr, "LSR");
        Rtcp.checkU32(delaySinceLastSr, "DLSR");
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fraction lost must be 0-255: " + fractionLost);
        }
        if (cumulativeLost < -0x80_0000 || cumulativeLost > 0x7F_FFFF) {
            throw new IllegalArgumentException("cumulative lost outside 24 signed bits: " + cumulativeLost);
        }
    }

    static ReportBlock read(byte[] b, int p) {
        int lost = Rtcp.u24(b, p + 5);
        if ((lost & 0x80_0000) != 0) {
            lost |= 0xFF00_0000; // sign-extend
        }
        return new ReportBlock(Rtcp.u32(b, p), b[p + 4] & 0xFF, lost, Rtcp.u32(b, p + 8), Rtcp.u32(b, p + 12),
                Rtcp.u32(b, p + 16), Rtcp.u32(b, p + 20));
    }

    static java.util.List<ReportBlock> readAll(byte[] b, int p, int count, int room) throws MalformedPacketException {
        Rtcp.need(room, count * BYTES, "report blocks");
        ReportBlock[] blocks = new ReportBlock[count];
        for (int i = 0; i < count; i++) {
            blocks[i] = read(b, p + i * BYTES);
        }
        return java.util.List.of(blocks);
    }

    void write(byte[] b, int p) {
        Rtcp.put32(b, p, ssrc);
        b[p + 4] = (byte) fractionLost;
        Rtcp.put24(b, p + 5, cumulativeLost & 0xFF_FFFF);
        Rtcp.put32(b, p + 8, extendedHighestSequence);
        Rtcp.put32(b, p + 12, jitter);
        Rtcp.put32(b, p + 16, lastSr);
        Rtcp.put32(b, p + 20, delaySinceLastSr);
    }
}
