package dev.robusta.rtp.stream;

import dev.robusta.rtp.rtcp.AppPacket;
import dev.robusta.rtp.rtcp.ExtendedReport;
import dev.robusta.rtp.rtcp.FullIntraRequest;
import dev.robusta.rtp.rtcp.GenericNack;
import dev.robusta.rtp.rtcp.Goodbye;
import dev.robusta.rtp.rtcp.PictureLossIndication;
import dev.robusta.rtp.rtcp.ReceiverReport;
import dev.robusta.rtp.rtcp.Remb;
import dev.robusta.rtp.rtcp.ReportBlock;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpPacket;
import dev.robusta.rtp.rtcp.SenderReport;
import dev.robusta.rtp.rtcp.SourceDescription;
import dev.robusta.rtp.rtcp.TransportCcFeedback;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTCP side of one RTP session, sans-IO: local {@link SendStream}s and remote {@link ReceiveStream}s, compound
 * reports (SR or RR, then SDES CNAME) sent at the interval RFC 3550 section 6.3 and appendix A.7 compute (5% of
 * the session bandwidth, a quarter for senders, randomized over [0.5, 1.5] and divided by e - 3/2, with timer
 * reconsideration), incoming reports applied to the streams they describe, and BYE.
 *
 * <p>It keeps the member table of RFC 3550 6.2.1 and 6.3: a remote SSRC becomes a member when RTP or RTCP from it
 * is heard (or when its receive stream is added), is timed out after five deterministic receiver intervals of
 * silence (6.3.5, with the fixed 5 s minimum), and leaves at once on a BYE; a remote sender is demoted to a
 * receiver when it has sent no RTP for two report intervals. When members leave, the next report is brought
 * forward (reverse reconsideration, 6.3.4). Reception report blocks go only to sources that are members.
 *
 * <p>With {@link #setReceiverReferenceTimeReports} each report also carries an XR receiver reference time block
 * (RFC 3611 4.4); a remote sender's DLRR answer gives the round-trip time of remote-outbound-rtp. RRTRs received
 * are answered with DLRR blocks in our next sender report.
 *
 * <p>Drive it with {@link #handleTimeout} at {@link #pollDeadline()}, feed received RTCP to {@link #onRtcp} and
 * received RTP to {@link #onRtpReceived}, and send what {@link #pollTransmit()} returns. Feedback about local
 * streams (NACK, PLI, FIR) is counted and queued for {@link #pollFeedback()}. Not thread-safe.
 */
public final class RtcpSession {
    private static final Logger LOG = LoggerFactory.getLogger(RtcpSession.class);
    /** RFC 3550 6.2: the recommended minimum interval, and the fixed minimum member timeouts use. */
    public static final long DEFAULT_MIN_INTERVAL_NANOS = 5_000_000_000L;
    /** RFC 3550 6.3.5: members silent for this many deterministic intervals are timed out. */
    public static final int TIMEOUT_MULTIPLIER = 5;
    /** Remote members tracked at most; SSRCs heard beyond that are not counted (a flood must not grow state). */
    public static final int MAX_REMOTE_MEMBERS = 1024;
    private static final double COMPENSATION = Math.E - 1.5;
    private static final int IP_UDP_OVERHEAD = 28;
    private static final int XR_HISTORY = 8;
    private static final long NEVER = Long.MIN_VALUE;

    /** A remote SSRC in the member table. */
    private static final class Member {
        long lastHeardNanos; // RTP or RTCP; NEVER until the first check after its receive stream was added
        long lastRtpNanos = NEVER; // NEVER when not in the senders table
        boolean active = true; // false once timed out (kept while it has a receive stream, for its stats)
        long rrtrCompact = -1; // last XR RRTR it sent us (LRR), and when it arrived
        long rrtrArrivalNanos;

        Member(long lastHeardNanos) {
            this.lastHeardNanos = lastHeardNanos;
        }
    }

    private final String cname;
    private final double rtcpBytesPerSecond;
    private final long minIntervalNanos;
    private final Random random;
    private final long ntpOffsetNanos;
    private final Map<Long, SendStream> sendStreams = new LinkedHashMap<>();
    private final Map<Long, ReceiveStream> receiveStreams = new LinkedHashMap<>();
    private final Map<Long, Member> members = new LinkedHashMap<>();
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private final ArrayDeque<RtcpPacket> feedback = new ArrayDeque<>();
    private final List<Long> byes = new ArrayList<>();
    private final List<Long> timeouts = new ArrayList<>();
    private final long[] rrtrCompact = new long[XR_HISTORY];
    private final long[] rrtrSentNanos = new long[XR_HISTORY];
    private int rrtrNext;
    private boolean sendRrtr;
    private static final int MAX_DLRR_ITEMS = 16;
    private double avgRtcpSize = 128;
    private boolean initial = true;
    private long lastReportNanos = NEVER;
    private long lastNowNanos = NEVER;
    private long nextReportNanos = NEVER;
    private long lastIntervalNanos;
    private int previousMembers = 1;
    private boolean closed;
    // RFC 3550 6.3.7 BYE back-off: while leaving a session of more than 50 members, the BYE waits its turn and
    // "members" counts the BYEs received meanwhile instead.
    private byte[] pendingBye;
    private int byeMembers;
    private boolean sentRtcp;
    private long reportsSent;

    /**
     * @param cname                   the SDES CNAME sent with every report
     * @param sessionBandwidthBps     the session bandwidth (SDP b=AS or the sender's rate); RTCP gets 5%
     * @param minIntervalNanos        the minimum report interval (5 s by RFC 3550; RFC 4585 profiles go lower)
     * @param random                  randomizes intervals (seed it in tests)
     * @param ntpOffsetNanos          Unix time in nanoseconds minus the {@code nowNanos} clock, for NTP timestamps
     */
    public RtcpSession(String cname, long sessionBandwidthBps, long minIntervalNanos, Random random,
            long ntpOffsetNanos) {
        if (sessionBandwidthBps <= 0 || minIntervalNanos <= 0) {
            throw new IllegalArgumentException("bandwidth and minimum interval must be positive");
        }
        this.cname = cname;
        this.rtcpBytesPerSecond = sessionBandwidthBps * 0.05 / 8;
        this.minIntervalNanos = minIntervalNanos;
        this.random = random;
        this.ntpOffsetNanos = ntpOffsetNanos;
        java.util.Arrays.fill(rrtrCompact, -1);
    }

    /**
     * Sends an XR receiver reference time block with every report (RFC 3611 4.4; SDP {@code a=rtcp-xr:rcvr-rtt}),
     * so that a remote sender's DLRR answer gives the round-trip time to it even when we send no media.
     */
    public void setReceiverReferenceTimeReports(boolean enabled) {
        this.sendRrtr = enabled;
    }

    public SendStream addSendStream(long ssrc, int clockRate) {
        return sendStreams.computeIfAbsent(ssrc, s -> new SendStream(s, clockRate));
    }

    /** Adds a remote source; it counts as a member from now on, and times out if it is never heard. */
    public ReceiveStream addReceiveStream(long ssrc, int clockRate) {
        if (!members.containsKey(ssrc) && members.size() < MAX_REMOTE_MEMBERS) {
            members.put(ssrc, new Member(NEVER));
        }
        return receiveStreams.computeIfAbsent(ssrc, s -> new ReceiveStream(s, clockRate));
    }

    public SendStream sendStream(long ssrc) {
        return sendStreams.get(ssrc);
    }

    public ReceiveStream receiveStream(long ssrc) {
        return receiveStreams.get(ssrc);
    }

    /** Notes that a remote source sent RTP: a member, and a sender (RFC 3550 6.3.3). */
    public void onRtpReceived(long nowNanos, long ssrc) {
        Member m = heard(nowNanos, ssrc);
        if (m != null) {
            m.lastRtpNanos = nowNanos;
        }
    }

    private Member heard(long nowNanos, long ssrc) {
        if (sendStreams.containsKey(ssrc)) {
            return null; // our own SSRC looped back, or a collision: not a remote member
        }
        Member m = members.get(ssrc);
        if (m == null) {
            if (members.size() >= MAX_REMOTE_MEMBERS) {
                return null;
            }
            m = new Member(nowNanos);
            members.put(ssrc, m);
        }
        m.lastHeardNanos = nowNanos;
        m.active = true;
        return m;
    }

    /**
     * Applies a received compound packet: its senders are heard, SRs go to the receive stream of their sender,
     * report blocks about local sources to their send streams, XR RRTR and DLRR blocks are answered or measured,
     * BYE removes sources, feedback about local sources is counted and queued.
     *
     * @param sizeBytes the compound packet's size, for the average RTCP size
     */
    public void onRtcp(long nowNanos, List<RtcpPacket> packets, int sizeBytes) {
        if (pendingBye != null) {
            countByesWhileLeaving(packets, sizeBytes);
            return;
        }
        if (closed) {
            return;
        }
        avgRtcpSize = (sizeBytes + IP_UDP_OVERHEAD) / 16.0 + avgRtcpSize * 15 / 16;
        boolean left = false;
        for (RtcpPacket p : packets) {
            if (p instanceof SenderReport sr) {
                heard(nowNanos, sr.ssrc());
                ReceiveStream rs = receiveStreams.get(sr.ssrc());
                if (rs != null) {
                    rs.onSenderReport(nowNanos, sr);
                }
                applyBlocks(nowNanos, sr.reports());
            } else if (p instanceof ReceiverReport rr) {
                heard(nowNanos, rr.ssrc());
                applyBlocks(nowNanos, rr.reports());
            } else if (p instanceof SourceDescription sdes) {
                for (SourceDescription.Chunk c : sdes.chunks()) {
                    heard(nowNanos, c.ssrc());
                }
            } else if (p instanceof ExtendedReport xr) {
                onExtendedReport(nowNanos, xr);
            } else if (p instanceof Goodbye bye) {
                for (long ssrc : bye.ssrcs()) {
                    boolean wasMember = members.remove(ssrc) != null;
                    if (receiveStreams.remove(ssrc) != null || wasMember) {
                        byes.add(ssrc);
                        left |= wasMember;
                    }
                }
            } else if (p instanceof GenericNack nack) {
                heard(nowNanos, nack.senderSsrc());
                SendStream s = sendStreams.get(nack.mediaSsrc());
                if (s != null) {
                    s.countNackReceived();
                    feedback.add(p);
                }
            } else if (p instanceof PictureLossIndication pli) {
                heard(nowNanos, pli.senderSsrc());
                SendStream s = sendStreams.get(pli.mediaSsrc());
                if (s != null) {
                    s.countPliReceived();
                    feedback.add(p);
                }
            } else if (p instanceof FullIntraRequest fir) {
                heard(nowNanos, fir.senderSsrc());
                for (FullIntraRequest.Entry e : fir.entries()) {
                    SendStream s = sendStreams.get(e.ssrc());
                    if (s != null) {
                        s.countFirReceived();
                        feedback.add(p);
                    }
                }
            } else if (p instanceof Remb remb) {
                heard(nowNanos, remb.senderSsrc());
            } else if (p instanceof TransportCcFeedback twcc) {
                heard(nowNanos, twcc.senderSsrc());
            } else if (p instanceof AppPacket app) {
                heard(nowNanos, app.ssrc());
            }
        }
        if (left) {
            reverseReconsideration(nowNanos);
        }
    }

    private void onExtendedReport(long nowNanos, ExtendedReport xr) {
        Member m = heard(nowNanos, xr.ssrc());
        ExtendedReport.ReceiverReferenceTime rrtr = xr.receiverReferenceTime();
        if (rrtr != null && m != null) {
            m.rrtrCompact = rrtr.compactNtp();
            m.rrtrArrivalNanos = nowNanos;
        }
        ExtendedReport.DlrrItem dlrr = xr.dlrrFor(reporterSsrc());
        ReceiveStream rs = receiveStreams.get(xr.ssrc());
        if (dlrr == null || rs == null || dlrr.lastRr() == 0) {
            return;
        }
        for (int i = 0; i < XR_HISTORY; i++) {
            if (rrtrCompact[i] == dlrr.lastRr()) {
                long rtt = nowNanos - rrtrSentNanos[i] - NtpTime.fromCompactDuration(dlrr.delaySinceLastRr());
                if (rtt >= 0) {
                    rs.onRoundTripTime(rtt);
                }
                return;
            }
        }
    }

    private void applyBlocks(long nowNanos, List<ReportBlock> blocks) {
        for (ReportBlock b : blocks) {
            SendStream s = sendStreams.get(b.ssrc());
            if (s != null) {
                s.onReportBlock(nowNanos, b);
            }
        }
    }

    /** Sources that left with a BYE since the last call. */
    public List<Long> pollByes() {
        List<Long> out = List.copyOf(byes);
        byes.clear();
        return out;
    }

    /**
     * Sources timed out since the last call (RFC 3550 6.3.5: silent for five deterministic report intervals).
     * Their receive streams stay, for their statistics, but get no report blocks until they are heard again.
     */
    public List<Long> pollTimeouts() {
        List<Long> out = List.copyOf(timeouts);
        timeouts.clear();
        return out;
    }

    /** The next feedback packet about a local source (NACK, PLI, FIR), or null. */
    public RtcpPacket pollFeedback() {
        return feedback.poll();
    }

    /**
     * When {@link #handleTimeout} next has work: the next report, or the next member timeout if sooner;
     * Long.MAX_VALUE after close. Never before the last {@code nowNanos} it was given.
     */
    public long pollDeadline() {
        if (pendingBye != null) {
            return Math.max(nextReportNanos, lastNowNanos);
        }
        if (closed) {
            return Long.MAX_VALUE;
        }
        if (nextReportNanos == NEVER) {
            return NEVER; // call handleTimeout to start
        }
        long timeoutNanos = TIMEOUT_MULTIPLIER * deterministicReceiverIntervalNanos();
        long deadline = nextReportNanos;
        for (Member m : members.values()) {
            if (m.active && m.lastHeardNanos != NEVER) {
                deadline = Math.min(deadline, m.lastHeardNanos + timeoutNanos);
            }
        }
        return Math.max(deadline, lastNowNanos);
    }

    /** The next scheduled report (tn of RFC 3550 6.3), for tests and diagnostics. */
    long nextReportNanos() {
        return nextReportNanos;
    }

    public void handleTimeout(long nowNanos) {
        lastNowNanos = Math.max(lastNowNanos, nowNanos);
        if (pendingBye != null) {
            sendByeWhenDue(nowNanos);
            return;
        }
        if (closed) {
            return;
        }
        if (nextReportNanos == NEVER) {
            // First call: schedule the first report at half the minimum interval (RFC 3550 6.2 "initial").
            lastReportNanos = nowNanos;
            checkTimeouts(nowNanos);
            previousMembers = memberCount();
            nextReportNanos = nowNanos + interval(nowNanos);
            return;
        }
        // 6.3.5 on every call (so at least once per transmission interval, and at each member's own deadline);
        // members leaving bring the scheduled report forward (6.3.4).
        checkTimeouts(nowNanos);
        if (nowNanos < nextReportNanos) {
            return;
        }
        long t = interval(nowNanos);
        if (lastReportNanos + t <= nowNanos) { // RFC 3550 6.3.6: timer reconsideration
            transmits.add(makeReport(nowNanos));
            reportsSent++;
            lastReportNanos = nowNanos;
            initial = false;
            nextReportNanos = nowNanos + interval(nowNanos);
        } else {
            nextReportNanos = lastReportNanos + t;
        }
        previousMembers = memberCount(); // 6.3.6: pmembers = members
    }

    /**
     * RFC 3550 6.3.5: members not heard for M times the deterministic receiver interval (fixed 5 s minimum) are
     * timed out; remote senders that sent no RTP for two report intervals are no longer counted as senders.
     */
    private void checkTimeouts(long nowNanos) {
        for (Map.Entry<Long, ReceiveStream> e : receiveStreams.entrySet()) {
            Member m = members.get(e.getKey());
            long arrival = e.getValue().lastArrivalNanos();
            if (arrival != NEVER && (m == null || arrival > m.lastHeardNanos)) {
                onRtpReceived(arrival, e.getKey()); // the application fed the stream but not onRtpReceived
            }
        }
        // Timed out when lastHeard + M * Td <= now: the same sum pollDeadline reports, so its deadline fires.
        long timeoutNanos = TIMEOUT_MULTIPLIER * deterministicReceiverIntervalNanos();
        long senderDeadline = nowNanos - 2 * (lastIntervalNanos == 0 ? minIntervalNanos : lastIntervalNanos);
        boolean left = false;
        for (Iterator<Map.Entry<Long, Member>> it = members.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Member> e = it.next();
            Member m = e.getValue();
            if (m.lastHeardNanos == NEVER) {
                m.lastHeardNanos = nowNanos; // added with its receive stream: its silence counts from now
            }
            if (m.lastRtpNanos != NEVER && m.lastRtpNanos < senderDeadline) {
                m.lastRtpNanos = NEVER;
            }
            if (m.active && m.lastHeardNanos + timeoutNanos <= nowNanos) {
                LOG.debug("RTCP member {} timed out after {} ms of silence", e.getKey(),
                        (nowNanos - m.lastHeardNanos) / 1_000_000);
                timeouts.add(e.getKey());
                left = true;
                m.active = false;
                m.lastRtpNanos = NEVER;
                if (!receiveStreams.containsKey(e.getKey())) {
                    it.remove();
                }
            }
        }
        if (left) {
            reverseReconsideration(nowNanos);
        }
    }

    /**
     * RFC 3550 6.3.4: when members drop below what the scheduled report was computed for, bring the report (and
     * the reference time tp) forward in proportion.
     */
    private void reverseReconsideration(long nowNanos) {
        int m = memberCount();
        if (m >= previousMembers || nextReportNanos == NEVER || closed) {
            return;
        }
        double f = (double) m / previousMembers;
        if (nextReportNanos > nowNanos) {
            nextReportNanos = nowNanos + (long) (f * (nextReportNanos - nowNanos));
        }
        lastReportNanos = nowNanos - (long) (f * (nowNanos - lastReportNanos));
        previousMembers = m;
    }

    /** The session members as RFC 3550 counts them: our sources (at least one) and the active remote members. */
    public int memberCount() {
        int n = Math.max(1, sendStreams.size());
        for (Member m : members.values()) {
            n += m.active ? 1 : 0;
        }
        return n;
    }

    /** Senders: our sources that sent RTP in the last two intervals and remote members that did. */
    public int senderCount() {
        int n = 0;
        for (SendStream s : sendStreams.values()) {
            n += s.isSender() ? 1 : 0;
        }
        for (Member m : members.values()) {
            n += m.active && m.lastRtpNanos != NEVER ? 1 : 0;
        }
        return n;
    }

    /** The last computed interval, in nanoseconds (for tests and diagnostics). */
    public long lastIntervalNanos() {
        return lastIntervalNanos;
    }

    public long reportsSent() {
        return reportsSent;
    }

    /** RFC 3550 appendix A.7 (randomized, compensated): the interval to the next report. */
    private long interval(long nowNanos) {
        boolean weSent = false;
        for (SendStream s : sendStreams.values()) {
            weSent |= s.isSender();
        }
        double minSeconds = minIntervalNanos / 1e9 / (initial ? 2 : 1);
        double t = pendingBye != null ? deterministicSeconds(byeMembers, 0, false, minSeconds)
                : deterministicSeconds(memberCount(), senderCount(), weSent, minSeconds);
        t = t * (random.nextDouble() + 0.5) / COMPENSATION;
        lastIntervalNanos = (long) (t * 1e9);
        return lastIntervalNanos;
    }

    /** RFC 3550 6.3.5: Td for a receiver (we_sent false) with the fixed minimum, for member timeouts. */
    long deterministicReceiverIntervalNanos() {
        double fixedMin = Math.max(DEFAULT_MIN_INTERVAL_NANOS, minIntervalNanos) / 1e9;
        return (long) (deterministicSeconds(memberCount(), senderCount(), false, fixedMin) * 1e9);
    }

    /** RFC 3550 6.3.1 steps 1-3: Td = max(Tmin, n * C). */
    private double deterministicSeconds(int members, int senders, boolean weSent, double minSeconds) {
        double bw = rtcpBytesPerSecond;
        int n = members;
        if (senders > 0 && senders <= members * 0.25) {
            if (weSent) {
                bw *= 0.25;
                n = senders;
            } else {
                bw *= 0.75;
                n -= senders;
            }
        }
        return Math.max(avgRtcpSize * n / bw, minSeconds);
    }

    private long reporterSsrc() {
        return sendStreams.isEmpty() ? 0 : sendStreams.keySet().iterator().next();
    }

    private byte[] makeReport(long nowNanos) {
        List<RtcpPacket> packets = new ArrayList<>();
        List<ReportBlock> blocks = new ArrayList<>();
        for (ReceiveStream r : receiveStreams.values()) {
            Member m = members.get(r.ssrc());
            if (r.hasReceived() && m != null && m.active && blocks.size() < 31) {
                blocks.add(r.reportBlock(nowNanos));
            }
        }
        long ntp = NtpTime.fromUnixNanos(nowNanos + ntpOffsetNanos);
        long reporter = reporterSsrc();
        boolean first = true;
        for (SendStream s : sendStreams.values()) {
            if (s.isSender()) {
                packets.add(s.senderReport(nowNanos, ntp, first ? blocks : List.of()));
                first = false;
            } else {
                s.reportIntervalPassed();
            }
        }
        boolean weSend = !first;
        if (first) {
            packets.add(0, new ReceiverReport(reporter, blocks));
        }
        List<SourceDescription.Chunk> chunks = new ArrayList<>();
        for (long ssrc : sendStreams.isEmpty() ? List.of(reporter) : sendStreams.keySet()) {
            chunks.add(new SourceDescription.Chunk(ssrc,
                    List.of(SourceDescription.Item.text(SourceDescription.CNAME, cname))));
        }
        packets.add(new SourceDescription(chunks.subList(0, Math.min(31, chunks.size()))));
        List<ExtendedReport.Block> xrBlocks = new ArrayList<>(2);
        if (sendRrtr) {
            xrBlocks.add(new ExtendedReport.ReceiverReferenceTime(ntp));
            rrtrCompact[rrtrNext] = NtpTime.compact(ntp);
            rrtrSentNanos[rrtrNext] = nowNanos;
            rrtrNext = (rrtrNext + 1) % XR_HISTORY;
        }
        if (weSend) { // RFC 3611 4.5: a sender answers the RRTRs it received
            List<ExtendedReport.DlrrItem> answers = new ArrayList<>();
            for (Map.Entry<Long, Member> e : members.entrySet()) {
                Member m = e.getValue();
                // A few answers per report: a peer announcing hundreds of sources must not push the report
                // past a datagram (each item is 12 bytes).
                if (m.active && m.rrtrCompact >= 0 && answers.size() < MAX_DLRR_ITEMS) {
                    answers.add(new ExtendedReport.DlrrItem(e.getKey(), m.rrtrCompact,
                            NtpTime.toCompactDuration(nowNanos - m.rrtrArrivalNanos)));
                }
            }
            if (!answers.isEmpty()) {
                xrBlocks.add(new ExtendedReport.Dlrr(answers));
            }
        }
        if (!xrBlocks.isEmpty()) {
            packets.add(new ExtendedReport(reporter, xrBlocks));
        }
        byte[] bytes = RtcpCompound.toBytes(packets);
        avgRtcpSize = (bytes.length + IP_UDP_OVERHEAD) / 16.0 + avgRtcpSize * 15 / 16;
        sentRtcp = true;
        return bytes;
    }

    /**
     * Leaves the session with a final report and BYE for the local sources (RFC 3550 6.3.7); the session then stops
     * reporting. With 50 members or fewer the BYE is queued at once; with more it follows the BYE back-off: it is
     * scheduled like a first report in a session whose members are the BYEs heard since, so that many leaving
     * together do not flood the session (poll {@link #pollDeadline()} and call {@link #handleTimeout} until it is
     * sent). A session that never sent RTP or RTCP leaves without a BYE, as 6.3.7 requires.
     */
    public void close(long nowNanos, String reason) {
        if (closed) {
            return;
        }
        boolean sentRtp = false;
        for (SendStream s : sendStreams.values()) {
            sentRtp |= s.stats().packetsSent() > 0;
        }
        closed = true;
        if (!sentRtp && !sentRtcp) {
            return;
        }
        byte[] withBye = byeCompound(nowNanos, reason);
        if (memberCount() <= 50) {
            transmits.add(withBye);
            return;
        }
        pendingBye = withBye;
        lastNowNanos = Math.max(lastNowNanos, nowNanos);
        lastReportNanos = nowNanos;
        byeMembers = 1;
        previousMembers = 1;
        initial = true;
        avgRtcpSize = withBye.length + IP_UDP_OVERHEAD;
        nextReportNanos = nowNanos + interval(nowNanos);
    }

    /** 6.3.7: while leaving, only BYE packets count, as members and in the average size. */
    private void countByesWhileLeaving(List<RtcpPacket> packets, int sizeBytes) {
        boolean bye = false;
        for (RtcpPacket p : packets) {
            if (p instanceof Goodbye) {
                byeMembers++;
                bye = true;
            }
        }
        if (bye) {
            avgRtcpSize = (sizeBytes + IP_UDP_OVERHEAD) / 16.0 + avgRtcpSize * 15 / 16;
        }
    }

    /** The usual transmission rule (6.3.6, timer reconsideration) applied to the pending BYE. */
    private void sendByeWhenDue(long nowNanos) {
        if (nowNanos < nextReportNanos) {
            return;
        }
        long t = interval(nowNanos);
        if (lastReportNanos + t <= nowNanos) {
            transmits.add(pendingBye);
            pendingBye = null;
        } else {
            nextReportNanos = lastReportNanos + t;
        }
    }

    /** The BYE that ends the session: we are leaving, so it is the report and BYE of this moment. */
    private byte[] byeCompound(long nowNanos, String reason) {
        byte[] report = makeReport(nowNanos);
        List<Long> locals = new ArrayList<>(sendStreams.keySet());
        if (locals.isEmpty()) {
            locals.add(0L);
        }
        Goodbye bye = new Goodbye(locals.subList(0, Math.min(31, locals.size())),
                reason == null ? null : reason.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] withBye = new byte[report.length + bye.encodedLength()];
        System.arraycopy(report, 0, withBye, 0, report.length);
        bye.writeTo(withBye, report.length);
        return withBye;
    }

    /** The next compound packet to send, or null. */
    public byte[] pollTransmit() {
        return transmits.poll();
    }
}
