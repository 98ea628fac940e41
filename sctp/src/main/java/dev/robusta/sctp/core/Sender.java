package dev.robusta.sctp.core;

import dev.robusta.sctp.wire.Bytes;
import dev.robusta.sctp.wire.DataChunk;
import dev.robusta.sctp.wire.ForwardTsnChunk;
import dev.robusta.sctp.wire.SackChunk;
import java.util.PriorityQueue;
import java.util.Arrays;

/**
 * The sending half of an association: messages queued per stream, a weighted fair scheduler (by message size and priority), the outstanding DATA
 * chunks in a ring indexed by TSN, and what SACKs do to them (RFC 9260 sections 6.1, 6.2.1, 6.3, 7.2): cumulative
 * and gap acknowledgement, miss indications and fast retransmit (HTNA rule), fast recovery, T3-rtx marking,
 * slow start and congestion avoidance, the peer's receive window, and PR-SCTP abandonment with the
 * Advanced.Peer.Ack.Point (RFC 3758 section 3.5). Byte counts are user-data bytes.
 *
 * <p>Fragments of a message take consecutive TSNs (there is no I-DATA), so once a message has started it is
 * cut to the end before the scheduler moves on.
 */
final class Sender {
    /** Told when user bytes leave the send buffer (sent once, or dropped), for bufferedAmount. */
    interface BufferListener {
        void bufferedAmountDecreased(int stream, int ppid, int bytes);
    }

    private static final int MAX_STREAMS = 65536;

    private final BufferListener listener;
    private final int mtu;
    private OutboundStream[] streams = new OutboundStream[16];
    /**
     * Streams with queued messages, by weighted fair queueing on whole messages: each head message gets a
     * virtual finish time (its size over the stream's priority after the stream's last one), the smallest goes
     * first, so under contention streams share the wire in proportion to their priorities; equal ones take turns.
     */
    private final PriorityQueue<OutboundStream> ready = new PriorityQueue<>((x, y) ->
            x.finishTag != y.finishTag ? Long.compare(x.finishTag, y.finishTag) : Long.compare(x.order, y.order));
    private long virtualNow;
    private long scheduleOrder;
    private OutgoingMessage current;
    private long totalBuffered;

    private SentChunk[] ring = new SentChunk[512];
    private int mask = ring.length - 1;
    /** Every TSN up to this one is acknowledged (or skipped). */
    private int cumAck;
    private int nextTsn;
    private int toRetransmit;
    private long flightSize;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private boolean fastRecovery;
    private int fastRecoveryExit;
    /** Right after entering fast recovery, one packet of retransmissions ignores cwnd (7.2.4 step 3). */
    private boolean fastRetransmitBurst;
    private long peerRwnd;
    private int rttTsn;
    private boolean rttPending;
    private int advancedPeerAckPoint;
    private boolean forwardTsnPending;
    /** No TSN below this one is marked TO_RETRANSMIT (a scan start, so scans do not walk the whole window). */
    private int rtxLow;
    /** The last TSN of a partially reliable message; none outstanding once the cumulative ack passes it. */
    private int lastPartialTsn;
    private boolean anyPartial;
    /** The previous SACK's gap blocks, as absolute TSNs (end clipped to what was sent). */
    private int[] prevGapStart = new int[64];
    private int[] prevGapEnd = new int[64];
    private int prevGaps;

    long retransmittedChunks;
    long abandonedMessages;
    long sentChunks;

    Sender(BufferListener listener, int mtu) {
        this.listener = listener;
        this.mtu = mtu;
    }

    void start(int initialTsn, long peerRwnd, long initialCwnd) {
        nextTsn = initialTsn;
        cumAck = initialTsn - 1;
        advancedPeerAckPoint = cumAck;
        rtxLow = initialTsn;
        this.peerRwnd = peerRwnd;
        cwnd = initialCwnd;
        ssthresh = peerRwnd;
    }

    // ---- queue ----

    OutboundStream stream(int id) {
        if (id >= streams.length) {
            streams = Arrays.copyOf(streams, Math.min(MAX_STREAMS, Math.max(id + 1, streams.length * 2)));
        }
        OutboundStream s = streams[id];
        if (s == null) {
            s = new OutboundStream(id);
            streams[id] = s;
        }
        return s;
    }

    OutboundStream existing(int id) {
        return id < streams.length ? streams[id] : null;
    }

