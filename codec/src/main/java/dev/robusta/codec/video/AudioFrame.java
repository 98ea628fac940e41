package dev.robusta.codec.video;

import java.util.Objects;

/**
 * A block of 16-bit linear PCM audio: {@code samplesPerChannel} samples for each of {@code channels} channels,
 * interleaved (left, right, left, right... for stereo), at {@code sampleRateHz}. Any rate and channel count an audio
 * codec takes (Opus: 48 kHz; G.711: 8 kHz mono). A reusable buffer: {@link #reshape} keeps the array when it is
 * large enough.
 */
public final class AudioFrame {
    private short[] samples;
    private int offset;
    private int sampleRateHz;
    private int channels;
    private int samplesPerChannel;

    private AudioFrame(short[] samples, int offset, int sampleRateHz, int channels, int samplesPerChannel) {
        this.samples = samples;
        this.offset = offset;
        this.sampleRateHz = sampleRateHz;
        this.channels = channels;
        this.samplesPerChannel = samplesPerChannel;
    }

    /** A new silent frame with its own buffer. */
    public static AudioFrame allocate(int sampleRateHz, int channels, int samplesPerChannel) {
        check(sampleRateHz, channels, samplesPerChannel);
        return new AudioFrame(new short[channels * samplesPerChannel], 0, sampleRateHz, channels, samplesPerChannel);
    }

    /** Wraps interleaved samples starting at {@code offset}. */
    public static AudioFrame wrap(short[] samples, int offset, int sampleRateHz, int channels, int samplesPerChannel) {
        check(sampleRateHz, channels, samplesPerChannel);
        Objects.checkFromIndexSize(offset, channels * samplesPerChannel, samples.length);
        return new AudioFrame(samples, offset, sampleRateHz, channels, samplesPerChannel);
    }

    /** Changes the format and length, allocating only when the buffer is too small. Contents are unspecified. */
    public void reshape(int newSampleRateHz, int newChannels, int newSamplesPerChannel) {
        check(newSampleRateHz, newChannels, newSamplesPerChannel);
        int needed = newChannels * newSamplesPerChannel;
        if (offset + needed > samples.length) {
            samples = new short[needed];
            offset = 0;
        }
        sampleRateHz = newSampleRateHz;
        channels = newChannels;
        samplesPerChannel = newSamplesPerChannel;
    }

    /** The interleaved samples are {@code samples()[offset() .. offset() + channels() * samplesPerChannel())}. */
    public short[] samples() {
        return samples;
    }

    public int offset() {
        return offset;
    }

    public int sampleRateHz() {
        return sampleRateHz;
    }

    public int channels() {
        return channels;
    }

    public int samplesPerChannel() {
        return samplesPerChannel;
    }

    /** The sample of {@code channel} at position {@code index} in time. */
    public short sample(int index, int channel) {
        Objects.checkIndex(index, samplesPerChannel);
        Objects.checkIndex(channel, channels);
        return samples[offset + index * channels + channel];
    }

    /** Duration in microseconds. */
    public long durationMicros() {
        return samplesPerChannel * 1_000_000L / sampleRateHz;
    }

    private static void check(int sampleRateHz, int channels, int samplesPerChannel) {
        if (sampleRateHz <= 0 || channels <= 0 || channels > 255 || samplesPerChannel < 0) {
            throw new IllegalArgumentException("bad audio format: " + sampleRateHz + " Hz, " + channels
                    + " channels, " + samplesPerChannel + " samples per channel");
        }
    }

    @Override
    public String toString() {
        return "AudioFrame[" + sampleRateHz + " Hz x" + channels + ", " + samplesPerChannel + " samples]";
    }
}
