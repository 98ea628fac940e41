package dev.robusta.peer.media;

import dev.robusta.codec.rtp.H264Depayloader;
import dev.robusta.codec.rtp.RtpDepayloader;
import dev.robusta.codec.rtp.RtpPayloadException;
import dev.robusta.codec.rtp.Vp8Depayloader;
import dev.robusta.rtp.jitter.JitterBuffer;
import dev.robusta.rtp.packet.RtpPacket;
import dev.robusta.rtp.recovery.NackGenerator;
import dev.robusta.rtp.stream.ReceiveStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One receiver's RTP once its source is known: statistics (RFC 3550 A.1/A.8), loss detection for NACKs, and for
 * video a jitter buffer that releases whole frames in order, then the payload format's depayloader. Audio packets
 * are frames of their own and go out in arrival order. Single-threaded, driven by {@link MediaSession}.
 */
final class InboundRtp {
    /**
     * How long a video frame may wait for its missing packets: up to ten rounds of NACK and RTX on a path with a
     * 100 ms round trip, the latency a receiver accepts only while it recovers a loss.
     */
    static final long RECOVERY_WINDOW_NANOS = 1_000_000_000L;
    private static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 300_000_000L;

    final ReceiveParameters params;
    final ReceiveStream stats;
    final long ssrc;
    final NackGenerator nacks;
    private RtpCodec codec;
    private JitterBuffer jitter;
    private RtpDepayloader depayloader;
    private final int maxPayload;
    /** Request-to-retransmission round trips seen on this stream (smoothed), or -1 before the first. */
    long measuredRttNanos = -1;
    private boolean parameterSetsSeen;
    private boolean waitingForKeyframe;
    private boolean keyframeWanted;
    private long keyframeRequestedAt = Long.MIN_VALUE;
    private final MediaCounters counters;

    InboundRtp(ReceiveParameters params, long ssrc, ReceiveStream stats, int maxPayload, MediaCounters counters) {
        this.params = params;
        this.counters = counters;
        this.ssrc = ssrc;
        this.stats = stats;
        this.maxPayload = maxPayload;
        this.nacks = new NackGenerator(512, 10, RECOVERY_WINDOW_NANOS, 20_000_000L, 1.5, 10_000_000L);
    }


