package dev.robusta.sctp.core;

import dev.robusta.sctp.wire.DataChunk;
import dev.robusta.sctp.wire.ForwardTsnChunk;
import dev.robusta.sctp.wire.SackChunk;

/**
 * The sender's outstanding DATA chunks in a ring indexed by TSN, with what SACKs do to them: cumulative and gap
 * acknowledgement, fast retransmit on three miss indications (RFC 9260 section 7.2.4, HTNA rule), marking on
 * T3-rtx expiry (6.3.3), congestion control (7.2: slow start, congestion avoidance, fast recovery), the peer's
 * receive window (6.2.1), and PR-SCTP abandonment and the Advanced.Peer.Ack.Point (RFC 3758 section 3.5).
 * Byte counts are user-data bytes.
 */
final class RetransmissionQueue {
    /** Told about outcomes the association acts on. */
    interface Listener {
        /** A message was given up (PR-SCTP): its unsent remainder is dropped too. */
        void abandoned(OutgoingMessage message);

        /** An RTT sample from a chunk sent once (Karn's algorithm). */
        void rttMeasured(long rttNanos);
    }

    private final Listener listener;
    private final int mtu;
    private SentChunk[] ring = new SentChunk[256];
    private int mask = ring.length - 1;

    /** The peer's cumulative TSN ack: every TSN up to it is done. */
    private int cumAck;
    /** The next TSN to assign. */
    private int nextTsn;
    /** Lowest TSN that may be TO_RETRANSMIT (scan start). */
    private int rtxScan;
    private int rtxCount;
    private long flightSize;
    private long rtxBytes;

    // Congestion control (RFC 9260 section 7.2), bytes.
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private boolean fastRecovery;
    private int fastRecoveryExit;
    /** After entering fast retransmit: one packet of retransmissions may ignore cwnd (7.2.4 step 3). */
    private boolean fastRtxPacketAllowed;
    private long peerRwnd;

    // RTT measurement: one chunk at a time.
    private int rttTsn;
    private boolean rttMeasuring;

    // PR-SCTP.
    private int advancedPeerAckPoint;
    private boolean forwardTsnNeeded;
    private int[] fwdStreams = new int[8];
    private int[] fwdSsns = new int[8];
    /** Lower bound of the lifetimes of in-flight messages (PR-SCTP "ttl"). */
    private long earliestExpiry = Long.MAX_VALUE;

    // Statistics.
    long retransmissions;
    long fastRetransmits;
    long abandonedMessages;

    RetransmissionQueue(Listener listener, int mtu) {
        this.listener = listener;
        this.mtu = mtu;
    }

    void start(int initialTsn, long peerRwnd, long initialCwnd) {
        this.nextTsn = initialTsn;
        this.cumAck = initialTsn - 1;
        this.rtxScan = initialTsn;
        this.advancedPeerAckPoint = cumAck;
        this.peerRwnd = peerRwnd;
        this.cwnd = initialCwnd;
        this.ssthresh = peerRwnd;
    }

    // ---- accessors ----

    int nextTsn() {
        return nextTsn;
    }

    int cumAck() {
        return cumAck;
    }

    long flightSize() {
        return flightSize;
    }

    long cwnd() {
        return cwnd;
    }

    long ssthresh() {
        return ssthresh;
    }

    long peerRwnd() {
        return peerRwnd;
    }

    int outstandingChunks() {
        return nextTsn - cumAck - 1;
    }

    /** Nothing is waiting for an acknowledgement (nor a FORWARD TSN). */
    boolean isEmpty() {
        return nextTsn - cumAck - 1 == 0;
    }

    boolean hasRetransmissions() {
        return rtxCount > 0;
    }

    /** Whether the T3-rtx timer must run: data in flight, to retransmit, or abandoned but not yet skipped. */
    boolean needsTimer() {
        return flightSize > 0 || rtxCount > 0 || forwardTsnNeeded || advancedPeerAckPoint - cumAck > 0;
    }

    boolean forwardTsnNeeded() {
        return forwardTsnNeeded;
    }

    SentChunk get(int tsn) {
        return ring[tsn & mask];
    }

    // ---- sending ----

    /** Whether a new chunk of {@code len} bytes may be sent now (cwnd rule B and rwnd rule A of 6.1). */
    boolean canSendNew(int len) {
        if (flightSize >= cwnd) {
            return false;
        }
        // Zero window probe: with nothing in flight, one chunk may go even into a closed window.
        return peerRwnd >= len || flightSize == 0;
    }

