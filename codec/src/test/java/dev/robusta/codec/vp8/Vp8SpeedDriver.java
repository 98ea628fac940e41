package dev.robusta.codec.vp8;

import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfReader;
import dev.robusta.codec.video.Y4mReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A development tool, not a test: encode or decode speed in frames per CPU second of this thread (steadier than wall
 * time on a shared machine), bytes allocated per frame, and an MD5 of the output so that an optimisation can be
 * checked to leave it bit-identical. The JMH benchmarks and {@code Vp8Quality} harness in {@code benchmarks} are the
 * reported figures.
 *
 * <pre>java -cp ... dev.robusta.codec.vp8.Vp8SpeedDriver enc clip.y4m 1500 3
 * java -cp ... dev.robusta.codec.vp8.Vp8SpeedDriver dec stream.ivf 3</pre>
 */
final class Vp8SpeedDriver {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Vp8SpeedDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("lf")) {
            loopFilter(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        Path file = Path.of(args[1]);
        if (args[0].equals("enc")) {
            encode(readY4m(file), Integer.parseInt(args[2]) * 1000, Integer.parseInt(args[3]));
        } else {
            decode(readIvf(file), Integer.parseInt(args[2]));
        }
    }

    private static void encode(List<I420Frame> source, int bitrate, int passes) throws Exception {
        int w = source.get(0).width();
        int h = source.get(0).height();
        EncodedFrame out = new EncodedFrame(1 << 20);
        for (int pass = 0; pass < passes; pass++) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long bytes = 0;
            try (Vp8Encoder encoder = new Vp8Encoder(w, h, 30, bitrate)) {
                encoder.encode(source.get(0), false, out);
                md5.update(out.data(), 0, out.length());
                bytes += out.length();
                long c0 = THREADS.getCurrentThreadCpuTime();
                long a0 = THREADS.getCurrentThreadAllocatedBytes();
                for (int k = 1; k < source.size(); k++) {
                    encoder.encode(source.get(k), false, out);
                    md5.update(out.data(), 0, out.length());
                    bytes += out.length();
                }
                long cpu = THREADS.getCurrentThreadCpuTime() - c0;
                long alloc = THREADS.getCurrentThreadAllocatedBytes() - a0;
                int n = source.size() - 1;
                System.out.printf("encode %dx%d pass %d: %.1f frames/CPU-s, %d B/frame, %d bytes, md5 %s%n", w, h,
                        pass, n * 1e9 / cpu, alloc / n, bytes, HexFormat.of().formatHex(md5.digest()));
            }
        }
    }

    private static void decode(List<byte[]> frames, int passes) throws Exception {
        I420Frame out = I420Frame.allocate(16, 16);
        for (int pass = 0; pass < passes; pass++) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (Vp8Decoder decoder = new Vp8Decoder()) {
                // Only the decoding is timed: an MD5 of a 720p frame costs a third as much as decoding it.
                long cpu = 0;
                long alloc = 0;
                for (byte[] f : frames) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long a0 = THREADS.getCurrentThreadAllocatedBytes();
                    boolean shown = decoder.decode(f, 0, f.length, out);
                    cpu += THREADS.getCurrentThreadCpuTime() - c0;
                    alloc += THREADS.getCurrentThreadAllocatedBytes() - a0;
                    if (shown) {
                        md5.update(out.y(), 0, out.y().length);
                        md5.update(out.u(), 0, out.u().length);
                        md5.update(out.v(), 0, out.v().length);
                    }
                }
                System.out.printf("decode %dx%d pass %d: %.1f frames/CPU-s, %d B/frame, md5 %s%n", out.width(),
                        out.height(), pass, frames.size() * 1e9 / cpu, alloc / frames.size(),
                        HexFormat.of().formatHex(md5.digest()));
            }
        }
    }

    /** The normal loop filter alone over a 1280x720 frame of noisy gradients, every edge, at {@code level}. */
    private static void loopFilter(int level, int passes) {
        FrameBuffer f = new FrameBuffer(80, 45);
        MacroblockInfo info = new MacroblockInfo(80, 45);
        java.util.Random random = new java.util.Random(1);
        for (int k = 0; k < f.y.length; k++) {
            f.y[k] = (byte) ((k % 200) + random.nextInt(6));
        }
        byte[] y = f.y.clone();
        FrameHeader h = new FrameHeader();
        h.filterLevel = level;
        StreamState state = new StreamState();
        state.segmentation.reset();
        LoopFilterPlan plan = new LoopFilterPlan();
        plan.setUp(h, state);
        for (int pass = 0; pass < passes; pass++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (int n = 0; n < 20; n++) {
                System.arraycopy(y, 0, f.y, 0, y.length);
                for (int r = 0; r < 45; r++) {
                    plan.filterRow(f, info, info.segment, r);
                }
            }
            long cpu = THREADS.getCurrentThreadCpuTime() - c0;
            System.out.printf("loop filter 1280x720 level %d pass %d: %.1f frames/CPU-s, checksum %d%n", level, pass,
                    20 * 1e9 / cpu, java.util.Arrays.hashCode(f.y));
        }
    }

    private static List<I420Frame> readY4m(Path y4m) throws Exception {
        List<I420Frame> frames = new ArrayList<>();
        try (Y4mReader in = new Y4mReader(new BufferedInputStream(Files.newInputStream(y4m)))) {
            I420Frame f = I420Frame.allocate(in.width(), in.height());
            while (in.next(f)) {
                frames.add(f);
                f = I420Frame.allocate(in.width(), in.height());
            }
        }
        return frames;
    }

    private static List<byte[]> readIvf(Path ivf) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        try (IvfReader reader = new IvfReader(new ByteArrayInputStream(Files.readAllBytes(ivf)))) {
            while (reader.next()) {
                frames.add(Arrays.copyOf(reader.frameData(), reader.frameLength()));
            }
        }
        return frames;
    }
}
