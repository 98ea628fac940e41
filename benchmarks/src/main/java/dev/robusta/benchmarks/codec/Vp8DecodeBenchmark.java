package dev.robusta.benchmarks.codec;

import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.vp8.Vp8DecodeException;
import dev.robusta.codec.vp8.Vp8Decoder;
import java.util.List;
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
 * Our VP8 decoder on one thread: one operation decodes the next frame of a two-second real-time clip made by libvpx
 * ({@link Vp8Clips}) into a reused I420 frame, going back to the key frame at the end. Operations per second are
 * frames per second; with {@code -prof gc} the steady state should allocate nothing. Compare with
 * {@link LibvpxBenchmark#vpxdec} on the same clip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Vp8DecodeBenchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private List<byte[]> frames;
    private final Vp8Decoder decoder = new Vp8Decoder();
    private final I420Frame out = I420Frame.allocate(16, 16);
    private int next;

    @Setup
    public void setUp() throws Vp8DecodeException {
        frames = Vp8Clips.get(size).frames();
        // Decode once through, so that the first measured frames are not the first the JIT sees.
        for (byte[] f : frames) {
            decoder.decode(f, 0, f.length, out);
        }
    }

    @Benchmark
    public I420Frame decodeFrame() throws Vp8DecodeException {
        byte[] f = frames.get(next);
        next = next + 1 == frames.size() ? 0 : next + 1;
        decoder.decode(f, 0, f.length, out);
        return out;
    }
}