    /** Registers a new DATA chunk (TSN {@link #nextTsn()}). */
    SentChunk add(OutgoingMessage m, int offset, int len, int flags, long nowNanos) {
        if (nextTsn - cumAck - 1 >= ring.length) {
            grow();
        }
        int tsn = nextTsn++;
        SentChunk c = ring[tsn & mask];
        if (c == null) {
            c = new SentChunk();
            ring[tsn & mask] = c;
        }
        c.tsn = tsn;
        c.message = m;
        c.offset = offset;
        c.length = len;
        c.flags = flags;
        c.state = SentChunk.IN_FLIGHT;
        c.transmissions = 1;
        c.missReports = 0;
        c.fastRetransmitted = false;
        c.sentAtNanos = nowNanos;
        flightSize += len;
        peerRwnd = Math.max(0, peerRwnd - len);
        if (!rttMeasuring) {
            rttMeasuring = true;
            rttTsn = tsn;
        }
        if (m.fragments == 0) {
            m.firstTsn = tsn;
        }
        if (m.expiresAtNanos < earliestExpiry) {
            earliestExpiry = m.expiresAtNanos;
        }
        m.fragments++;
        return c;
    }

    private void grow() {
        SentChunk[] bigger = new SentChunk[ring.length * 2];
        int newMask = bigger.length - 1;
        for (int tsn = cumAck + 1; tsn != nextTsn; tsn++) {
            bigger[tsn & newMask] = ring[tsn & mask];
        }
        ring = bigger;
        mask = newMask;
    }

    /**
     * The next chunk to retransmit, or null. It may go when it fits cwnd, or in the one packet that fast
     * retransmit may send regardless of cwnd ({@code firstInPacket} marks that packet's start).
     */
    SentChunk nextRetransmission(boolean firstInPacket, boolean packetHasRtx) {
        if (rtxCount == 0) {
            return null;
        }
        boolean ignoreCwnd = fastRtxPacketAllowed && (firstInPacket || packetHasRtx);
        if (!ignoreCwnd && flightSize >= cwnd) {
            return null;
        }
        for (int tsn = rtxScan; tsn != nextTsn; tsn++) {
            SentChunk c = ring[tsn & mask];
            if (c.state == SentChunk.TO_RETRANSMIT) {
                rtxScan = tsn;
                return c;
            }
        }
        rtxScan = nextTsn;
        return null;
    }

    /** Ends the packet that fast retransmit could send beyond cwnd. */
    void endPacket(boolean packetHadRtx) {
        if (packetHadRtx) {
            fastRtxPacketAllowed = false;
        }
    }

    /** A chunk returned by {@link #nextRetransmission} was written into a packet. */
    void retransmitted(SentChunk c, long nowNanos) {
        c.state = SentChunk.IN_FLIGHT;
        c.transmissions++;
        c.sentAtNanos = nowNanos;
        c.missReports = 0;
        rtxCount--;
        rtxBytes -= c.length;
        flightSize += c.length;
        peerRwnd = Math.max(0, peerRwnd - c.length);
        retransmissions++;
        if (rttMeasuring && rttTsn == c.tsn) {
            rttMeasuring = false; // Karn: no sample from a retransmitted chunk
        }
    }

    // ---- SACK ----

    /** What one SACK did. */
    static final class SackResult {
        boolean cumAdvanced;
        long bytesAcked;
        boolean newFastRetransmit;

        void reset() {
            cumAdvanced = false;
            bytesAcked = 0;
            newFastRetransmit = false;
        }
    }

