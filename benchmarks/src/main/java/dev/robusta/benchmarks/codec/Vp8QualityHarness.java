package dev.robusta.benchmarks.codec;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfReader;
import dev.robusta.codec.video.Y4mReader;
import dev.robusta.codec.vp8.Vp8Decoder;
import dev.robusta.codec.vp8.Vp8Encoder;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Our VP8 encoder against libvpx's real-time mode ({@code vpxenc --rt --cpu-used=8 --threads=1 --end-usage=cbr})
 * on the same clip and the same target bitrates: achieved bitrate and PSNR side by side, then encode and decode
 * speed on one thread. The clip is ffmpeg's {@code testsrc2} ({@value #FRAMES} frames at 30 frames/s; Debian's
 * ffmpeg), whose moving text and gradients need the bitrates measured here (the flat {@link TestPattern} of the
 * JMH benchmarks reaches libvpx's finest quantizer below them, which makes a poor comparison). PSNR is over all frames and all three planes
 * (total squared error against the source); both streams are decoded by our decoder, which is bit-exact with
 * vpxdec. Our encode speed is that of a third pass over the clip (the first two warm the JIT up), as wall time and
 * as this thread's CPU time; libvpx's is wall time and includes starting the process.
 */
public final class Vp8QualityHarness implements Harness {
    /**
     * The thread's CPU time, beside wall time: on a machine shared with other jobs it is the steadier measure of
     * what one core does (libvpx's figure, from a separate process, is wall time only).
     */
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();
    static final int FRAMES = 90;

    @Override
    public String name() {
        return "Vp8Quality";
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        List<ReportRow> rows = new ArrayList<>();
        if (smoke) {
            compare(320, 240, 10, new int[] {300}, 1, rows);
            return rows;
        }
        compare(640, 480, FRAMES, new int[] {300, 600, 1000}, 3, rows);
        compare(1280, 720, FRAMES, new int[] {800, 1500, 2500}, 3, rows);
        return rows;
    }

    private void compare(int w, int h, int frames, int[] kbpsList, int passes, List<ReportRow> rows)
            throws Exception {
        String size = w + "x" + h;
        Path y4m = Files.createTempFile("robusta-testsrc2-" + size, ".y4m");
        try {
            Vp8Clips.run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=" + size + ":rate=30", "-frames:v", Integer.toString(frames), "-pix_fmt",
                    "yuv420p", y4m.toString()));
            compare(size, y4m, kbpsList, passes, rows);
        } finally {
            Files.deleteIfExists(y4m);
        }
    }

    private void compare(String size, Path y4m, int[] kbpsList, int passes, List<ReportRow> rows) throws Exception {
        List<I420Frame> source = readY4m(y4m);
        int w = source.get(0).width();
        int h = source.get(0).height();
        double seconds = source.size() / 30.0;
        for (int kbps : kbpsList) {
            String what = size + " at " + kbps + " kbit/s";
            // Ours: the last pass is the one measured and kept.
            List<byte[]> ours = null;
            long nanos = 0;
            long cpuNanos = 0;
            for (int pass = 0; pass < passes; pass++) {
                ours = new ArrayList<>();
                EncodedFrame out = new EncodedFrame(1 << 20);
                long t0 = System.nanoTime();
                long c0 = CPU.getCurrentThreadCpuTime();
                try (Vp8Encoder encoder = new Vp8Encoder(w, h, 30, kbps * 1000)) {
                    for (I420Frame f : source) {
                        encoder.encode(f, false, out);
                        ours.add(Arrays.copyOf(out.data(), out.length()));
                    }
                }
                nanos = System.nanoTime() - t0;
                cpuNanos = CPU.getCurrentThreadCpuTime() - c0;
            }
            double oursFps = source.size() * 1e9 / nanos;
            // libvpx.
            Path ivf = Files.createTempFile("robusta-vp8-quality", ".ivf");
            long v0 = System.nanoTime();
            Vp8Clips.run(List.of("vpxenc", "--codec=vp8", "--ivf", "-q", "--disable-warning-prompt", "--rt",
                    "--cpu-used=8", "--threads=1", "--end-usage=cbr", "--target-bitrate=" + kbps, "-o",
                    ivf.toString(), y4m.toString()));
            double libvpxFps = source.size() * 1e9 / (System.nanoTime() - v0);
            List<byte[]> theirs = readIvf(ivf);
            Files.deleteIfExists(ivf);

            String g = name();
            rows.add(ReportRow.of(g, what + ": Robusta PSNR", "psnr", psnr(source, ours), "dB"));
            rows.add(ReportRow.of(g, what + ": libvpx --rt PSNR", "psnr", psnr(source, theirs), "dB"));
            rows.add(ReportRow.of(g, what + ": Robusta bitrate", "bitrate", kbps(ours, seconds), "kbit/s"));
            rows.add(ReportRow.of(g, what + ": libvpx --rt bitrate", "bitrate", kbps(theirs, seconds), "kbit/s"));
            rows.add(ReportRow.of(g, what + ": Robusta encode, 1 thread", "speed", oursFps, "frames/s"));
            rows.add(ReportRow.of(g, what + ": Robusta encode, 1 thread, per CPU second", "cpu speed",
                    source.size() * 1e9 / cpuNanos, "frames/s"));
            rows.add(ReportRow.of(g, what + ": libvpx --rt encode, 1 thread", "speed", libvpxFps, "frames/s"));
            long[] decodeNanos = decodeNanos(theirs, passes);
            rows.add(ReportRow.of(g, what + ": Robusta decode of libvpx's stream", "speed",
                    theirs.size() * 1e9 / decodeNanos[0], "frames/s"));
            rows.add(ReportRow.of(g, what + ": Robusta decode of libvpx's stream, per CPU second", "cpu speed",
                    theirs.size() * 1e9 / decodeNanos[1], "frames/s"));
        }
    }

    /** Wall and CPU nanoseconds of the last of {@code passes} decodes of the stream. */
    private static long[] decodeNanos(List<byte[]> frames, int passes) throws Exception {
        I420Frame out = I420Frame.allocate(16, 16);
        long[] nanos = new long[2];
        for (int pass = 0; pass < passes; pass++) {
            try (Vp8Decoder decoder = new Vp8Decoder()) {
                long t0 = System.nanoTime();
                long c0 = CPU.getCurrentThreadCpuTime();
                for (byte[] f : frames) {
                    decoder.decode(f, 0, f.length, out);
                }
                nanos[0] = System.nanoTime() - t0;
                nanos[1] = CPU.getCurrentThreadCpuTime() - c0;
            }
        }
        return nanos;
    }

    private static double kbps(List<byte[]> frames, double seconds) {
        long bytes = 0;
        for (byte[] f : frames) {
            bytes += f.length;
        }
        return bytes * 8 / seconds / 1000;
    }

    /** PSNR over every frame and plane: total squared error against the source. */
    static double psnr(List<I420Frame> source, List<byte[]> stream) throws Exception {
        double sse = 0;
        long samples = 0;
        I420Frame decoded = I420Frame.allocate(16, 16);
        int shown = 0;
        try (Vp8Decoder decoder = new Vp8Decoder()) {
            for (byte[] f : stream) {
                if (f.length == 0 || !decoder.decode(f, 0, f.length, decoded)) {
                    continue;
                }
                I420Frame a = source.get(shown++);
                sse += sse(a.y(), a.yOffset(), a.yStride(), decoded.y(), decoded.yOffset(), decoded.yStride(),
                        a.width(), a.height());
                sse += sse(a.u(), a.uOffset(), a.uStride(), decoded.u(), decoded.uOffset(), decoded.uStride(),
                        a.chromaWidth(), a.chromaHeight());
                sse += sse(a.v(), a.vOffset(), a.vStride(), decoded.v(), decoded.vOffset(), decoded.vStride(),
                        a.chromaWidth(), a.chromaHeight());
                samples += a.sizeBytes();
            }
        }
        if (shown != source.size()) {
            throw new IllegalStateException(shown + " frames shown of " + source.size());
        }
        return sse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 * samples / sse);
    }

    private static double sse(byte[] a, int ao, int as, byte[] b, int bo, int bs, int w, int h) {
        long sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d = (a[ao + y * as + x] & 0xff) - (b[bo + y * bs + x] & 0xff);
                sum += d * d;
            }
        }
        return sum;
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
