package dev.robusta.benchmarks.h264;

import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.h264.H264Encoder;
import dev.robusta.codec.h264.JcodecPictures;
import dev.robusta.codec.video.I420Frame;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jcodec.common.model.Picture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * H.264 encoding on one thread: one operation encodes the next picture of the clip ({@link H264Clips}), looping.
 * {@code robusta} is our encoder at the clip's bitrate (1 Mbit/s at 640x480, 2.5 Mbit/s at 1280x720, key frames
 * only at the start); {@code jcodec} is JCodec 0.2.5's encoder as it is (no rate control, a key frame every 25).
 * Quality and bitrate are in {@link H264QualityHarness}; x264 is in {@link ExternalH264Benchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class H264EncodeBenchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private List<I420Frame> pictures;
    private H264Encoder encoder;
    private final EncodedFrame out = new EncodedFrame();
    private org.jcodec.codecs.h264.H264Encoder jcodec;
    private Picture[] jcodecPictures;
    private ByteBuffer jcodecOut;
    private int next;
    private int nextJcodec;

    @Setup
    public void setUp() {
        H264Clips.Clip clip = H264Clips.get(size);
        pictures = clip.pictures();
        encoder = new H264Encoder(clip.width(), clip.height(), clip.bitrateKbps() * 1000, 30);
        jcodec = org.jcodec.codecs.h264.H264Encoder.createH264Encoder();
        jcodecPictures = new Picture[pictures.size()];
        for (int i = 0; i < pictures.size(); i++) {
            jcodecPictures[i] = JcodecPictures.fromI420(pictures.get(i));
        }
        jcodecOut = ByteBuffer.allocate(clip.width() * clip.height() * 3);
    }

    @Benchmark
    public EncodedFrame robusta() {
        I420Frame f = pictures.get(next);
        next = next + 1 == pictures.size() ? 0 : next + 1;
        encoder.encode(f, false, out);
        return out;
    }

    @Benchmark
    public Object jcodec() {
        Picture p = jcodecPictures[nextJcodec];
        nextJcodec = nextJcodec + 1 == jcodecPictures.length ? 0 : nextJcodec + 1;
        jcodecOut.clear();
        return jcodec.encodeFrame(p, jcodecOut);
    }
}
