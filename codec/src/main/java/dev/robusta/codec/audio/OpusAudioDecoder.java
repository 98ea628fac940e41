package dev.robusta.codec.audio;

import dev.robusta.codec.video.AudioFrame;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusPacketInfo;

/**
 * An Opus decoder (RFC 6716) at 48 kHz, mono or stereo output whatever the packets carry, with packet loss
 * concealment and in-band FEC recovery. Runs Concentus. Not thread-safe.
 *
 * <p>When a packet is lost the caller either {@link #conceal conceals} it (the decoder extrapolates the signal) or,
 * if the next packet has arrived and carries FEC, {@link #decodeFec recovers} it from that packet, then decodes the
 * next packet as usual.
 */
public final class OpusAudioDecoder implements AutoCloseable {
    public static final int SAMPLE_RATE_HZ = 48000;
    /** 120 ms: the longest packet (RFC 6716 3.2.5). */
    public static final int MAX_SAMPLES_PER_CHANNEL = 5760;

    private final OpusDecoder decoder;
    private final int channels;
    private int lastSamplesPerChannel = 960;

    public OpusAudioDecoder(int channels) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("Opus decoder gives 1 or 2 channels, not " + channels);
        }
        this.channels = channels;
        try {
            decoder = new OpusDecoder(SAMPLE_RATE_HZ, channels);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused a valid configuration: " + e.getMessage(), e);
        }
    }

    public int channels() {
        return channels;
    }

    /**
     * Decodes one packet into {@code out} (reshaped to 48 kHz, this decoder's channels and the packet's duration).
     *
     * @return samples per channel decoded
     * @throws AudioCodecException when the packet is empty, malformed or truncated; the decoder stays usable
     */
    public int decode(byte[] packet, int offset, int length, AudioFrame out) throws AudioCodecException {
        if (length < 1) {
            throw new AudioCodecException("Opus: empty packet");
        }
        int samples;
        try {
            samples = OpusPacketInfo.getNumSamples(packet, offset, length, SAMPLE_RATE_HZ);
        } catch (RuntimeException e) {
            throw new AudioCodecException("Opus: malformed packet");
        }
        if (samples <= 0 || samples > MAX_SAMPLES_PER_CHANNEL) {
            throw new AudioCodecException("Opus: malformed packet (" + samples + " samples)");
        }
        int n = run(packet, offset, length, out, samples, false);
        lastSamplesPerChannel = n;
        return n;
    }

    /**
     * Conceals one lost packet: writes {@code samplesPerChannel} samples extrapolated from the signal so far (a
     * fade to silence when losses go on).
     *
     * @param samplesPerChannel the lost packet's duration, a multiple of 2.5 ms (120 samples); usually the last one's
     */
    public int conceal(AudioFrame out, int samplesPerChannel) {
        if (samplesPerChannel <= 0 || samplesPerChannel > MAX_SAMPLES_PER_CHANNEL || samplesPerChannel % 120 != 0) {
            throw new IllegalArgumentException("cannot conceal " + samplesPerChannel + " samples");
        }
        try {
            return run(null, 0, 0, out, samplesPerChannel, false);
        } catch (AudioCodecException e) {
            throw new IllegalStateException("Opus concealment failed: " + e.getMessage());
        }
    }

    /** Conceals one lost packet as long as the last one decoded. */
    public int conceal(AudioFrame out) {
        return conceal(out, lastSamplesPerChannel);
    }

    /**
     * Recovers the packet before {@code nextPacket} from the FEC data inside it (when the sender enabled in-band
     * FEC; otherwise this conceals). Then call {@link #decode} on {@code nextPacket} itself.
     *
     * @param samplesPerChannel the lost packet's duration
     */
    public int decodeFec(byte[] nextPacket, int offset, int length, AudioFrame out, int samplesPerChannel)
            throws AudioCodecException {
        if (length < 1) {
            throw new AudioCodecException("Opus: empty packet");
        }
        if (samplesPerChannel <= 0 || samplesPerChannel > MAX_SAMPLES_PER_CHANNEL || samplesPerChannel % 120 != 0) {
            throw new IllegalArgumentException("cannot recover " + samplesPerChannel + " samples");
        }
        return run(nextPacket, offset, length, out, samplesPerChannel, true);
    }

    private int run(byte[] packet, int offset, int length, AudioFrame out, int samplesPerChannel, boolean fec)
            throws AudioCodecException {
        out.reshape(SAMPLE_RATE_HZ, channels, samplesPerChannel);
        try {
            int n = decoder.decode(packet, offset, length, out.samples(), out.offset(), samplesPerChannel, fec);
            if (n != samplesPerChannel) {
                out.reshape(SAMPLE_RATE_HZ, channels, Math.max(0, n));
            }
            return n;
        } catch (OpusException e) {
            throw new AudioCodecException("Opus: " + e.getMessage());
        } catch (RuntimeException e) {
            // Concentus indexes arrays straight from the packet; a hostile packet must not escape as a crash.
            decoder.resetState();
            throw new AudioCodecException("Opus: corrupt packet (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Forgets the signal history. */
    public void reset() {
        decoder.resetState();
    }

    @Override
    public void close() {
    }
}
