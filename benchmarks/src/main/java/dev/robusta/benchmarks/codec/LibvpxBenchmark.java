package dev.robusta.benchmarks.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * libvpx itself, for side-by-side figures on the same clips: {@code vpxdec --threads=1} decoding the clip repeated
 * {@link Vp8Clips#DECODE_REPEATS} times, and {@code vpxenc --rt --cpu-used=8 --threads=1} encoding it at the clip's
 * bitrate. Scores are frames per second (one operation is one frame); each invocation includes starting the process
 * (a few milliseconds against the hundreds it runs), so libvpx's figures are if anything slightly low. The bytes
 * per operation are this JVM's, not libvpx's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LibvpxBenchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private Vp8Clips.Clip clip;
    private Path encoded;

    @Setup
    public void setUp() throws IOException {
        clip = Vp8Clips.get(size);
        encoded = Files.createTempFile("robusta-vpxenc", ".ivf");
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(encoded);
    }

    @Benchmark
    @OperationsPerInvocation(Vp8Clips.FRAMES * Vp8Clips.DECODE_REPEATS)
    public String vpxdec() throws IOException, InterruptedException {
        return Vp8Clips.run(List.of("vpxdec", "--codec=vp8", "--threads=1", "--noblit",
                clip.repeatedIvf().toString()));
    }

    @Benchmark
    @OperationsPerInvocation(Vp8Clips.FRAMES)
    public String vpxencRealtime() throws IOException, InterruptedException {
        return Vp8Clips.run(List.of("vpxenc", "--codec=vp8", "--ivf", "-q", "--disable-warning-prompt", "--rt",
                "--cpu-used=8", "--threads=1", "--end-usage=cbr", "--target-bitrate=" + clip.bitrateKbps(), "-o",
                encoded.toString(), clip.y4m().toString()));
    }
}
