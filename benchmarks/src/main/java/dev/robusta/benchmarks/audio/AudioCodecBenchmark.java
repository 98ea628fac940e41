package dev.robusta.benchmarks.audio;

import dev.robusta.codec.audio.AudioCodecException;
import dev.robusta.codec.audio.G711;
import dev.robusta.codec.audio.OpusAudioDecoder;
import dev.robusta.codec.audio.OpusAudioEncoder;
import dev.robusta.codec.video.AudioFrame;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Audio codecs on one thread, as a real-time factor: one operation encodes (or decodes) one second of audio, so
 * operations per second are "seconds of audio per second of CPU". Opus at 48 kHz in 20 ms frames (32 kbit/s mono,
 * 64 kbit/s stereo, VOIP application, complexity 10); G.711 at 8 kHz in 20 ms frames. The signal is a voice-like
 * harmonic series.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AudioCodecBenchmark {
    @Param({"1", "2"})
    public int channels;

    private static final int OPUS_FRAME = 960;
    private static final int FRAMES_PER_SECOND = 50;

    private short[] pcm48;
    private byte[][] packets;
    private int[] packetLengths;
    private OpusAudioEncoder encoder;
    private OpusAudioDecoder decoder;
    private final byte[] packet = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
    private final AudioFrame decoded = AudioFrame.allocate(48000, 2, OPUS_FRAME);
    private short[] pcm8;
    private final byte[] g711 = new byte[160];
    private final short[] g711Out = new short[160];

    @Setup
    public void setUp() throws AudioCodecException {
        pcm48 = voice(48000, channels, 48000);
        pcm8 = voice(8000, 1, 8000);
        encoder = new OpusAudioEncoder(channels, OpusAudioEncoder.Application.VOIP);
        encoder.setBitrate(32000 * channels);
        decoder = new OpusAudioDecoder(channels);
        packets = new byte[FRAMES_PER_SECOND][];
        packetLengths = new int[FRAMES_PER_SECOND];
        for (int f = 0; f < FRAMES_PER_SECOND; f++) {
            packets[f] = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
            packetLengths[f] = encoder.encode(frame(f), packets[f], 0);
        }
    }

    private AudioFrame frame(int f) {
        return AudioFrame.wrap(pcm48, f * OPUS_FRAME * channels, 48000, channels, OPUS_FRAME);
    }

    public static short[] voice(int rate, int channels, int samples) {
        short[] s = new short[samples * channels];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            phase += 2 * Math.PI * 150 * (1 + 0.02 * Math.sin(2 * Math.PI * 3.0 * i / rate)) / rate;
            double v = 0;
            for (int h = 1; h <= 8; h++) {
                v += Math.sin(h * phase) / h;
            }
            for (int c = 0; c < channels; c++) {
                s[i * channels + c] = (short) (6000 * v);
            }
        }
        return s;
    }

    @Benchmark
    public int opusEncodeOneSecond() {
        int bytes = 0;
        for (int f = 0; f < FRAMES_PER_SECOND; f++) {
            bytes += encoder.encode(frame(f), packet, 0);
        }
        return bytes;
    }

    @Benchmark
    public int opusDecodeOneSecond() throws AudioCodecException {
        int samples = 0;
        for (int f = 0; f < FRAMES_PER_SECOND; f++) {
            samples += decoder.decode(packets[f], 0, packetLengths[f], decoded);
        }
        return samples;
    }

    @Benchmark
    public byte g711MuLawEncodeOneSecond() {
        for (int f = 0; f < FRAMES_PER_SECOND; f++) {
            G711.encode(G711.Law.MU_LAW, pcm8, f * 160, 160, g711, 0);
        }
        return g711[0];
    }

    @Benchmark
    public short g711MuLawDecodeOneSecond() {
        for (int f = 0; f < FRAMES_PER_SECOND; f++) {
            G711.decode(G711.Law.MU_LAW, g711, 0, 160, g711Out, 0);
        }
        return g711Out[0];
    }
}