    /**
     * Takes one media packet (decrypted, or restored from RTX) and hands whole frames to {@code frames}.
     *
     * @param recovered true for a packet restored from RTX
     */
    void onPacket(long nowNanos, RtpPacket p, boolean recovered, Consumer<MediaEvent.FrameReceived> frames) {
        RtpCodec c = params.codec(p.payloadType());
        if (c == null) {
            counters.unknownPayloadType++;
            return;
        }
        long extended = stats.onPacket(nowNanos, p.sequenceNumber(), p.timestamp(), p.payloadLength(),
                p.length() - p.payloadLength(), recovered);
        if (extended < 0) {
            return;
        }
        if (recovered) {
            long requestedAt = nacks.lastRequestedNanos(extended);
            if (requestedAt != Long.MIN_VALUE) {
                long sample = nowNanos - requestedAt;
                measuredRttNanos = measuredRttNanos < 0 ? sample : (7 * measuredRttNanos + sample) / 8;
            }
        }
        nacks.onPacket(nowNanos, extended);
        if (p.payloadLength() == 0) {
            counters.paddingOnly++; // libwebrtc's probing without RTX: fills its sequence number, carries no frame
            return;
        }
        if (!c.isVideo()) {
            counters.framesReceived++;
            frames.accept(new MediaEvent.FrameReceived(params.mid(), ssrc, c,
                    Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength()),
                    p.timestamp(), true));
            return;
        }
        if (c != codec) {
            switchCodec(c);
        }
        jitter.insert(nowNanos, extended, p.timestamp(), p.marker(), p.buffer(), p.payloadOffset(),
                p.payloadLength());
        releaseFrames(nowNanos, frames);
    }

    /** The peer changed payload type (a codec it offered): frames of the old one cannot continue. */
    private void switchCodec(RtpCodec c) {
        codec = c;
        depayloader = c.name().equalsIgnoreCase("VP8") ? new Vp8Depayloader() : new H264Depayloader();
        jitter = new JitterBuffer(1024, maxPayload, RECOVERY_WINDOW_NANOS, KEYFRAME_REQUEST_INTERVAL_NANOS,
                depayloader);
    }

    void releaseFrames(long nowNanos, Consumer<MediaEvent.FrameReceived> frames) {
        if (jitter == null) {
            return;
        }
        releaseReadyFrames(nowNanos, frames);
        // Packets of frames the buffer released or gave up on are no longer worth a NACK.
        nacks.forgetBelow(jitter.oldestWantedSequence());
    }

    private void releaseReadyFrames(long nowNanos, Consumer<MediaEvent.FrameReceived> frames) {
        JitterBuffer.Frame f;
        while ((f = jitter.pollFrame(nowNanos)) != null) {
            boolean complete = false;
            for (int i = 0; i < f.packetCount(); i++) {
                int seq = (int) ((f.firstSequence() + i) & 0xFFFF);
                try {
                    complete = depayloader.push(seq, f.timestamp(), f.marker(i), f.payload(i), 0, f.payloadLength(i));
                } catch (RtpPayloadException e) {
                    counters.malformed++;
                    complete = false;
                }
            }
            if (complete && decodable()) {
                counters.framesReceived++;
                frames.accept(new MediaEvent.FrameReceived(params.mid(), ssrc, codec,
                        Arrays.copyOf(depayloader.frame(), depayloader.frameLength()), depayloader.frameTimestamp(),
                        depayloader.frameIsKeyframe()));
            }
        }
    }

    /**
     * Whether the frame just completed can be decoded from what came before. An H.264 IDR frame needs its SPS and
     * PPS: when the packet carrying them was lost before anything told us it existed (a stream's first packet
     * cannot be NACKed), the IDR frame and what follows are held back and a key frame is asked for, as libwebrtc
     * does, instead of handing the application a picture no decoder can start from.
     */
    private boolean decodable() {
        if (!(depayloader instanceof H264Depayloader)) {
            return true;
        }
        byte[] f = depayloader.frame();
        int n = depayloader.frameLength();
        if (depayloader.frameIsKeyframe()) {
            boolean sps = false;
            boolean pps = false;
            for (int i = 0; i + 3 < n; i++) {
                if (f[i] == 0 && f[i + 1] == 0 && f[i + 2] == 1) {
                    int type = f[i + 3] & 0x1F;
                    sps |= type == 7;
                    pps |= type == 8;
                }
            }
            if (sps && pps) {
                parameterSetsSeen = true;
                waitingForKeyframe = false;
            } else if (!parameterSetsSeen) {
                waitingForKeyframe = true;
                keyframeWanted = true;
            }
        }
        if (waitingForKeyframe) {
            counters.framesHeldBack++;
            return false;
        }
        return true;
    }

    /** Whether a key frame should be asked for: the jitter buffer gave up on one, or an IDR came without SPS/PPS. */
    boolean pollKeyframeRequest(long nowNanos) {
        if (waitingForKeyframe && nowNanos - keyframeRequestedAt >= KEYFRAME_REQUEST_INTERVAL_NANOS) {
            keyframeWanted = true; // the last request may have been lost: ask again while we wait
        }
        boolean wanted = keyframeWanted || (jitter != null && jitter.pollKeyframeRequest());
        keyframeWanted = false;
        if (wanted) {
            keyframeRequestedAt = nowNanos;
        }
        return wanted;
    }

    long pollDeadline(long rttNanos) {
        if (keyframeWanted) {
            return Long.MIN_VALUE; // the request goes out at once
        }
        long d = nacks.pollDeadline(rttNanos);
        if (waitingForKeyframe) {
            d = Math.min(d, keyframeRequestedAt + KEYFRAME_REQUEST_INTERVAL_NANOS);
        }
        return jitter == null ? d : Math.min(d, jitter.pollDeadline());
    }

}
