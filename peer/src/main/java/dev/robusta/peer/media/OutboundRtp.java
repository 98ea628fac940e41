package dev.robusta.peer.media;

import dev.robusta.codec.rtp.H264Payloader;
import dev.robusta.codec.rtp.RtpPayloader;
import dev.robusta.codec.rtp.Vp8Payloader;
import dev.robusta.rtp.MalformedPacketException;
import dev.robusta.rtp.packet.HeaderExtensionMap;
import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.packet.RtpPacketWriter;
import dev.robusta.rtp.recovery.PacketHistory;
import dev.robusta.rtp.recovery.Rtx;
import dev.robusta.rtp.stream.SendStream;
import java.util.Random;

/**
 * One sender's RTP: cuts frames into packets with the negotiated header extensions, keeps each packet (before
 * SRTP) for retransmission, and answers a NACK with an RTX packet (RFC 4588) or, without RTX, the packet itself.
 * Writes into the caller's buffers; allocates nothing per packet. Single-threaded, driven by {@link MediaSession}.
 */
final class OutboundRtp {
    /** Packets kept for retransmission: about 2 s of a 2.5 Mbit/s stream. */
    private static final int HISTORY_PACKETS = 1024;
    private static final long HISTORY_AGE_NANOS = 2_000_000_000L;
    /** Header bytes reserved beyond the fixed 12 for the extensions we write (a 16-byte mid at most: 28 bytes). */
    private static final int EXTENSION_ROOM = 32;
    /** RTX puts the original sequence number in front of the payload (RFC 4588). */
    private static final int RTX_ROOM = 2;

    final SendParameters params;
    final SendStream stats;
    private final int mtu;
    private final int maxPayload;
    private final RtpPacketWriter writer = new RtpPacketWriter();
    private final RtpPacket view = new RtpPacket();
    private final PacketHistory history;
    private final RtpPayloader videoPayloader;
    private final int midId;
    private final int absSendTimeId;
    private final int transportCcId;
    private int sequence;
    private int rtxSequence;
    // The frame being sent.
    private byte[] audioFrame;
    private int audioOff;
    private int audioLen;
    private long timestamp;
    /**
     * Retransmissions may use at most this many bytes per second per sender (10 Mbit/s), in bursts of at most
     * {@link #RESEND_BURST_BYTES}: a peer that NACKs everything, again and again, gets a bounded stream, not every
     * packet of the history every 10 ms.
     */
    private static final long RESEND_BYTES_PER_SECOND = 1_250_000;
    private static final long RESEND_BURST_BYTES = 256 * 1024;
    private long resendBudget = RESEND_BURST_BYTES;
    private long resendBudgetAt = Long.MIN_VALUE;
    long retransmissions;
    long retransmissionsRefused;
    long retransmissionsOverBudget;

    /** @param mtu the largest packet before SRTP adds its tag (the datagram budget minus the SRTP overhead) */
    OutboundRtp(SendParameters params, SendStream stats, int mtu, Random random) {
        this.params = params;
        this.stats = stats;
        this.mtu = mtu;
        this.maxPayload = mtu - 12 - EXTENSION_ROOM - RTX_ROOM;
        this.history = new PacketHistory(HISTORY_PACKETS, mtu, HISTORY_AGE_NANOS);
        String codec = params.codec().name();
        if (codec.equalsIgnoreCase("VP8")) {
            videoPayloader = new Vp8Payloader(maxPayload, false, random.nextInt(0x8000));
        } else if (codec.equalsIgnoreCase("H264")) {
            videoPayloader = new H264Payloader(maxPayload, 1);
        } else {
            videoPayloader = null;
        }
        HeaderExtensionMap ext = params.extensions();
        midId = ext.mid();
        absSendTimeId = ext.absSendTime();
        transportCcId = ext.transportWideCc();
        // RFC 3550 5.1: random initial sequence numbers.
        sequence = random.nextInt(0x10000);
        rtxSequence = random.nextInt(0x10000);
    }

    /** Starts a frame; its bytes are borrowed until {@link #hasNextPacket()} turns false. */
    void startFrame(byte[] frame, int off, int len, long rtpTimestamp) {
        if (len <= 0) {
            throw new IllegalArgumentException("an empty frame");
        }
        timestamp = rtpTimestamp & 0xFFFF_FFFFL;
        if (videoPayloader instanceof Vp8Payloader vp8) {
            vp8.setFrame(frame, off, len);
        } else if (videoPayloader instanceof H264Payloader h264) {
            h264.setFrame(frame, off, len);
        } else {
            if (len > maxPayload) {
                throw new IllegalArgumentException("an audio frame of " + len + " bytes exceeds one packet ("
                        + maxPayload + ")");
            }
            audioFrame = frame;
            audioOff = off;
            audioLen = len;
        }
    }

    boolean hasNextPacket() {
        return videoPayloader != null ? videoPayloader.hasNext() : audioFrame != null;
    }

