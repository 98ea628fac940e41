package dev.robusta.rtp.stream;

import dev.robusta.rtp.rtcp.FullIntraRequest;
import dev.robusta.rtp.rtcp.GenericNack;
import dev.robusta.rtp.rtcp.Goodbye;
import dev.robusta.rtp.rtcp.PictureLossIndication;
import dev.robusta.rtp.rtcp.ReceiverReport;
import dev.robusta.rtp.rtcp.ReportBlock;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpPacket;
import dev.robusta.rtp.rtcp.SenderReport;
import dev.robusta.rtp.rtcp.SourceDescription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The RTCP side of one RTP session, sans-IO: local {@link SendStream}s and remote {@link ReceiveStream}s, compound
 * reports (SR or RR, then SDES CNAME) sent at the interval RFC 3550 section 6.3 and appendix A.7 compute (5% of
 * the session bandwidth, a quarter for senders, randomized over [0.5, 1.5] and divided by e - 3/2, with timer
 * reconsideration), incoming reports applied to the streams they describe, and BYE.
 *
 * <p>Drive it with {@link #handleTimeout} at {@link #pollDeadline()}, feed received RTCP to {@link #onRtcp}, and
 * send what {@link #pollTransmit()} returns. Feedback about local streams (NACK, PLI, FIR) is counted and queued
 * for {@link #pollFeedback()}. Not thread-safe.
 */
public final class RtcpSession {
    /** RFC 3550 6.2: the recommended minimum interval. */
    public static final long DEFAULT_MIN_INTERVAL_NANOS = 5_000_000_000L;
    private static final double COMPENSATION = Math.E - 1.5;
    private static final int IP_UDP_OVERHEAD = 28;

    private final String cname;
    private final double rtcpBytesPerSecond;
    private final long minIntervalNanos;
    private final Random random;
    private final long ntpOffsetNanos;
    private final Map<Long, SendStream> sendStreams = new LinkedHashMap<>();
    private final Map<Long, ReceiveStream> receiveStreams = new LinkedHashMap<>();
    private final Map<Long, Long> lastRtpFromRemote = new LinkedHashMap<>();
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private final ArrayDeque<RtcpPacket> feedback = new ArrayDeque<>();
    private final List<Long> byes = new ArrayList<>();
    private double avgRtcpSize = 128;
    private boolean initial = true;
    private long lastReportNanos = Long.MIN_VALUE;
    private long nextReportNanos = Long.MIN_VALUE;
    private long lastIntervalNanos;
    private boolean closed;
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
    }

    public SendStream addSendStream(long ssrc, int clockRate) {
        return sendStreams.computeIfAbsent(ssrc, s -> new SendStream(s, clockRate));
    }

    public ReceiveStream addReceiveStream(long ssrc, int clockRate) {
        return receiveStreams.computeIfAbsent(ssrc, s -> new ReceiveStream(s, clockRate));
    }

    public SendStream sendStream(long ssrc) {
        return sendStreams.get(ssrc);
    }

    public ReceiveStream receiveStream(long ssrc) {
        return receiveStreams.get(ssrc);
    }

    /** Notes that a remote source sent RTP (for the senders count of the interval computation). */
    public void onRtpReceived(long nowNanos, long ssrc) {
        lastRtpFromRemote.put(ssrc, nowNanos);
    }

    /**
     * Applies a received compound packet: SRs to the receive stream of their sender, report blocks about local
     * sources to their send streams, BYE removes sources, feedback about local sources is counted and queued.
     *
     * @param sizeBytes the compound packet's size, for the average RTCP size
     */
    public void onRtcp(long nowNanos, List<RtcpPacket> packets, int sizeBytes) {
        avgRtcpSize = (sizeBytes + IP_UDP_OVERHEAD) / 16.0 + avgRtcpSize * 15 / 16;
        for (RtcpPacket p : packets) {
            if (p instanceof SenderReport sr) {
                ReceiveStream rs = receiveStreams.get(sr.ssrc());
                if (rs != null) {
                    rs.onSenderReport(nowNanos, sr);
                }
                applyBlocks(nowNanos, sr.reports());
            } else if (p instanceof ReceiverReport rr) {
                applyBlocks(nowNanos, rr.reports());
            } else if (p instanceof Goodbye bye) {
                for (long ssrc : bye.ssrcs()) {
                    if (receiveStreams.remove(ssrc) != null) {
                        byes.add(ssrc);
                    }
                    lastRtpFromRemote.remove(ssrc);
                }
            } else if (p instanceof GenericNack nack) {
                SendStream s = sendStreams.get(nack.mediaSsrc());
                if (s != null) {
                    s.countNackReceived();
                    feedback.add(p);
                }
            } else if (p instanceof PictureLossIndication pli) {
                SendStream s = sendStreams.get(pli.mediaSsrc());
                if (s != null) {
                    s.countPliReceived();
                    feedback.add(p);
                }
            } else if (p instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry e : fir.entries()) {
                    SendStream s = sendStreams.get(e.ssrc());
                    if (s != null) {
                        s.countFirReceived();
                        feedback.add(p);
                    }
                }
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

    /** The next feedback packet about a local source (NACK, PLI, FIR), or null. */
    public RtcpPacket pollFeedback() {
        return feedback.poll();
    }

    /** When {@link #handleTimeout} next has work; Long.MAX_VALUE after close. */
    public long pollDeadline() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        return nextReportNanos;
    }

    public void handleTimeout(long nowNanos) {
        if (closed) {
            return;
        }
        if (nextReportNanos == Long.MIN_VALUE) {
            // First call: schedule the first report at half the minimum interval (RFC 3550 6.2 "initial").
            lastReportNanos = nowNanos;
            nextReportNanos = nowNanos + interval();
            return;
        }
        if (nowNanos < nextReportNanos) {
            return;
        }
        long t = interval();
        if (lastReportNanos + t <= nowNanos) { // RFC 3550 6.3.6: timer reconsideration
            transmits.add(makeReport(nowNanos));
            reportsSent++;
            lastReportNanos = nowNanos;
            initial = false;
            nextReportNanos = nowNanos + interval();
        } else {
            nextReportNanos = lastReportNanos + t;
        }
    }

    /** The last computed interval, in nanoseconds (for tests and diagnostics). */
    public long lastIntervalNanos() {
        return lastIntervalNanos;
    }

    public long reportsSent() {
        return reportsSent;
    }

    /** RFC 3550 appendix A.7. */
    private long interval() {
        int senders = 0;
        boolean weSent = false;
        for (SendStream s : sendStreams.values()) {
            if (s.sentSinceLastReport()) {
                senders++;
                weSent = true;
            }
        }
        long recent = lastIntervalNanos == 0 ? minIntervalNanos * 2 : lastIntervalNanos * 2;
        long now = lastReportNanos;
        for (long at : lastRtpFromRemote.values()) {
            if (now - at <= recent) {
                senders++;
            }
        }
        int members = Math.max(1, sendStreams.size()) + receiveStreams.size();
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
        double minSeconds = minIntervalNanos / 1e9 / (initial ? 2 : 1);
        double t = Math.max(avgRtcpSize * n / bw, minSeconds);
        t = t * (random.nextDouble() + 0.5) / COMPENSATION;
        lastIntervalNanos = (long) (t * 1e9);
        return lastIntervalNanos;
    }

    private byte[] makeReport(long nowNanos) {
        List<RtcpPacket> packets = new ArrayList<>();
        List<ReportBlock> blocks = new ArrayList<>();
        for (ReceiveStream r : receiveStreams.values()) {
            if (r.hasReceived() && blocks.size() < 31) {
                blocks.add(r.reportBlock(nowNanos));
            }
        }
        long ntp = NtpTime.fromUnixNanos(nowNanos + ntpOffsetNanos);
        List<Long> locals = new ArrayList<>(sendStreams.keySet());
        long reporter = locals.isEmpty() ? 0 : locals.get(0);
        boolean first = true;
        for (SendStream s : sendStreams.values()) {
            if (s.sentSinceLastReport()) {
                packets.add(s.senderReport(nowNanos, ntp, first ? blocks : List.of()));
                first = false;
            } else {
                s.reportIntervalPassed();
            }
        }
        if (first) {
            packets.add(0, new ReceiverReport(reporter, blocks));
        }
        List<SourceDescription.Chunk> chunks = new ArrayList<>();
        for (long ssrc : locals.isEmpty() ? List.of(reporter) : locals) {
            chunks.add(new SourceDescription.Chunk(ssrc,
                    List.of(SourceDescription.Item.text(SourceDescription.CNAME, cname))));
        }
        packets.add(new SourceDescription(chunks.subList(0, Math.min(31, chunks.size()))));
        byte[] bytes = RtcpCompound.toBytes(packets);
        avgRtcpSize = (bytes.length + IP_UDP_OVERHEAD) / 16.0 + avgRtcpSize * 15 / 16;
        return bytes;
    }

    /** Queues a final report and BYE for the local sources (RFC 3550 6.3.7); the session then stops reporting. */
    public void close(long nowNanos, String reason) {
        if (closed) {
            return;
        }
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
        transmits.add(withBye);
        closed = true;
    }

    /** The next compound packet to send, or null. */
    public byte[] pollTransmit() {
        return transmits.poll();
    }
}
