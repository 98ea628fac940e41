package dev.robusta.peer.media;

import dev.robusta.dtls.srtp.SrtpException;
import dev.robusta.dtls.srtp.SrtpSession;
import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.packet.HeaderExtensions;
import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.recovery.Rtx;
import dev.robusta.rtp.rtcp.FullIntraRequest;
import dev.robusta.rtp.rtcp.GenericNack;
import dev.robusta.rtp.rtcp.PictureLossIndication;
import dev.robusta.rtp.rtcp.RtcpCompound;
import dev.robusta.rtp.rtcp.RtcpPacket;
import dev.robusta.rtp.stream.RtcpSession;
import dev.robusta.rtp.stream.SendStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media of one connection, sans-IO: our senders' frames out as SRTP packets, the peer's SRTP packets in as
 * whole frames, and the RTCP between (reports, NACK answered with RTX, key-frame requests both ways).
 *
 * <p>The driver hands it decrypted-transport datagrams ({@link #handleRtp}, {@link #handleRtcp}, demultiplexed by
 * RFC 7983/5761 first), ticks ({@link #handleTimeout}) and our frames ({@link #sendFrame}), with the current time in
 * nanoseconds; it drains {@link #pollTransmit} and {@link #pollEvent} and calls again at {@link #pollDeadline}.
 * Nothing here reads a clock, blocks or starts a thread. <b>Not thread-safe:</b> one thread (the connection's
 * loop) calls everything.
 *
 * <p>Incoming packets find their receiver as RFC 8843 9.2 says, from the clear header before any decryption: a
 * known SSRC, else the MID header extension, else a payload type only one receiver has. A packet that finds
 * none, fails SRTP, does not parse or carries a payload type that was not negotiated is counted and dropped;
 * only as many remote sources as receivers (and their RTX streams) are ever bound, so a flood of new SSRCs costs
 * nothing but the count.
 */
public final class MediaSession {
    private static final Logger LOG = LoggerFactory.getLogger(MediaSession.class);
    /** The largest datagram we send: the size browsers use for RTP over the Internet. */
    public static final int MAX_DATAGRAM = 1200;
    private static final long DEFAULT_RTT_NANOS = 100_000_000L;
    /** Least time between two retransmissions of one packet. */
    private static final long MIN_RESEND_NANOS = 10_000_000L;
    /** RTCP for a few Mbit/s of video: 5% of it, reports at least every second (RFC 4585 lets us go lower). */
    private static final long RTCP_BANDWIDTH_BPS = 2_000_000;
    private static final long RTCP_MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final SrtpSession srtp;
    private final RtcpSession rtcp;
    private final Random random;
    private final long feedbackSsrc;
    private final int mtu;
    /** Few per connection: a list scanned by SSRC, which unlike a map keyed by Long allocates nothing. */
    private final List<OutboundRtp> senders = new ArrayList<>();
    private final List<ReceiveParameters> receivers = new ArrayList<>();
    private final Map<Long, InboundRtp> inbound = new HashMap<>();
    /** RTX SSRC -> the stream it repairs. */
    private final Map<Long, InboundRtp> inboundRtx = new HashMap<>();
    private final ArrayDeque<MediaEvent> events = new ArrayDeque<>();
    private final TransmitQueue transmits = new TransmitQueue(MAX_DATAGRAM + 64);
    private final RtpPacket view = new RtpPacket();
    /** The largest packet we take from a peer (its MTU may be larger than ours). */
    static final int MAX_RECEIVED_PACKET = 1500;
    private final byte[] restored = new byte[MAX_RECEIVED_PACKET];
    private final int[] lost = new int[64];
    private final List<OutboundRtp> keyframeRequestedNow = new ArrayList<>();
    private int transportSequence;
    private final MediaCounters counters = new MediaCounters();

    /**
     * @param srtp           both directions' SRTP keys, from the DTLS handshake
     * @param cname          our RTCP CNAME (one per connection, RFC 7022)
     * @param random         SSRC-independent randomness: sequence numbers, RTCP intervals
     * @param ntpOffsetNanos wall-clock time minus the {@code now} clock, for the NTP timestamps of sender reports
     */
    public MediaSession(SrtpSession srtp, String cname, Random random, long ntpOffsetNanos) {
        this.srtp = srtp;
        this.random = random;
        this.rtcp = new RtcpSession(cname, RTCP_BANDWIDTH_BPS, RTCP_MIN_INTERVAL_NANOS, random, ntpOffsetNanos);
        // A receiver needs the round-trip time to pace its NACKs; RFC 3611 RRTR/DLRR gives it one without sending
        // media (a peer that does not know XR ignores the block).
        rtcp.setReceiverReferenceTimeReports(true);
        this.feedbackSsrc = random.nextInt() & 0xFFFF_FFFFL;
        this.mtu = MAX_DATAGRAM - srtp.rtpOverhead();
    }

    // ------------------------------------------------------------------ configuration

    /** Adds a sender; frames for it go through {@link #sendFrame} with its SSRC. */
    public void addSender(SendParameters p) {
        if (sender(p.ssrc()) != null) {
            throw new IllegalArgumentException("SSRC " + p.ssrc() + " is already sending");
        }
        SendStream stream = rtcp.addSendStream(p.ssrc(), p.codec().clockRate());
        senders.add(new OutboundRtp(p, stream, mtu, random));
    }

    private OutboundRtp sender(long ssrc) {
        for (int i = 0; i < senders.size(); i++) {
            OutboundRtp s = senders.get(i);
            if (s.params.ssrc() == ssrc) {
                return s;
            }
        }
        return null;
    }

    /** Adds a receiver; its frames come as {@link MediaEvent.FrameReceived} with its mid. */
    public void addReceiver(ReceiveParameters p) {
        for (ReceiveParameters r : receivers) {
            if (r.mid().equals(p.mid())) {
                throw new IllegalArgumentException("a receiver for mid " + p.mid() + " exists already");
            }
        }
        receivers.add(p);
        if (p.ssrc() >= 0) {
            bind(p, p.ssrc());
        }
        if (p.rtxSsrc() >= 0 && p.ssrc() >= 0) {
            inboundRtx.put(p.rtxSsrc(), inbound.get(p.ssrc()));
        }
    }

    private InboundRtp bind(ReceiveParameters p, long ssrc) {
        InboundRtp in = new InboundRtp(p, ssrc, rtcp.addReceiveStream(ssrc, p.codecs().get(0).clockRate()),
                MAX_RECEIVED_PACKET, counters);
        inbound.put(ssrc, in);
        return in;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends one encoded frame from the sender with {@code ssrc}: packetized in the codec's RTP format, each packet
     * kept for retransmission, protected and queued for {@link #pollTransmit}.
     *
     * @param rtpTimestamp the frame's RTP timestamp, in the codec's clock rate
     * @throws IllegalArgumentException for an unknown sender or an empty frame (or audio larger than a packet)
     */
    public void sendFrame(long now, long ssrc, byte[] frame, int off, int len, long rtpTimestamp) {
        OutboundRtp s = sender(ssrc);
        if (s == null) {
            throw new IllegalArgumentException("no sender with SSRC " + ssrc);
        }
        s.startFrame(frame, off, len, rtpTimestamp);
        while (s.hasNextPacket()) {
            ByteBuffer out = transmits.borrow();
            int n = s.writeNextPacket(now, out.array(), transportSequence++);
            queueRtp(out, n);
        }
        counters.framesSent++;
    }

    private void queueRtp(ByteBuffer out, int plainLength) {
        protectAndQueue(out, plainLength, false);
    }

    /** Protects the packet in {@code out} in place and queues it; a refusal returns the buffer to the pool. */
    private void protectAndQueue(ByteBuffer out, int plainLength, boolean rtcp) {
        try {
            int n = rtcp ? srtp.protectRtcp(out.array(), 0, plainLength) : srtp.protectRtp(out.array(), 0, plainLength);
            transmits.add(out, n);
        } catch (SrtpException e) {
            transmits.giveBack(out);
            counters.srtpProtectFailures++;
            LOG.debug("SRTP refused one of our packets: {}", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Takes one SRTP packet. It is decrypted in place: the bytes are changed, and read only during the call.
     */
    public void handleRtp(long now, byte[] b, int off, int len) {
        counters.rtpReceived++;
        // The header is read before decryption, to route the packet; its padding count, in the encrypted tail,
        // cannot be yet: the padding bit is masked for this first look and put back before SRTP checks it.
        RtpPacket p;
        boolean padded = len > 0 && (b[off] & 0x20) != 0;
        if (padded) {
            b[off] &= (byte) ~0x20;
        }
        try {
            p = view.wrap(b, off, len);
        } catch (MalformedPacketException e) {
            counters.malformed++;
            return;
        } finally {
            if (padded) {
                b[off] |= 0x20;
            }
        }
        long ssrc = p.ssrc();
        InboundRtp rtxOf = inboundRtx.get(ssrc);
        InboundRtp in = rtxOf == null ? inbound.get(ssrc) : null;
        Route route = null;
        if (in == null && rtxOf == null) {
            route = route(p);
            if (route == null || (route.rtx && mediaStreamOf(route.receiver) == null)) {
                counters.unroutable++; // no receiver, or RTX before any media of its stream
                return;
            }
        }
        int n;
        try {
            n = srtp.unprotectRtp(b, off, len);
            p = view.wrap(b, off, n);
        } catch (SrtpException e) {
            counters.srtpFailures++;
            return;
        } catch (MalformedPacketException e) {
            counters.malformed++;
            return;
        }
        if (route != null) {
            // Bound only once SRTP has authenticated the packet: a forged one cannot claim a receiver.
            if (route.rtx) {
                rtxOf = mediaStreamOf(route.receiver);
                inboundRtx.put(ssrc, rtxOf);
            } else {
                in = bind(route.receiver, ssrc);
            }
        }
        rtcp.onRtpReceived(now, ssrc);
        if (rtxOf != null) {
            onRtx(now, rtxOf, p);
        } else {
            in.onPacket(now, p, false, events::add);
        }
    }

    private void onRtx(long now, InboundRtp media, RtpPacket rtx) {
        RtpCodec codec = media.params.codecOfRtx(rtx.payloadType());
        if (codec == null || rtx.payloadLength() < 2) {
            counters.malformed++;
            return;
        }
        try {
            int n = Rtx.unwrap(rtx, media.ssrc, codec.payloadType(), restored, 0);
            RtpPacket original = view.wrap(restored, 0, n);
            counters.rtxReceived++;
            media.onPacket(now, original, true, events::add);
        } catch (MalformedPacketException | RuntimeException e) {
            counters.malformed++;
        }
    }

    private record Route(ReceiveParameters receiver, boolean rtx) {}

    /**
     * RFC 8843 9.2: the MID extension first, then a payload type only one receiver has. A receiver takes one
     * media source and one RTX source: another SSRC claiming its MID is refused until the first one ends (BYE or
     * timeout), so a flood of SSRCs cannot make us keep state for each.
     */
    private Route route(RtpPacket p) {
        for (ReceiveParameters r : receivers) {
            int midId = r.extensions().mid();
            if (midId > 0 && HeaderExtensions.textEquals(p, midId, r.mid())) {
                if (r.codec(p.payloadType()) != null) {
                    return hasSource(r) ? null : new Route(r, false);
                }
                boolean rtx = r.codecOfRtx(p.payloadType()) != null;
                return rtx && !hasRtxSource(r) ? new Route(r, true) : null;
            }
        }
        Route found = null;
        for (ReceiveParameters r : receivers) {
            boolean media = r.codec(p.payloadType()) != null;
            boolean rtx = r.codecOfRtx(p.payloadType()) != null;
            if (media || rtx) {
                if (found != null) {
                    return null; // ambiguous: two receivers take this payload type
                }
                found = new Route(r, rtx);
            }
        }
        if (found != null && (found.rtx ? hasRtxSource(found.receiver) : hasSource(found.receiver))) {
            return null; // that receiver has its source already
        }
        return found;
    }

    private boolean hasSource(ReceiveParameters r) {
        return mediaStreamOf(r) != null;
    }

    private boolean hasRtxSource(ReceiveParameters r) {
        for (InboundRtp in : inboundRtx.values()) {
            if (in.params == r) {
                return true;
            }
        }
        return false;
    }

    private InboundRtp mediaStreamOf(ReceiveParameters r) {
        for (InboundRtp in : inbound.values()) {
            if (in.params == r) {
                return in;
            }
        }
        return null;
    }

    /** Takes one SRTCP packet (decrypted in place, as {@link #handleRtp}). */
    public void handleRtcp(long now, byte[] b, int off, int len) {
        counters.rtcpReceived++;
        List<RtcpPacket> packets;
        try {
            int n = srtp.unprotectRtcp(b, off, len);
            packets = RtcpCompound.parse(b, off, n);
            rtcp.onRtcp(now, packets, n);
        } catch (SrtpException e) {
            counters.srtpFailures++;
            return;
        } catch (MalformedPacketException e) {
            counters.malformed++;
            return;
        }
        RtcpPacket fb;
        keyframeRequestedNow.clear();
        while ((fb = rtcp.pollFeedback()) != null) {
            if (fb instanceof GenericNack nack) {
                retransmit(now, nack);
            } else if (fb instanceof PictureLossIndication pli) {
                keyframeRequested(pli.mediaSsrc());
            } else if (fb instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry e : fir.entries()) {
                    keyframeRequested(e.ssrc());
                }
            }
        }
        for (long ssrc : rtcp.pollByes()) {
            sourceEnded(ssrc, true);
        }
    }

    private void retransmit(long now, GenericNack nack) {
        OutboundRtp s = sender(nack.mediaSsrc());
        if (s == null) {
            return;
        }
        for (int seq : nack.lostSequenceNumbers()) {
            ByteBuffer out = transmits.borrow();
            int n = s.writeRetransmission(now, seq, MIN_RESEND_NANOS, out.array(), transportSequence);
            if (n >= 0 && s.params.rtxSsrc() >= 0) {
                transportSequence++;
            }
            if (n < 0) {
                transmits.giveBack(out);
            } else {
                queueRtp(out, n);
            }
        }
    }

    /** One event per sender per RTCP packet, however many PLI/FIR entries name it (a FIR may repeat one). */
    private void keyframeRequested(long ssrc) {
        OutboundRtp s = sender(ssrc);
        if (s != null && !keyframeRequestedNow.contains(s)) {
            keyframeRequestedNow.add(s);
            events.add(new MediaEvent.KeyframeRequested(s.params.mid(), ssrc));
        }
    }

    private void sourceEnded(long ssrc, boolean bye) {
        InboundRtp in = inbound.remove(ssrc);
        if (in != null) {
            inboundRtx.values().removeIf(m -> m == in);
            if (bye) {
                // Only a BYE ends the source for SRTP too: after a silence its rollover counter and replay
                // window must survive, or a long stream that resumes fails authentication (and replays pass).
                srtp.forgetRemoteSsrc((int) ssrc);
            }
            events.add(new MediaEvent.SourceEnded(ssrc, bye));
        }
    }

    // ------------------------------------------------------------------ time

    /** Sends due reports, NACKs for missing packets, key-frame requests, and releases frames that waited. */
    public void handleTimeout(long now) {
        rtcp.handleTimeout(now);
        byte[] report;
        while ((report = rtcp.pollTransmit()) != null) {
            queueRtcp(report, report.length);
        }
        for (long ssrc : rtcp.pollTimeouts()) {
            sourceEnded(ssrc, false);
        }
        for (InboundRtp in : inbound.values()) {
            int count = in.nacks.poll(now, roundTripTime(in), lost);
            if (count > 0) {
                in.stats.countNackSent();
                sendFeedback(GenericNack.of(feedbackSsrc(), in.ssrc, lost, count));
            }
            in.releaseFrames(now, events::add);
            if (in.pollKeyframeRequest(now)) {
                in.stats.countPliSent();
                sendFeedback(new PictureLossIndication(feedbackSsrc(), in.ssrc));
            }
        }
    }

    /** Asks the source of a receiver for a key frame now (PLI), e.g. when the decoder cannot go on. */
    public void requestKeyframe(String mid) {
        for (InboundRtp in : inbound.values()) {
            if (in.params.mid().equals(mid)) {
                in.stats.countPliSent();
                sendFeedback(new PictureLossIndication(feedbackSsrc(), in.ssrc));
            }
        }
    }

    // RFC 5506 reduced-size RTCP: feedback goes on its own, without a report in front of it.
    private void sendFeedback(RtcpPacket packet) {
        byte[] bytes = RtcpCompound.toBytes(List.of(packet));
        queueRtcp(bytes, bytes.length);
    }

    private void queueRtcp(byte[] packet, int length) {
        if (length + srtp.rtcpOverhead() > MAX_DATAGRAM + 64) {
            counters.srtpProtectFailures++; // a report grown past a datagram (many members): not sent
            return;
        }
        ByteBuffer out = transmits.borrow();
        System.arraycopy(packet, 0, out.array(), 0, length);
        protectAndQueue(out, length, true);
    }

    private long feedbackSsrc() {
        return senders.isEmpty() ? feedbackSsrc : senders.get(0).params.ssrc();
    }

    /**
     * The round-trip time to a source: RTCP's measure on its stream (XR), else what its retransmissions took,
     * else our senders' measure, else a default.
     */
    private long roundTripTime(InboundRtp in) {
        long rtt = in.stats.roundTripTimeNanos();
        if (rtt > 0) {
            return rtt;
        }
        return in.measuredRttNanos > 0 ? in.measuredRttNanos : roundTripTime();
    }

    private long roundTripTime() {
        for (OutboundRtp s : senders) {
            long rtt = s.stats.roundTripTimeNanos();
            if (rtt > 0) {
                return rtt;
            }
        }
        return DEFAULT_RTT_NANOS;
    }

    /** When {@link #handleTimeout} next has work. */
    public long pollDeadline() {
        long d = rtcp.pollDeadline();
        for (InboundRtp in : inbound.values()) {
            d = Math.min(d, in.pollDeadline(roundTripTime(in)));
        }
        return d;
    }

    /** Each part's deadline, for test failures. */
    String debugDeadlines() {
        StringBuilder b = new StringBuilder("rtcp=" + rtcp.pollDeadline());
        for (InboundRtp in : inbound.values()) {
            long rtt = roundTripTime(in);
            b.append(' ').append(in.params.mid()).append(":nack=").append(in.nacks.pollDeadline(rtt))
                    .append(",jitter=").append(in.pollDeadline(rtt));
        }
        return b.toString();
    }

    /** The next datagram to send (SRTP or SRTCP), valid until the next call; null when none. */
    public ByteBuffer pollTransmit() {
        return transmits.poll();
    }

    public MediaEvent pollEvent() {
        return events.poll();
    }

    /** Counters of what was sent, received and dropped. */
    public MediaCounters counters() {
        return counters;
    }


    /** Retransmissions our senders made (RTX or plain) in answer to NACKs. */
    public long retransmissionsSent() {
        long n = 0;
        for (OutboundRtp s : senders) {
            n += s.retransmissions;
        }
        return n;
    }

    /** NACKed packets not resent because their sender's retransmission budget was spent. */
    public long retransmissionsOverBudget() {
        long n = 0;
        for (OutboundRtp s : senders) {
            n += s.retransmissionsOverBudget;
        }
        return n;
    }
}
