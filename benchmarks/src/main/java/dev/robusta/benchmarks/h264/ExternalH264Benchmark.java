package dev.robusta.benchmarks.h264;

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
 * x264 and FFmpeg themselves, side by side on the same clips: {@code x264 --preset ultrafast --tune zerolatency
 * --profile baseline --threads 1} encoding the clip at its bitrate, and {@code ffmpeg -threads 1} decoding x264's
 * stream repeated {@link H264Clips#DECODE_REPEATS} times. Scores are frames per second; each invocation includes
 * starting the process (a few milliseconds), so their figures are if anything slightly low. Bytes per operation are
 * this JVM's, not theirs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExternalH264Benchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private H264Clips.Clip clip;
    private Path encoded;

    @Setup
    public void setUp() throws IOException {
        clip = H264Clips.get(size);
        encoded = Files.createTempFile("robusta-x264", ".264");
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(encoded);
    }

    @Benchmark
    @OperationsPerInvocation(H264Clips.FRAMES)
    public String x264UltrafastZerolatency() throws IOException, InterruptedException {
        return H264Clips.run(H264Clips.x264(clip.y4m(), encoded, clip.bitrateKbps()));
    }

    @Benchmark
    @OperationsPerInvocation(H264Clips.FRAMES * H264Clips.DECODE_REPEATS)
    public String ffmpegDecode() throws IOException, InterruptedException {
        return H264Clips.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-threads", "1", "-i",
                clip.repeatedStream().toString(), "-f", "null", "-"));
    }
}
