package dev.robusta.benchmarks.codec;

import dev.robusta.codec.video.ColorConverter;
import dev.robusta.codec.video.FrameScaler;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.Rgb24Frame;
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
 * Frame conversions between what applications hold (RGB24, hyperpeer's {@code frame_generator} arrays) and what
 * codecs take (I420), and bilinear halving: one operation is one frame, into frames allocated once, so
 * {@code -prof gc} should report 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ColorConversionBenchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private Rgb24Frame rgb;
    private I420Frame yuv;
    private I420Frame half;
    private FrameScaler halver;

    @Setup
    public void setUp() {
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        rgb = Rgb24Frame.allocate(w, h);
        yuv = I420Frame.allocate(w, h);
        new TestPattern(w, h).render(7, yuv);
        ColorConverter.i420ToRgb24(yuv, rgb);
        half = I420Frame.allocate(w / 2, h / 2);
        halver = new FrameScaler(w, h, w / 2, h / 2);
    }

    @Benchmark
    public I420Frame rgb24ToI420() {
        ColorConverter.rgb24ToI420(rgb, yuv);
        return yuv;
    }

    @Benchmark
    public Rgb24Frame i420ToRgb24() {
        ColorConverter.i420ToRgb24(yuv, rgb);
        return rgb;
    }

    @Benchmark
    public I420Frame scaleI420ToHalf() {
        halver.scale(yuv, half);
        return half;
    }
}
