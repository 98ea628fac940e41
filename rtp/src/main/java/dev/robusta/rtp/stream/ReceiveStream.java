package dev.robusta.rtp.stream;

import dev.robusta.rtp.rtcp.ReportBlock;
import dev.robusta.rtp.rtcp.SenderReport;

/**
 * What a receiver knows about one remote source (RFC 3550 appendix A): the extended highest sequence number
 * across wrap-around (A.1), interarrival jitter (A.8), expected and lost packets (A.3) and the last sender report,
 * from which it makes report blocks. Sans-IO: arrival times come in as {@code nowNanos} from a monotonic clock.
 * Not thread-safe; one owner.
 */
public final class ReceiveStream {
    private static final int MAX_DROPOUT = 3000;
    // RFC 3550 A.1 suggests 100; retransmissions recovered by NACK arrive up to a second late, which at video
    // rates is several hundred packets, so the window for late packets is wider.
    private static final int MAX_MISORDER = 1000;
    private static final int SEQ_MOD = 1 << 16;

    private final long ssrc;
    private final int clockRate;

    // A.1 sequence state
    private boolean started;
    private int maxSeq;
    private long cycles;
    private long baseSeq;
    private int badSeq = -1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    // A.8 jitter, in timestamp units scaled by 16 as in the RFC's integer implementation
    private long jitterQ4;
    private long lastTransit;
    private boolean haveTransit;
    private long firstArrivalNanos;

    private long lastSrCompact;
    private long lastSrArrivalNanos;
    private boolean haveSr;

    private long bytesReceived;
    private long headerBytesReceived;
    private long retransmittedPackets;
    private long retransmittedBytes;
    private long discarded;
    private long lastArrivalNanos;
    private long nackCount;
    private long firCount;
    private long pliCount;
    private long packetsSentBySender = -1;
    private long octetsSentBySender = -1;
    private long lastSrNtp;
    private long senderReportsReceived;
    private double roundTripTime = Double.NaN;
    private double totalRoundTripTime;
    private long rttMeasurements;

