package dev.robusta.codec.audio;

import dev.robusta.codec.video.AudioFrame;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * An Opus encoder (RFC 6716) for WebRTC: 48 kHz, mono or stereo, one packet per call. Runs Concentus, the pure-Java
 * port of libopus. Bitrate, variable bitrate, in-band FEC (with the expected loss that sizes it) and DTX can change
 * between packets. Not thread-safe.
 *
 * <p>Frames may be 2.5, 5, 10, 20 (WebRTC's default), 40 or 60 ms long: 120 to 2,880 samples per channel.
 */
public final class OpusAudioEncoder implements AutoCloseable {
    /** The only rate WebRTC signals for Opus (RFC 7587 4.1); the codec resamples internally. */
    public static final int SAMPLE_RATE_HZ = 48000;
    /** RFC 6716 3.4 R1: no packet is longer than this. */
    public static final int MAX_PACKET_BYTES = 1275 * 3 + 7;

    /** What the signal is, which steers the mode choice (SILK for speech, CELT for music). */
    public enum Application {
        /** Speech over a lossy network: favours intelligibility, allows FEC and DTX in SILK mode. */
        VOIP,
        /** Music or mixed content: favours fidelity. */
        AUDIO,
        /** Lowest delay: CELT only, no SILK (and so no FEC). */
        RESTRICTED_LOWDELAY
    }

    private final OpusEncoder encoder;
    private final int channels;
    private boolean closed;

    /**
     * @param channels    1 or 2
     * @param application the signal kind
     */
    public OpusAudioEncoder(int channels, Application application) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("Opus encoder takes 1 or 2 channels, not " + channels);
        }
        this.channels = channels;
        try {
            encoder = new OpusEncoder(SAMPLE_RATE_HZ, channels, switch (application) {
                case VOIP -> OpusApplication.OPUS_APPLICATION_VOIP;
                case AUDIO -> OpusApplication.OPUS_APPLICATION_AUDIO;
                case RESTRICTED_LOWDELAY -> OpusApplication.OPUS_APPLICATION_RESTRICTED_LOWDELAY;
            });
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused a valid configuration: " + e.getMessage(), e);
        }
        encoder.setSignalType(application == Application.VOIP ? OpusSignal.OPUS_SIGNAL_VOICE
                : OpusSignal.OPUS_SIGNAL_AUTO);
    }

    public int channels() {
        return channels;
    }

    /** Target bitrate in bits per second (6,000 to 510,000), from the next packet. */
    public void setBitrate(int bitsPerSecond) {
        if (bitsPerSecond < 6000 || bitsPerSecond > 510_000) {
            throw new IllegalArgumentException("Opus bitrate " + bitsPerSecond + " outside 6000..510000 bit/s");
        }
        encoder.setBitrate(bitsPerSecond);
    }

    public int bitrate() {
        return encoder.getBitrate();
    }

    /** Variable bitrate (the default) or constant: with CBR every packet of a frame size has the same length. */
    public void setVariableBitrate(boolean vbr) {
        encoder.setUseVBR(vbr);
    }

    /**
     * In-band forward error correction (RFC 6716 2.1.7, SDP {@code useinbandfec=1}): SILK frames carry a coarse copy
     * of the previous frame, which a decoder recovers with {@link OpusAudioDecoder#decodeFec}. Takes effect only
     * with an expected loss above 0 ({@link #setExpectedPacketLossPercent}) and in SILK or hybrid mode.
     */
    public void setInbandFec(boolean fec) {
        encoder.setUseInbandFEC(fec);
    }

    public boolean inbandFec() {
        return encoder.getUseInbandFEC();
    }

    /** The loss rate (0 to 100 %) the encoder plans for: more loss, more FEC bits and more robust prediction. */
    public void setExpectedPacketLossPercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss " + percent + "% outside 0..100");
        }
        encoder.setPacketLossPercent(percent);
    }

    /**
     * Discontinuous transmission (SDP {@code usedtx=1}): during silence the encoder sends a 1-2 byte packet about
     * every 400 ms and tiny ones between, which {@link #isDtxPacket} recognises (a sender may skip them).
     */
    public void setDtx(boolean dtx) {
        encoder.setUseDTX(dtx);
    }

    public boolean dtx() {
        return encoder.getUseDTX();
    }

    /** CPU against quality, 0 to 10 (the default 10 is libopus's). */
    public void setComplexity(int complexity) {
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity " + complexity + " outside 0..10");
        }
        encoder.setComplexity(complexity);
    }

    /** Samples per channel of look-ahead: the decoded signal lags the input by this much. */
    public int lookaheadSamples() {
        return encoder.getLookahead();
    }

    /** True for a packet that DTX made (no audio worth sending: a TOC byte and at most one more). */
    public static boolean isDtxPacket(int lengthBytes) {
        return lengthBytes <= 2;
    }

    /**
     * Encodes one frame.
     *
     * @param pcm 48 kHz samples with this encoder's channel count, 2.5 to 60 ms; borrowed for the call only
     * @param out receives the packet at {@code offset}; {@link #MAX_PACKET_BYTES} free bytes always suffice
     * @return the packet length in bytes
     */
    public int encode(AudioFrame pcm, byte[] out, int offset) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (pcm.sampleRateHz() != SAMPLE_RATE_HZ || pcm.channels() != channels) {
            throw new IllegalArgumentException(pcm + ": this encoder takes 48000 Hz x" + channels);
        }
        int n = pcm.samplesPerChannel();
        if (n != 120 && n != 240 && n != 480 && n != 960 && n != 1920 && n != 2880) {
            throw new IllegalArgumentException(n + " samples per channel is not an Opus frame size (2.5 to 60 ms)");
        }
        int room = Math.min(MAX_PACKET_BYTES, out.length - offset);
        if (room < 1) {
            throw new IllegalArgumentException("no room in the output buffer");
        }
        try {
            return encoder.encode(pcm.samples(), pcm.offset(), n, out, offset, room);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoding failed: " + e.getMessage(), e);
        }
    }

    /** Forgets the signal history (a new stream). */
    public void reset() {
        encoder.resetState();
    }

    @Override
    public void close() {
        closed = true;
    }
}
