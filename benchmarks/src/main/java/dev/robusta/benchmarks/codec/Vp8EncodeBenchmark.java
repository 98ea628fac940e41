package dev.robusta.benchmarks.codec;

import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.Y4mReader;
import dev.robusta.codec.vp8.Vp8Encoder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Our VP8 encoder on one thread, in its real-time settings: one operation encodes the next frame of the two-second
 * clip ({@link Vp8Clips}) at the clip's bitrate, going back to the first frame at the end (as a looping camera
 * would; key frames only every ten seconds). Operations per second are frames per second. Compare with
 * {@link LibvpxBenchmark#vpxencRealtime}; PSNR at the bitrate is in {@link Vp8QualityHarness}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Vp8EncodeBenchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private final List<I420Frame> frames = new ArrayList<>();
    private Vp8Encoder encoder;
    private final EncodedFrame out = new EncodedFrame(1 << 20);
    private int next;

    @Setup
    public void setUp() throws Exception {
        Vp8Clips.Clip clip = Vp8Clips.get(size);
        try (Y4mReader in = new Y4mReader(new BufferedInputStream(Files.newInputStream(clip.y4m())))) {
            I420Frame f = I420Frame.allocate(clip.width(), clip.height());
            while (in.next(f)) {
                frames.add(f);
                f = I420Frame.allocate(clip.width(), clip.height());
            }
        }
        encoder = new Vp8Encoder(clip.width(), clip.height(), 30, clip.bitrateKbps() * 1000);
        for (I420Frame f : frames) {
            encoder.encode(f, false, out);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        encoder.close();
    }

    @Benchmark
    public EncodedFrame encodeFrame() {
        I420Frame f = frames.get(next);
        next = next + 1 == frames.size() ? 0 : next + 1;
        encoder.encode(f, false, out);
        return out;
    }
}