    /**
     * Writes the frame's next packet at the start of {@code out} (at least {@link #mtu} bytes), keeps a copy,
     * and returns its length.
     *
     * @param transportSequence the connection-wide sequence number for transport-wide-cc
     */
    int writeNextPacket(long nowNanos, byte[] out, int transportSequence) {
        boolean marker;
        writer.start(out, 0, mtu).payloadType(params.codec().payloadType()).sequenceNumber(sequence)
                .timestamp(timestamp).ssrc(params.ssrc());
        addExtensions(nowNanos, transportSequence);
        int at;
        int payload;
        if (videoPayloader != null) {
            at = writer.writeHeader();
            payload = videoPayloader.next(out, at);
            marker = videoPayloader.marker();
        } else {
            at = writer.writeHeader();
            System.arraycopy(audioFrame, audioOff, out, at, audioLen);
            payload = audioLen;
            marker = false;
            audioFrame = null;
        }
        if (marker) {
            out[1] |= (byte) 0x80; // the marker is known only once the payloader has cut the last piece
        }
        int length = writer.finish(payload, 0);
        history.store(nowNanos, sequence, out, 0, length);
        stats.onPacketSent(nowNanos, timestamp, payload, length - payload, false);
        sequence = (sequence + 1) & 0xFFFF;
        return length;
    }

    /**
     * An RTX packet is a new packet on the wire: it gets its own send time and transport-wide sequence number
     * (a copy of the original's would make transport-cc feedback report one number twice). A plain
     * retransmission keeps the original bytes, which SRTP must encrypt to the same output.
     */
    private void refreshTimingExtensions(long nowNanos, byte[] packet, int length, int transportSequence) {
        RtpPacket rtx;
        try {
            rtx = view.wrap(packet, 0, length);
        } catch (MalformedPacketException e) {
            throw new IllegalStateException("an RTX packet we wrote does not parse", e);
        }
        int at = rtx.findExtension(absSendTimeId);
        if (at >= 0 && rtx.foundExtensionLength() == 3) {
            long v = absSendTime(nowNanos);
            packet[at] = (byte) (v >>> 16);
            packet[at + 1] = (byte) (v >>> 8);
            packet[at + 2] = (byte) v;
        }
        at = rtx.findExtension(transportCcId);
        if (at >= 0 && rtx.foundExtensionLength() == 2) {
            packet[at] = (byte) (transportSequence >>> 8);
            packet[at + 1] = (byte) transportSequence;
        }
    }

    /** 6.18 fixed-point seconds, wrapping every 64 s. */
    private static long absSendTime(long nowNanos) {
        long t = Math.floorMod(nowNanos, 64_000_000_000L);
        return ((t << 18) / 1_000_000_000L) & 0xFF_FFFF;
    }

    private void addExtensions(long nowNanos, int transportSequence) {
        if (midId > 0) {
            writer.addExtensionText(midId, params.mid());
        }
        if (absSendTimeId > 0) {
            writer.addExtensionValue(absSendTimeId, 3, absSendTime(nowNanos));
        }
        if (transportCcId > 0) {
            writer.addExtensionValue(transportCcId, 2, transportSequence & 0xFFFF);
        }
    }

    /**
     * Writes the retransmission of {@code lostSequence} into {@code out}: an RTX packet when RTX was negotiated,
     * else the packet itself.
     *
     * @return its length, or -1 if the packet is no longer kept, or was resent too recently
     */
    int writeRetransmission(long nowNanos, int lostSequence, long minResendNanos, byte[] out,
                            int transportSequence) {
        refillResendBudget(nowNanos);
        if (resendBudget < mtu) {
            retransmissionsOverBudget++;
            return -1;
        }
        int length = history.take(nowNanos, lostSequence, minResendNanos);
        if (length < 0) {
            retransmissionsRefused++;
            return -1;
        }
        byte[] kept = history.buffer(lostSequence);
        int n;
        if (params.rtxSsrc() >= 0) {
            try {
                view.wrap(kept, 0, length);
            } catch (MalformedPacketException e) {
                throw new IllegalStateException("a packet we wrote does not parse", e);
            }
            n = Rtx.wrap(view, params.rtxSsrc(), params.codec().rtxPayloadType(), rtxSequence, out, 0);
            rtxSequence = (rtxSequence + 1) & 0xFFFF;
            refreshTimingExtensions(nowNanos, out, n, transportSequence);
            stats.onPacketSent(nowNanos, view.timestamp(), view.payloadLength() + 2, n - view.payloadLength() - 2,
                    true);
        } else {
            System.arraycopy(kept, 0, out, 0, length);
            n = length;
        }
        retransmissions++;
        resendBudget -= n;
        return n;
    }

    private void refillResendBudget(long nowNanos) {
        if (resendBudgetAt != Long.MIN_VALUE) {
            long elapsed = Math.max(0, nowNanos - resendBudgetAt);
            long refill = elapsed >= 1_000_000_000L ? RESEND_BURST_BYTES : elapsed * RESEND_BYTES_PER_SECOND / 1_000_000_000L;
            resendBudget = Math.min(RESEND_BURST_BYTES, resendBudget + refill);
        }
        resendBudgetAt = nowNanos;
    }
}
