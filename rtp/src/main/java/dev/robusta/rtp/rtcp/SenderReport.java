package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.util.Arrays;
import java.util.List;

/**
 * Sender report (RFC 3550 section 6.4.1).
 *
 * @param ssrc             the sender
 * @param ntpTimestamp     wallclock time of the report, 64-bit NTP format (seconds since 1900 in the high half)
 * @param rtpTimestamp     the same instant in the RTP clock of the sender's stream
 * @param packetCount      packets sent since the stream began
 * @param octetCount       payload octets sent since the stream began
 * @param reports          reception reports (at most 31)
 * @param profileExtension profile-specific extension bytes after the blocks (a multiple of 4, usually empty)
 * @param padding          padding after the packet (P bit), {@link Padding#NONE} usually
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
        List<ReportBlock> reports, byte[] profileExtension, Padding padding) implements RtcpPacket {

    public SenderReport {
        Rtcp.checkU32(ssrc, "ssrc");
        Rtcp.checkU32(rtpTimestamp, "RTP timestamp");
        Rtcp.checkU32(packetCount, "packet count");
        Rtcp.checkU32(octetCount, "octet count");
        reports = List.copyOf(reports);
        if (reports.size() > 31) {
            throw new IllegalArgumentException("at most 31 report blocks: " + reports.size());
        }
        profileExtension = profileExtension == null ? new byte[0] : profileExtension.clone();
        if ((profileExtension.length & 3) != 0) {
            throw new IllegalArgumentException("profile extension must be a multiple of 4 bytes");
        }
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "SR");
    }

    public SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
            List<ReportBlock> reports, byte[] profileExtension) {
        this(ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, reports, profileExtension, Padding.NONE);
    }

    public SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
            List<ReportBlock> reports) {
        this(ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, reports, null, Padding.NONE);
    }

    /** This report with {@code padding} (e.g. {@link Padding#zeros}) after it. */
    public SenderReport withPadding(Padding padding) {
        return new SenderReport(ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, reports, profileExtension,
                padding);
    }

    /** The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR. */
    public long compactNtp() {
        return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }

    @Override
    public byte[] profileExtension() {
        return profileExtension.clone();
    }

    static SenderReport parse(byte[] b, int p, int len, int count, Padding padding) throws MalformedPacketException {
        Rtcp.need(len, 24, "SR sender info");
        List<ReportBlock> blocks = ReportBlock.readAll(b, p + 24, count, len - 24);
        int used = 24 + count * ReportBlock.BYTES;
        if (((len - used) & 3) != 0) {
            throw new MalformedPacketException("report extension not a multiple of 4 bytes");
        }
        return new SenderReport(Rtcp.u32(b, p), (Rtcp.u32(b, p + 4) << 32) | Rtcp.u32(b, p + 8), Rtcp.u32(b, p + 12),
                Rtcp.u32(b, p + 16), Rtcp.u32(b, p + 20), blocks, Arrays.copyOfRange(b, p + used, p + len), padding);
    }

    @Override
    public int packetType() {
        return SR;
    }

    @Override
    public int encodedLength() {
        return 4 + 24 + reports.size() * ReportBlock.BYTES + profileExtension.length + padding.length();
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, reports.size(), SR, n);
        Rtcp.put32(b, off + 4, ssrc);
        Rtcp.put32(b, off + 8, ntpTimestamp >>> 32);
        Rtcp.put32(b, off + 12, ntpTimestamp);
        Rtcp.put32(b, off + 16, rtpTimestamp);
        Rtcp.put32(b, off + 20, packetCount);
        Rtcp.put32(b, off + 24, octetCount);
        int p = off + 28;
        for (ReportBlock r : reports) {
            r.write(b, p);
            p += ReportBlock.BYTES;
        }
        System.arraycopy(profileExtension, 0, b, p, profileExtension.length);
        padding.write(b, off, p + profileExtension.length);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderReport s && s.ssrc == ssrc && s.ntpTimestamp == ntpTimestamp
                && s.rtpTimestamp == rtpTimestamp && s.packetCount == packetCount && s.octetCount == octetCount
                && s.reports.equals(reports) && Arrays.equals(s.profileExtension, profileExtension)
                && s.padding.equals(padding);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ssrc) * 31 + Long.hashCode(ntpTimestamp) + reports.hashCode();
    }

    @Override
    public String toString() {
        return "SR[ssrc=" + ssrc + " ntp=" + Long.toHexString(ntpTimestamp) + " rtp=" + rtpTimestamp + " packets="
                + packetCount + " octets=" + octetCount + " reports=" + reports + "]";
    }
}