    void enqueue(OutgoingMessage m) {
        OutboundStream s = stream(m.stream);
        s.queue.add(m);
        s.bufferedBytes += m.length;
        totalBuffered += m.length;
        schedule(s);
    }

    void schedule(OutboundStream s) {
        OutgoingMessage head = s.queue.peek();
        if (!s.scheduled && head != null) {
            s.scheduled = true;
            s.finishTag = Math.max(s.lastFinish, virtualNow) + (long) head.length * 1024 / s.priority;
            s.order = scheduleOrder++;
            ready.add(s);
        }
    }

    /** Sets a stream's scheduling priority (applies from its next message). */
    void setPriority(int stream, int priority) {
        stream(stream).priority = Math.max(1, Math.min(0xFFFF, priority));
    }

    long bufferedAmount(int stream) {
        OutboundStream s = existing(stream);
        return s == null ? 0 : s.bufferedBytes;
    }

    long totalBuffered() {
        return totalBuffered;
    }

    /** Whether a stream's queue is empty and none of its messages is being cut. */
    boolean streamDrained(int stream) {
        OutboundStream s = existing(stream);
        return s == null || (s.queue.isEmpty() && (current == null || current.stream != stream));
    }

    private void leaveBuffer(OutboundStream s, int ppid, int bytes) {
        s.bufferedBytes -= bytes;
        totalBuffered -= bytes;
        listener.bufferedAmountDecreased(s.id, ppid, bytes);
    }

    /** The message the next new DATA chunk comes from; drops messages whose lifetime ended before they started. */
    private OutgoingMessage nextMessage(long now) {
        if (current != null) {
            return current;
        }
        while (!ready.isEmpty()) {
            OutboundStream s = ready.poll();
            s.scheduled = false;
            OutgoingMessage m = s.queue.poll();
            if (m == null) {
                continue;
            }
            virtualNow = s.finishTag;
            s.lastFinish = s.finishTag;
            schedule(s);
            if (m.expiresAtNanos - now <= 0) {
                // Never sent, so nothing to skip on the wire (RFC 3758 section 3.5 A3 applies to sent ones).
                abandonedMessages++;
                leaveBuffer(s, m.ppid, m.length);
                continue;
            }
            current = m;
            return m;
        }
        return null;
    }

    boolean hasNewData() {
        return current != null || !ready.isEmpty();
    }

    // ---- outstanding data ----

    int cumAck() {
        return cumAck;
    }

