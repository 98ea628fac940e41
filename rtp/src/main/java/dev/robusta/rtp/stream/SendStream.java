package dev.robusta.rtp.stream;

import dev.robusta.rtp.rtcp.ReportBlock;
import dev.robusta.rtp.rtcp.SenderReport;
import java.util.List;

/**
 * What a sender knows about one of its own sources: packet and octet counts for sender reports, the RTP
 * timestamp to put in them, and the remote receiver's view from report blocks, with the round-trip time from
 * LSR/DLSR (RFC 3550 section 6.4.1). Sans-IO; not thread-safe.
 */
public final class SendStream {
    private static final int SR_HISTORY = 8;

    private final long ssrc;
    private final int clockRate;
    private long packetsSent;
    private long bytesSent;
    private long headerBytesSent;
    private long retransmittedPackets;
    private long retransmittedBytes;
    // RFC 3550 6.3.8 / 6.4: a sender is one that sent RTP since the second-to-last report
    private boolean sentSinceLastReport;
    private boolean sentInPreviousInterval;
    private long lastRtpTimestamp;
    private long lastSendNanos;
    private boolean sending;

    // compact NTP of our recent SRs and when we sent them, to match LSR echoes
    private final long[] srCompact = new long[SR_HISTORY];
    private final long[] srSentNanos = new long[SR_HISTORY];
    private int srNext;

    private long nackCount;
    private long pliCount;
    private long firCount;
    private long remoteLost;
    private double remoteFractionLost;
    private long remoteJitter;
    private double roundTripTime = Double.NaN;
    private double totalRoundTripTime;
    private long rttMeasurements;
    private long reportsReceived;
    private long lastRttNanos = -1;

    public SendStream(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
        java.util.Arrays.fill(srCompact, -1);
    }

    public long ssrc() {
        return ssrc;
    }

    /**
     * Accounts for one packet sent.
     *
     * @param retransmission true for an RTX copy (W3C counts it in packetsSent too, and in retransmitted*)
     */
    public void onPacketSent(long nowNanos, long rtpTimestamp, int payloadBytes, int headerBytes,
            boolean retransmission) {
        packetsSent++;
        bytesSent += payloadBytes;
        headerBytesSent += headerBytes;
        sentSinceLastReport = true;
        if (retransmission) {
            retransmittedPackets++;
            retransmittedBytes += payloadBytes;
        } else {
            lastRtpTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
            lastSendNanos = nowNanos;
            sending = true;
        }
    }

    /** True if it sent RTP since the last report was made. */
    public boolean sentSinceLastReport() {
        return sentSinceLastReport;
    }

    /**
     * True if it sent RTP since the report before the last one (RFC 3550 6.3.8 we_sent, and 6.4: such a source
     * sends an SR). A source that stops sending is demoted to a receiver after two report intervals.
     */
    public boolean isSender() {
        return sentSinceLastReport || sentInPreviousInterval;
    }

    public boolean hasSent() {
        return sending;
    }

    /**
     * A sender report for {@code nowNanos}, whose wallclock is {@code ntpTimestamp}: the RTP timestamp is the last
     * one sent advanced by the time since at the stream's clock rate.
     */
    public SenderReport senderReport(long nowNanos, long ntpTimestamp, List<ReportBlock> blocks) {
        long elapsed = Math.max(0, nowNanos - lastSendNanos);
        long rtp = (lastRtpTimestamp + elapsed / 1000 * clockRate / 1_000_000) & 0xFFFF_FFFFL;
        srCompact[srNext] = NtpTime.compact(ntpTimestamp);
        srSentNanos[srNext] = nowNanos;
        srNext = (srNext + 1) % SR_HISTORY;
        reportIntervalPassed();
        return new SenderReport(ssrc, ntpTimestamp, rtp, packetsSent & 0xFFFF_FFFFL, bytesSent & 0xFFFF_FFFFL,
                blocks);
    }

    /** Marks a reporting interval passed (a report was made). */
    public void reportIntervalPassed() {
        sentInPreviousInterval = sentSinceLastReport;
        sentSinceLastReport = false;
    }

    /** Takes the remote receiver's report block about this stream (from its SR or RR). */
    public void onReportBlock(long nowNanos, ReportBlock block) {
        reportsReceived++;
        remoteLost = block.cumulativeLost();
        remoteFractionLost = block.fractionLost() / 256.0;
        remoteJitter = block.jitter();
        if (block.lastSr() == 0) {
            return; // no SR of ours received yet
        }
        for (int i = 0; i < SR_HISTORY; i++) {
            if (srCompact[i] == block.lastSr()) {
                long rtt = nowNanos - srSentNanos[i] - NtpTime.fromCompactDuration(block.delaySinceLastSr());
                if (rtt >= 0) {
                    lastRttNanos = rtt;
                    roundTripTime = rtt / 1e9;
                    totalRoundTripTime += roundTripTime;
                    rttMeasurements++;
                }
                return;
            }
        }
    }

    /** The last RTT measured from a report block, in nanoseconds, or -1. */
    public long roundTripTimeNanos() {
        return lastRttNanos;
    }

    public void countNackReceived() {
        nackCount++;
    }

    public void countPliReceived() {
        pliCount++;
    }

    public void countFirReceived() {
        firCount++;
    }

    public OutboundRtpStats stats() {
        return new OutboundRtpStats(ssrc, packetsSent, bytesSent, headerBytesSent, retransmittedPackets,
                retransmittedBytes, nackCount, firCount, pliCount);
    }

    public RemoteInboundRtpStats remoteStats() {
        return new RemoteInboundRtpStats(ssrc, remoteLost, remoteFractionLost, (double) remoteJitter / clockRate,
                roundTripTime, totalRoundTripTime, rttMeasurements, reportsReceived);
    }
}