    /**
     * Applies a SACK (RFC 9260 section 6.2.1). Returns false when it acknowledges a TSN never sent (a protocol
     * violation); a SACK older than the current cumulative ack is ignored (returns true with nothing done).
     */
    boolean onSack(SackChunk sack, long nowNanos, SackResult result) {
        result.reset();
        int cum = sack.cumulativeTsnAck();
        if (cum - cumAck < 0) {
            return true; // an old SACK, out of order
        }
        if (cum - (nextTsn - 1) > 0) {
            return false;
        }
        long flightBefore = flightSize;
        int highestNewlyAcked = cumAck;
        boolean anyNewlyAcked = false;
        // Cumulative part.
        if (cum != cumAck) {
            result.cumAdvanced = true;
            for (int tsn = cumAck + 1; tsn - cum <= 0; tsn++) {
                SentChunk c = ring[tsn & mask];
                if (ackOne(c, nowNanos, result)) {
                    highestNewlyAcked = tsn;
                    anyNewlyAcked = true;
                }
                c.message = null;
                c.state = 0;
            }
            cumAck = cum;
            if (rtxScan - (cum + 1) < 0) {
                rtxScan = cum + 1;
            }
            if (advancedPeerAckPoint - cum < 0) {
                advancedPeerAckPoint = cum;
            }
        }
        // Gap blocks.
        int gaps = sack.gapCount();
        for (int g = 0; g < gaps; g++) {
            int start = cum + sack.gapStart(g);
            int end = cum + sack.gapEnd(g);
            if (end - (nextTsn - 1) > 0) {
                return false;
            }
            for (int tsn = start; tsn - end <= 0; tsn++) {
                SentChunk c = ring[tsn & mask];
                if (c.state == SentChunk.IN_FLIGHT || c.state == SentChunk.TO_RETRANSMIT) {
                    ackOne(c, nowNanos, result);
                    c.state = SentChunk.ACKED;
                    if (tsn - highestNewlyAcked > 0) {
                        highestNewlyAcked = tsn;
                    }
                    anyNewlyAcked = true;
                }
            }
        }
        // Miss indications below the highest newly acknowledged TSN (7.2.4, HTNA).
        if (gaps > 0 && anyNewlyAcked) {
            for (int tsn = cum + 1; tsn - highestNewlyAcked < 0; tsn++) {
                SentChunk c = ring[tsn & mask];
                if (c.state == SentChunk.IN_FLIGHT && ++c.missReports >= 3 && !c.fastRetransmitted) {
                    c.fastRetransmitted = true;
                    if (markForRetransmission(c, nowNanos)) {
                        fastRetransmits++;
                        result.newFastRetransmit = true;
                    }
                }
            }
        }
        if (fastRecovery && cumAck - fastRecoveryExit >= 0) {
            fastRecovery = false;
        }
        if (result.newFastRetransmit) {
            if (!fastRecovery) {
                fastRecovery = true;
                fastRecoveryExit = nextTsn - 1;
                ssthresh = Math.max(cwnd / 2, 4L * mtu);
                cwnd = ssthresh;
                partialBytesAcked = 0;
            }
            fastRtxPacketAllowed = true;
        } else if (result.cumAdvanced && !fastRecovery) {
            growCwnd(result.bytesAcked, flightBefore);
        }
        if (flightSize == 0) {
            partialBytesAcked = 0;
        }
        // 6.2.1: the peer's window less what is still outstanding.
        peerRwnd = Math.max(0, sack.aRwnd() - flightSize - rtxBytes);
        advancePeerAckPoint();
        return true;
    }

    private boolean ackOne(SentChunk c, long nowNanos, SackResult result) {
        if (c.state == SentChunk.IN_FLIGHT) {
            flightSize -= c.length;
        } else if (c.state == SentChunk.TO_RETRANSMIT) {
            rtxCount--;
            rtxBytes -= c.length;
        } else {
            return false;
        }
        result.bytesAcked += c.length;
        if (rttMeasuring && rttTsn == c.tsn) {
            rttMeasuring = false;
            if (c.transmissions == 1) {
                listener.rttMeasured(nowNanos - c.sentAtNanos);
            }
        }
        return true;
    }

