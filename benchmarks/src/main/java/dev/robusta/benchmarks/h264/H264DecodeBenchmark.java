package dev.robusta.benchmarks.h264;

import dev.robusta.codec.h264.H264DecodeException;
import dev.robusta.codec.h264.H264Decoder;
import dev.robusta.codec.video.I420Frame;
import java.nio.ByteBuffer;
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
 * H.264 decoding on one thread: one operation decodes the next access unit of x264's stream of the clip
 * ({@link H264Clips}), going back to the IDR picture at the end; operations per second are frames per second.
 * {@code robusta} is our decoder; {@code jcodec} is JCodec 0.2.5's decoder as it is (its output differs from
 * FFmpeg's on streams without the loop filter, such as this one). Compare with {@link ExternalH264Benchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class H264DecodeBenchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private List<byte[]> units;
    private final H264Decoder decoder = new H264Decoder();
    private final I420Frame out = I420Frame.allocate(16, 16);
    private org.jcodec.codecs.h264.H264Decoder jcodec;
    private byte[][] jcodecPlanes;
    private int next;
    private int nextJcodec;

    @Setup
    public void setUp() throws H264DecodeException {
        H264Clips.Clip clip = H264Clips.get(size);
        units = clip.accessUnits();
        for (byte[] u : units) {
            decoder.decode(u, 0, u.length, out);
        }
        jcodec = new org.jcodec.codecs.h264.H264Decoder();
        jcodecPlanes = new byte[3][(clip.width() + 16) * (clip.height() + 16)];
    }

    @TearDown
    public void tearDown() {
        decoder.close();
    }

    @Benchmark
    public I420Frame robusta() throws H264DecodeException {
        byte[] u = units.get(next);
        next = next + 1 == units.size() ? 0 : next + 1;
        decoder.decode(u, 0, u.length, out);
        return out;
    }

    @Benchmark
    public Object jcodec() {
        byte[] u = units.get(nextJcodec);
        nextJcodec = nextJcodec + 1 == units.size() ? 0 : nextJcodec + 1;
        // JCodec unescapes in place: give it a copy, as our wrapper copies too.
        return jcodec.decodeFrame(ByteBuffer.wrap(u.clone()), jcodecPlanes);
    }
}