    int nextTsn() {
        return nextTsn;
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

    boolean hasOutstanding() {
        return nextTsn - cumAck - 1 != 0;
    }

    /** T3-rtx must run while anything sent is neither acknowledged nor skipped by an acknowledged FORWARD-TSN. */
    boolean needsT3() {
        return hasOutstanding() && (flightSize > 0 || toRetransmit > 0 || advancedPeerAckPoint - cumAck > 0);
    }

    boolean forwardTsnPending() {
        return forwardTsnPending;
    }

    /** Whether anything is ready to go as DATA now (new or retransmitted) within the windows. */
    boolean canSendData() {
        if (toRetransmit > 0 && (fastRetransmitBurst || flightSize == 0 || flightSize < cwnd)) {
            return true;
        }
        return hasNewData() && flightSize < cwnd && (peerRwnd > 0 || flightSize == 0);
    }

    private SentChunk slotFor(int tsn) {
        if (tsn - cumAck > ring.length - 1) {
            SentChunk[] bigger = new SentChunk[ring.length * 2];
            int m = bigger.length - 1;
            for (int t = cumAck + 1; t != nextTsn; t++) {
                bigger[t & m] = ring[t & mask];
            }
            ring = bigger;
            mask = m;
        }
        SentChunk c = ring[tsn & mask];
        if (c == null) {
            c = new SentChunk();
            ring[tsn & mask] = c;
        }
        return c;
    }

    /**
     * Writes DATA chunks (retransmissions first, then new data) into {@code b} from {@code pos} up to
     * {@code limit}, within cwnd and the peer's window; returns the new position.
     */
    int writeData(byte[] b, int pos, int limit, long now, boolean packetEmpty) {
        boolean burst = fastRetransmitBurst;
        fastRetransmitBurst = false;
        if (toRetransmit > 0) {
            int t = rtxLow - cumAck > 0 ? rtxLow : cumAck + 1;
            for (; t != nextTsn && toRetransmit > 0; t++) {
                SentChunk c = ring[t & mask];
                if (c.state != SentChunk.TO_RETRANSMIT) {
                    continue;
                }
                // Retransmissions stay within cwnd (after T3-rtx: one MTU, 6.3.3 E3), except the one packet that
                // fast retransmit sends regardless (7.2.4).
                if (!burst && flightSize > 0 && flightSize + c.length > cwnd) {
                    rtxLow = t;
                    return pos;
                }
                int size = DataChunk.sizeOnWire(c.length);
                if (pos + size > limit) {
                    rtxLow = t;
                    return pos;
                }
                OutgoingMessage m = c.message;
                pos += DataChunk.write(b, pos, c.flags, c.tsn, m.stream, m.ssn, m.ppid, m.data, m.offset + c.offset,
                        c.length);
                c.state = SentChunk.IN_FLIGHT;
                c.transmissions++;
                c.missIndications = 0;
                c.sentAtNanos = now;
                toRetransmit--;
                flightSize += c.length;
                retransmittedChunks++;
                if (rttPending && rttTsn == c.tsn) {
                    rttPending = false; // Karn: no sample from a retransmitted chunk
                }
            }
            rtxLow = t;
        }
        int maxPayload = mtu - SctpAssociation.COMMON_HEADER - DataChunk.HEADER_SIZE;
        while (flightSize < cwnd) {
            OutgoingMessage m = nextMessage(now);
            if (m == null) {
                break;
            }
            int room = limit - pos - DataChunk.HEADER_SIZE;
            int len = Math.min(m.remaining(), Math.min(room, maxPayload));
            if (len <= 0 || (len < m.remaining() && len < maxPayload / 2 && !packetEmpty)) {
                break; // a small tail of a packet is not worth a fragment: the next packet carries it whole
            }
            if (peerRwnd < len && flightSize > 0) {
                break; // receiver window (rule A of 6.1; a zero window still lets one chunk probe)
            }
            OutboundStream s = streams[m.stream];
            int flags = 0;
            if (m.sent == 0) {
                flags |= DataChunk.FLAG_BEGINNING;
                if (!m.unordered) {
                    m.ssn = s.nextSsn;
                    s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
                }
                m.firstTsn = nextTsn;
            }
            if (len == m.remaining()) {
                flags |= DataChunk.FLAG_ENDING;
            }
            if (m.unordered) {
                flags |= DataChunk.FLAG_UNORDERED;
            }
            int tsn = nextTsn;
            SentChunk c = slotFor(tsn);
            nextTsn++;
            c.tsn = tsn;
            c.message = m;
            c.offset = m.sent;
            c.length = len;
            c.flags = flags;
            c.state = SentChunk.IN_FLIGHT;
            c.transmissions = 1;
            c.missIndications = 0;
            c.fastRetransmitted = false;
            c.sentAtNanos = now;
            pos += DataChunk.write(b, pos, flags, tsn, m.stream, m.ssn, m.ppid, m.data, m.offset + m.sent, len);
            packetEmpty = false;
            m.sent += len;
            m.lastTsn = tsn;
            if (m.maxRetransmits >= 0 || m.expiresAtNanos != Long.MAX_VALUE) {
                anyPartial = true;
                lastPartialTsn = tsn;
            }
            flightSize += len;
            peerRwnd = Math.max(0, peerRwnd - len);
            sentChunks++;
            if (!rttPending) {
                rttPending = true;
                rttTsn = tsn;
            }
            if (m.remaining() == 0) {
                current = null;
            }
            leaveBuffer(s, m.ppid, len);
        }
        return pos;
    }

    private void markForRetransmission(SentChunk c) {
        c.state = SentChunk.TO_RETRANSMIT;
        toRetransmit++;
        if (c.tsn - rtxLow < 0) {
            rtxLow = c.tsn;
        }
    }

    // ---- acknowledgements ----

    /** What a SACK did, for the association's timers and error counter. */
    static final int SACK_IGNORED = 0;
    static final int SACK_NO_PROGRESS = 1;
    static final int SACK_CUM_ADVANCED = 2;

    /**
     * Processes a SACK (RFC 9260 6.2.1, 7.2). Returns {@link #SACK_IGNORED} for a stale or impossible SACK.
     *
     * @param rttSink receives an RTT sample in nanoseconds, or is not called
     */
    int onSack(SackChunk sack, long now, RttSink rttSink) {
        int cum = sack.cumulativeTsnAck();
        if (cum - cumAck < 0) {
            return SACK_IGNORED; // older than one already seen (RFC 9260 6.2.1 D i)
        }
        if (cum - (nextTsn - 1) > 0) {
            return SACK_IGNORED; // acknowledges TSNs never sent: ignored rather than trusted
        }
        long flightBefore = flightSize;
        long bytesAcked = 0;
        boolean cumAdvanced = cum != cumAck;
        for (int t = cumAck + 1; t - cum <= 0; t++) {
            SentChunk c = ring[t & mask];
            switch (c.state) {
                case SentChunk.IN_FLIGHT:
                    flightSize -= c.length;
                    bytesAcked += c.length;
                    break;
                case SentChunk.TO_RETRANSMIT:
                    toRetransmit--;
                    bytesAcked += c.length;
                    break;
                default:
                    break;
            }
            if (rttPending && rttTsn == t) {
                rttPending = false;
                if (c.transmissions == 1) {
                    rttSink.sample(now - c.sentAtNanos);
                }
            }
            c.message = null;
            c.state = 0;
        }
        cumAck = cum;
        if (advancedPeerAckPoint - cumAck < 0) {
            advancedPeerAckPoint = cumAck;
        }
        // Gap blocks: acknowledge, find the highest TSN newly acknowledged (HTNA).
        int highestNewlyAcked = cum;
        boolean anyNewlyAcked = cumAdvanced;
        int gapsEnd = cum;
        int gaps = sack.gapCount();
        if (gaps > prevGapStart.length) {
            prevGapStart = Arrays.copyOf(prevGapStart, gaps);
            prevGapEnd = Arrays.copyOf(prevGapEnd, gaps);
        }
        int pi = 0;
        for (int i = 0; i < gaps; i++) {
            int start = cum + sack.gapStart(i);
            int end = cum + sack.gapEnd(i);
            if (end - (nextTsn - 1) > 0) {
                end = nextTsn - 1;
            }
            // What the previous SACK's block with the same start covered is ACKED (or ABANDONED) already: under
            // loss a block mostly grows at its end, so only the new part is visited.
            int walkFrom = start;
            while (pi < prevGaps && prevGapStart[pi] - start < 0) {
                pi++;
            }
            if (pi < prevGaps && prevGapStart[pi] == start && prevGapEnd[pi] - start >= 0) {
                walkFrom = prevGapEnd[pi] - end >= 0 ? end + 1 : prevGapEnd[pi] + 1;
            }
            for (int t = walkFrom; t - end <= 0; t++) {
                SentChunk c = ring[t & mask];
                if (c.state == SentChunk.IN_FLIGHT || c.state == SentChunk.TO_RETRANSMIT) {
                    if (c.state == SentChunk.IN_FLIGHT) {
                        flightSize -= c.length;
                    } else {
                        toRetransmit--;
                    }
                    c.state = SentChunk.ACKED;
                    bytesAcked += c.length;
                    highestNewlyAcked = t;
                    anyNewlyAcked = true;
                    if (rttPending && rttTsn == t) {
                        rttPending = false;
                        if (c.transmissions == 1) {
                            rttSink.sample(now - c.sentAtNanos);
                        }
                    }
                }
            }
            if (end - gapsEnd > 0) {
                gapsEnd = end;
            }
        }
        for (int i = 0; i < gaps; i++) {
            prevGapStart[i] = cum + sack.gapStart(i);
            int end = cum + sack.gapEnd(i);
            prevGapEnd[i] = end - (nextTsn - 1) > 0 ? nextTsn - 1 : end;
        }
        prevGaps = gaps;
        // Miss indications below HTNA, and reneging (a TSN acked before but missing from this SACK's blocks):
        // only the TSNs between the blocks are visited.
        boolean enterFastRecovery = false;
        int regionStart = cum + 1;
        for (int i = 0; i <= gaps; i++) {
            int regionEnd = i < gaps ? cum + sack.gapStart(i) - 1 : gapsEnd;
            if (regionEnd - (nextTsn - 1) > 0) {
                regionEnd = nextTsn - 1; // blocks beyond what was sent (a broken SACK) are ignored
            }
            for (int t = regionStart; t - regionEnd <= 0; t++) {
                SentChunk c = ring[t & mask];
                if (c.state == SentChunk.ACKED) {
                    markForRetransmission(c);
                } else if (c.state == SentChunk.IN_FLIGHT && anyNewlyAcked && t - highestNewlyAcked < 0) {
                    c.missIndications++;
                    if (c.missIndications >= 3 && !c.fastRetransmitted) {
                        c.fastRetransmitted = true;
                        flightSize -= c.length;
                        markForRetransmission(c);
                        enterFastRecovery = true;
                    }
                }
            }
            if (i < gaps) {
                int after = cum + sack.gapEnd(i) + 1;
                if (after - regionStart > 0) {
                    regionStart = after;
                }
            }
        }
        if (enterFastRecovery && !fastRecovery) {
            fastRecovery = true;
            fastRecoveryExit = nextTsn - 1;
            ssthresh = Math.max(cwnd / 2, 4L * mtu);
            cwnd = ssthresh;
            partialBytesAcked = 0;
            fastRetransmitBurst = true;
        } else if (enterFastRecovery) {
            fastRetransmitBurst = true;
        }
        if (fastRecovery && cumAck - fastRecoveryExit >= 0) {
            fastRecovery = false;
        }
        if (cumAdvanced && !fastRecovery) {
            boolean fullyUsed = flightBefore + mtu >= cwnd;
            if (cwnd <= ssthresh) {
                if (fullyUsed) {
                    cwnd += Math.min(bytesAcked, mtu);
                }
            } else {
                partialBytesAcked += bytesAcked;
                if (partialBytesAcked >= cwnd && fullyUsed) {
                    partialBytesAcked -= cwnd;
                    cwnd += mtu;
                }
            }
        }
        if (flightSize == 0) {
            partialBytesAcked = 0;
        }
        peerRwnd = Math.max(0, sack.aRwnd() - flightSize);
        advanceAckPoint(true);
        return cumAdvanced ? SACK_CUM_ADVANCED : SACK_NO_PROGRESS;
    }

    interface RttSink {
        void sample(long rttNanos);
    }

    /** T3-rtx expired (RFC 9260 6.3.3, 7.2.3): everything in flight is deemed lost. */
    void onT3Expired() {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
        rttPending = false;
        for (int t = cumAck + 1; t != nextTsn; t++) {
            SentChunk c = ring[t & mask];
            if (c.state == SentChunk.IN_FLIGHT) {
                flightSize -= c.length;
                markForRetransmission(c);
            }
        }
        if (advancedPeerAckPoint - cumAck > 0) {
            forwardTsnPending = true;
        }
    }

    /** After a long idle period the window goes back to its initial size (RFC 9260 7.2.1). */
    void onIdle(long initialCwnd) {
        if (flightSize == 0) {
            cwnd = Math.min(cwnd, initialCwnd);
        }
    }

    // ---- PR-SCTP ----

    /**
     * Gives up chunks marked for retransmission whose message ran out of retransmissions or lifetime (RFC 3758
     * section 3.5 A3), before anything is written; in-flight chunks of an expired message too.
     */
    void abandonExpired(long now) {
        if (toRetransmit == 0 || !anyPartial || lastPartialTsn - cumAck <= 0) {
            return; // nothing partially reliable is outstanding
        }
        int from = rtxLow - cumAck > 0 ? rtxLow : cumAck + 1;
        for (int t = from; t != nextTsn && t - lastPartialTsn <= 0 && toRetransmit > 0; t++) {
            SentChunk c = ring[t & mask];
            if (c.state != SentChunk.TO_RETRANSMIT) {
                continue;
            }
            OutgoingMessage m = c.message;
            if ((m.maxRetransmits >= 0 && c.transmissions > m.maxRetransmits) || m.expiresAtNanos - now <= 0) {
                abandon(m);
            }
        }
        advanceAckPoint(false);
    }

    private void abandon(OutgoingMessage m) {
        if (m.abandoned) {
            return;
        }
        m.abandoned = true;
        abandonedMessages++;
        for (int t = m.firstTsn; t - m.lastTsn <= 0; t++) {
            if (t - cumAck <= 0) {
                continue;
            }
            SentChunk c = ring[t & mask];
            if (c.message != m) {
                continue;
            }
            if (c.state == SentChunk.IN_FLIGHT) {
                flightSize -= c.length;
            } else if (c.state == SentChunk.TO_RETRANSMIT) {
                toRetransmit--;
            }
            // Gap-acknowledged fragments are skipped too: the receiver drops the incomplete message.
            c.state = SentChunk.ABANDONED;
        }
        if (current == m) {
            // The unsent rest is dropped; the receiver discards the partial message when FORWARD-TSN passes it.
            current = null;
            OutboundStream s = streams[m.stream];
            leaveBuffer(s, m.ppid, m.remaining());
            m.sent = m.length;
        }
    }

    /**
     * Moves the Advanced.Peer.Ack.Point over abandoned TSNs (RFC 3758 3.5 C1). A FORWARD-TSN is due when it moved,
     * or on a SACK that leaves it ahead of the cumulative ack (C2, C3: the last one may have been lost).
     */
    private void advanceAckPoint(boolean onSack) {
        int p = advancedPeerAckPoint;
        while (p + 1 != nextTsn && ring[(p + 1) & mask].state == SentChunk.ABANDONED) {
            p++;
        }
        boolean moved = p != advancedPeerAckPoint;
        advancedPeerAckPoint = p;
        if ((moved || onSack) && advancedPeerAckPoint - cumAck > 0) {
            forwardTsnPending = true;
        }
    }

    private int[] fwdStreams = new int[8];
    private int[] fwdSsns = new int[8];

    private int collectForwardStreams() {
        int n = 0;
        for (int t = cumAck + 1; t - advancedPeerAckPoint <= 0; t++) {
            SentChunk c = ring[t & mask];
            OutgoingMessage m = c.message;
            if (m == null || m.unordered) {
                continue;
            }
            int i = 0;
            while (i < n && fwdStreams[i] != m.stream) {
                i++;
            }
            if (i == n) {
                if (n == fwdStreams.length) {
                    fwdStreams = Arrays.copyOf(fwdStreams, n * 2);
                    fwdSsns = Arrays.copyOf(fwdSsns, n * 2);
                }
                fwdStreams[n] = m.stream;
                fwdSsns[n] = m.ssn;
                n++;
            } else if (((m.ssn - fwdSsns[i]) & 0xFFFF) < 0x8000) {
                fwdSsns[i] = m.ssn;
            }
        }
        return n;
    }

    /** Writes FORWARD-TSN (RFC 3758 3.5 C4) if it fits; returns the new position. */
    int writeForwardTsn(byte[] b, int pos, int limit) {
        int n = collectForwardStreams();
        int size = ForwardTsnChunk.FIXED_SIZE + 4 * n;
        if (pos + size > limit) {
            return pos;
        }
        ForwardTsnChunk.writeFixed(b, pos, advancedPeerAckPoint, n);
        for (int i = 0; i < n; i++) {
            ForwardTsnChunk.putEntry(b, pos, i, fwdStreams[i], fwdSsns[i]);
        }
        forwardTsnPending = false;
        return pos + Bytes.padded(size);
    }

    String debugState() {
        return "cumAck=" + cumAck + " nextTsn=" + nextTsn + " flight=" + flightSize + " cwnd=" + cwnd
                + " ssthresh=" + ssthresh + " rwnd=" + peerRwnd + " toRtx=" + toRetransmit + " advPoint="
                + advancedPeerAckPoint + " fwdPending=" + forwardTsnPending + " buffered=" + totalBuffered
                + " fastRecovery=" + fastRecovery;
    }

    /** Verifies internal bookkeeping (tests and the fuzz harness call it). */
    String checkInvariants() {
        long flight = 0;
        int rtx = 0;
        for (int t = cumAck + 1; t != nextTsn; t++) {
            SentChunk c = ring[t & mask];
            if (c == null || c.tsn != t) {
                return "slot of TSN " + t + " holds " + (c == null ? "nothing" : "TSN " + c.tsn);
            }
            if (c.state == SentChunk.IN_FLIGHT) {
                flight += c.length;
            } else if (c.state == SentChunk.TO_RETRANSMIT) {
                rtx++;
            }
        }
        if (flight != flightSize) {
            return "flight size " + flightSize + " but chunks in flight hold " + flight;
        }
        if (rtx != toRetransmit) {
            return "to retransmit " + toRetransmit + " but " + rtx + " marked";
        }
        if (cwnd < mtu) {
            return "cwnd " + cwnd + " below one MTU";
        }
        long buffered = 0;
        for (OutboundStream s : streams) {
            if (s != null) {
                buffered += s.bufferedBytes;
            }
        }
        return buffered == totalBuffered ? null : "buffered " + totalBuffered + " but streams hold " + buffered;
    }
}