    private void growCwnd(long bytesAcked, long flightBefore) {
        boolean fullyUsed = flightBefore + mtu >= cwnd;
        if (cwnd <= ssthresh) {
            // Slow start (7.2.1).
            if (fullyUsed) {
                cwnd += Math.min(bytesAcked, mtu);
            }
        } else {
            // Congestion avoidance (7.2.2).
            partialBytesAcked += bytesAcked;
            if (partialBytesAcked >= cwnd && fullyUsed) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }

    /**
     * Marks a lost chunk for retransmission, unless its message is past its PR-SCTP limits, in which case the
     * message is abandoned. Returns whether it was marked.
     */
    private boolean markForRetransmission(SentChunk c, long nowNanos) {
        OutgoingMessage m = c.message;
        if (m.abandoned) {
            return false;
        }
        if ((m.maxRetransmits >= 0 && c.transmissions > m.maxRetransmits) || m.expiresAtNanos <= nowNanos) {
            abandon(m);
            return false;
        }
        flightSize -= c.length;
        c.state = SentChunk.TO_RETRANSMIT;
        rtxCount++;
        rtxBytes += c.length;
        if (c.tsn - rtxScan < 0) {
            rtxScan = c.tsn;
        }
        return true;
    }

    /** Abandons every chunk of {@code m} still outstanding (RFC 3758 section 3.5 A3, C2). */
    void abandon(OutgoingMessage m) {
        if (m.abandoned) {
            return;
        }
        m.abandoned = true;
        abandonedMessages++;
        for (int i = 0; i < m.fragments; i++) {
            int tsn = m.firstTsn + i;
            if (tsn - cumAck <= 0 || tsn - nextTsn >= 0) {
                continue;
            }
            SentChunk c = ring[tsn & mask];
            if (c.state == SentChunk.IN_FLIGHT) {
                flightSize -= c.length;
            } else if (c.state == SentChunk.TO_RETRANSMIT) {
                rtxCount--;
                rtxBytes -= c.length;
            }
            if (c.state != SentChunk.ACKED) {
                c.state = SentChunk.ABANDONED;
            }
        }
        listener.abandoned(m);
        advancePeerAckPoint();
    }

    /**
     * RFC 3758 C1/C2: moves the Advanced.Peer.Ack.Point over abandoned chunks (and gap-acked ones between them).
     * It never ends on a gap-acked chunk: that chunk may be the first fragment of a message still being sent, and
     * the receiver drops fragments at or below a FORWARD TSN.
     */
    private void advancePeerAckPoint() {
        int old = advancedPeerAckPoint - cumAck < 0 ? cumAck : advancedPeerAckPoint;
        int ap = old;
        for (int tsn = ap + 1; tsn != nextTsn; tsn++) {
            byte s = ring[tsn & mask].state;
            if (s != SentChunk.ABANDONED && s != SentChunk.ACKED) {
                break;
            }
            ap = tsn;
        }
        while (ap - old > 0 && ring[ap & mask].state == SentChunk.ACKED) {
            ap--;
        }
        advancedPeerAckPoint = ap;
        forwardTsnNeeded = ap - cumAck > 0;
    }

    /**
     * Before sending new data: abandons in-flight messages whose lifetime has run out (RFC 3758 A2), so their
     * chunks leave the flight and a FORWARD TSN can skip them.
     */
    void expireLifetimes(long nowNanos) {
        if (nowNanos < earliestExpiry) {
            return;
        }
        earliestExpiry = Long.MAX_VALUE;
        for (int tsn = cumAck + 1; tsn != nextTsn; tsn++) {
            SentChunk c = ring[tsn & mask];
            if ((c.state == SentChunk.IN_FLIGHT || c.state == SentChunk.TO_RETRANSMIT)
                    && c.message.expiresAtNanos <= nowNanos && !c.message.abandoned) {
                abandon(c.message);
            } else if (c.state == SentChunk.IN_FLIGHT || c.state == SentChunk.TO_RETRANSMIT) {
                earliestExpiry = Math.min(earliestExpiry, c.message.expiresAtNanos);
            }
        }
    }

    /** T3-rtx expiry (6.3.3): collapse cwnd, mark everything in flight for retransmission. */
    void onT3Expired(long nowNanos) {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
        fastRtxPacketAllowed = false;
        rttMeasuring = false;
        for (int tsn = cumAck + 1; tsn != nextTsn; tsn++) {
            SentChunk c = ring[tsn & mask];
            if (c.state == SentChunk.IN_FLIGHT) {
                markForRetransmission(c, nowNanos);
            }
        }
        if (forwardTsnNeeded || advancedPeerAckPoint - cumAck > 0) {
            forwardTsnNeeded = true;
        }
    }

    /**
     * Writes a FORWARD TSN up to the Advanced.Peer.Ack.Point, with the highest skipped SSN of each ordered stream
     * (RFC 3758 section 3.5 C4); returns its size, or 0 when it does not fit in {@code room}.
     */
    int writeForwardTsn(byte[] b, int off, int room) {
        int n = 0;
        for (int tsn = cumAck + 1; tsn - advancedPeerAckPoint <= 0; tsn++) {
            SentChunk c = ring[tsn & mask];
            if (c.state != SentChunk.ABANDONED || c.message == null || c.message.unordered) {
                continue;
            }
            int stream = c.message.stream;
            int i = 0;
            while (i < n && fwdStreams[i] != stream) {
                i++;
            }
            if (i == n) {
                if (n == fwdStreams.length) {
                    fwdStreams = java.util.Arrays.copyOf(fwdStreams, n * 2);
                    fwdSsns = java.util.Arrays.copyOf(fwdSsns, n * 2);
                }
                fwdStreams[n] = stream;
                n++;
            }
            fwdSsns[i] = c.message.ssn;
        }
        int size = ForwardTsnChunk.FIXED_SIZE + 4 * n;
        if (size > room) {
            return 0;
        }
        ForwardTsnChunk.writeFixed(b, off, advancedPeerAckPoint, n);
        for (int i = 0; i < n; i++) {
            ForwardTsnChunk.putEntry(b, off, i, fwdStreams[i], fwdSsns[i]);
        }
        forwardTsnNeeded = false;
        return size;
    }

    /** Writes the DATA chunk of {@code c}; returns its padded size. */
    static int writeData(byte[] b, int off, SentChunk c) {
        OutgoingMessage m = c.message;
        return DataChunk.write(b, off, c.flags, c.tsn, m.stream, m.ssn, m.ppid, m.data, c.offset, c.length);
    }

    void clear() {
        for (int tsn = cumAck + 1; tsn != nextTsn; tsn++) {
            SentChunk c = ring[tsn & mask];
            c.message = null;
            c.state = 0;
        }
        cumAck = nextTsn - 1;
        flightSize = 0;
        rtxCount = 0;
        rtxBytes = 0;
        forwardTsnNeeded = false;
        advancedPeerAckPoint = cumAck;
    }
}