    public ReceiveStream(long ssrc, int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    /**
     * Accounts for one received packet.
     *
     * @param seq           its 16-bit sequence number
     * @param rtpTimestamp  its RTP timestamp
     * @param payloadBytes  payload size (W3C bytesReceived)
     * @param headerBytes   header and padding size (W3C headerBytesReceived)
     * @param retransmitted true for a packet recovered by RTX: counted, but left out of the jitter estimate
     * @return its extended sequence number, or -1 if it was discarded (a far jump not yet confirmed, RFC 3550 A.1)
     */
    public long onPacket(long nowNanos, int seq, long rtpTimestamp, int payloadBytes, int headerBytes,
            boolean retransmitted) {
        seq &= 0xFFFF;
        long extended;
        if (!started) {
            started = true;
            initSequence(seq);
            received = 1;
            firstArrivalNanos = nowNanos;
            extended = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += SEQ_MOD; // wrapped
                }
                maxSeq = seq;
                extended = cycles + seq;
            } else if (delta <= SEQ_MOD - MAX_MISORDER) {
                // A big jump: believe it only if the next packet follows it (the sender restarted).
                if (seq == badSeq) {
                    initSequence(seq);
                    extended = cycles + seq;
                } else {
                    badSeq = (seq + 1) & 0xFFFF;
                    discarded++;
                    return -1;
                }
            } else {
                // Duplicate or reordered within the misorder window: below the max, possibly before a wrap.
                extended = cycles + seq;
                if (seq > maxSeq) {
                    extended -= SEQ_MOD;
                }
            }
            received++;
        }
        bytesReceived += payloadBytes;
        headerBytesReceived += headerBytes;
        lastArrivalNanos = nowNanos;
        if (retransmitted) {
            retransmittedPackets++;
            retransmittedBytes += payloadBytes;
        } else {
            updateJitter(nowNanos, rtpTimestamp);
        }
        return extended;
    }

    private void initSequence(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = -1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    private void updateJitter(long nowNanos, long rtpTimestamp) {
        // Arrival in timestamp units, relative to the first arrival (the offset cancels in the difference).
        long sinceFirst = nowNanos - firstArrivalNanos;
        long arrival = sinceFirst < Long.MAX_VALUE / clockRate ? sinceFirst * clockRate / 1_000_000_000L
                : sinceFirst / 1_000_000_000L * clockRate;
        long transit = arrival - (rtpTimestamp & 0xFFFF_FFFFL);
        if (haveTransit) {
            long d = (int) (transit - lastTransit); // timestamps wrap at 32 bits
            d = Math.abs(d);
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** Records an SR from this source (for LSR/DLSR and the remote-outbound counters). */
    public void onSenderReport(long nowNanos, SenderReport sr) {
        lastSrCompact = sr.compactNtp();
        lastSrArrivalNanos = nowNanos;
        haveSr = true;
        packetsSentBySender = sr.packetCount();
        octetsSentBySender = sr.octetCount();
        lastSrNtp = sr.ntpTimestamp();
        senderReportsReceived++;
    }

    /**
     * Records a round-trip time measured with this source's DLRR answer to one of our RRTRs (RFC 3611 4.4-4.5),
     * for remote-outbound-rtp.
     */
    public void onRoundTripTime(long rttNanos) {
        roundTripTime = rttNanos / 1e9;
        totalRoundTripTime += roundTripTime;
        rttMeasurements++;
    }

    /** When the last packet arrived ({@code nowNanos} clock), or Long.MIN_VALUE before the first. */
    long lastArrivalNanos() {
        return started ? lastArrivalNanos : Long.MIN_VALUE;
    }

    /** The last round-trip time to this source (RFC 3611 RRTR/DLRR), in nanoseconds, or -1 before one is known. */
    public long roundTripTimeNanos() {
        return Double.isNaN(roundTripTime) ? -1 : (long) (roundTripTime * 1e9);
    }

    public boolean hasReceived() {
        return started;
    }

    /** Extended highest sequence number received (cycles and sequence number). */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    public long expected() {
        return started ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    /** Cumulative packets lost: expected minus received; duplicates can make it negative (RFC 3550 A.3). */
    public long cumulativeLost() {
        return expected() - received;
    }

    /** Interarrival jitter in timestamp units. */
    public long jitter() {
        return jitterQ4 >> 4;
    }

    /**
     * A report block for this source, which closes the reporting interval (fraction lost is for the interval
     * since the previous block).
     */
    public ReportBlock reportBlock(long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(-0x80_0000, Math.min(0x7F_FFFF, cumulativeLost()));
        long dlsr = haveSr ? NtpTime.toCompactDuration(nowNanos - lastSrArrivalNanos) : 0;
        return new ReportBlock(ssrc, Math.min(fraction, 255), (int) lost, extendedHighestSequence() & 0xFFFF_FFFFL,
                Math.min(jitter(), 0xFFFF_FFFFL), haveSr ? lastSrCompact : 0, dlsr);
    }

    public void countNackSent() {
        nackCount++;
    }

    public void countPliSent() {
        pliCount++;
    }

    public void countFirSent() {
        firCount++;
    }

    public InboundRtpStats stats() {
        return new InboundRtpStats(ssrc, received, Math.max(0, cumulativeLost()), (double) jitter() / clockRate,
                bytesReceived, headerBytesReceived, lastArrivalNanos / 1e6, discarded, retransmittedPackets,
                retransmittedBytes, nackCount, firCount, pliCount);
    }

    /**
     * W3C remote-outbound-rtp: what this source said in its last sender report, or null before the first one.
     */
    public RemoteOutboundRtpStats remoteOutboundStats() {
        if (!haveSr) {
            return null;
        }
        return new RemoteOutboundRtpStats(ssrc, lastSrArrivalNanos / 1e6, packetsSentBySender, octetsSentBySender,
                NtpTime.toUnixMillis(lastSrNtp), senderReportsReceived, roundTripTime, totalRoundTripTime,
                rttMeasurements);
    }

    /** Packets the source said it sent in its last SR, or -1 (W3C remote-outbound-rtp packetsSent). */
    public long remotePacketsSent() {
        return packetsSentBySender;
    }

    /** Octets the source said it sent in its last SR, or -1 (W3C remote-outbound-rtp bytesSent). */
    public long remoteBytesSent() {
        return octetsSentBySender;
    }
}
