package dev.robusta.rtp.rtcp;

import dev.robusta.rtp.MalformedPacketException;
import java.util.Arrays;
import java.util.List;

/**
 * Receiver report (RFC 3550 section 6.4.2).
 *
 * @param ssrc             the reporter
 * @param reports          reception reports (at most 31)
 * @param profileExtension profile-specific extension bytes after the blocks (a multiple of 4, usually empty)
 * @param padding          padding after the packet (P bit), {@link Padding#NONE} usually
 */
public record ReceiverReport(long ssrc, List<ReportBlock> reports, byte[] profileExtension, Padding padding)
        implements RtcpPacket {

    public ReceiverReport {
        Rtcp.checkU32(ssrc, "ssrc");
        reports = List.copyOf(reports);
        if (reports.size() > 31) {
            throw new IllegalArgumentException("at most 31 report blocks: " + reports.size());
        }
        profileExtension = profileExtension == null ? new byte[0] : profileExtension.clone();
        if ((profileExtension.length & 3) != 0) {
            throw new IllegalArgumentException("profile extension must be a multiple of 4 bytes");
        }
        padding = padding == null ? Padding.NONE : padding;
        padding.checkAligned(0, "RR");
    }

    public ReceiverReport(long ssrc, List<ReportBlock> reports, byte[] profileExtension) {
        this(ssrc, reports, profileExtension, Padding.NONE);
    }

    public ReceiverReport(long ssrc, List<ReportBlock> reports) {
        this(ssrc, reports, null, Padding.NONE);
    }

    /** This report with {@code padding} after it. */
    public ReceiverReport withPadding(Padding padding) {
        return new ReceiverReport(ssrc, reports, profileExtension, padding);
    }

    @Override
    public byte[] profileExtension() {
        return profileExtension.clone();
    }

    static ReceiverReport parse(byte[] b, int p, int len, int count, Padding padding)
            throws MalformedPacketException {
        Rtcp.need(len, 4, "RR");
        List<ReportBlock> blocks = ReportBlock.readAll(b, p + 4, count, len - 4);
        int used = 4 + count * ReportBlock.BYTES;
        if (((len - used) & 3) != 0) {
            throw new MalformedPacketException("report extension not a multiple of 4 bytes");
        }
        return new ReceiverReport(Rtcp.u32(b, p), blocks, Arrays.copyOfRange(b, p + used, p + len), padding);
    }

    @Override
    public int packetType() {
        return RR;
    }

    @Override
    public int encodedLength() {
        return 8 + reports.size() * ReportBlock.BYTES + profileExtension.length + padding.length();
    }

    @Override
    public int writeTo(byte[] b, int off) {
        int n = encodedLength();
        Rtcp.header(b, off, reports.size(), RR, n);
        Rtcp.put32(b, off + 4, ssrc);
        int p = off + 8;
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
        return o instanceof ReceiverReport r && r.ssrc == ssrc && r.reports.equals(reports)
                && Arrays.equals(r.profileExtension, profileExtension) && r.padding.equals(padding);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ssrc) * 31 + reports.hashCode();
    }

    @Override
    public String toString() {
        return "RR[ssrc=" + ssrc + " reports=" + reports + "]";
    }
}
