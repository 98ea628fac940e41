package dev.robusta.benchmarks.h264;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.h264.H264Decoder;
import dev.robusta.codec.h264.H264Encoder;
import dev.robusta.codec.video.I420Frame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.common.model.Picture;

/**
 * Frames per second of one core's time: the H.264 encoders and decoders of {@link H264EncodeBenchmark} and
 * {@link H264DecodeBenchmark}, timed by the thread's CPU time instead of the wall clock, so that other processes on
 * a shared machine do not lower the figure (the JMH figures beside it are wall-clock). Warm-up passes first, then
 * the best of five timed passes over the clip.
 */
public final class H264CpuTimeHarness implements Harness {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Override
    public String name() {
        return "H264CpuTime";
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        List<ReportRow> rows = new ArrayList<>();
        int warmups = smoke ? 0 : 8;
        int passes = smoke ? 1 : 5;
        for (String size : smoke ? List.of("640x480") : List.of("640x480", "1280x720")) {
            H264Clips.Clip clip = H264Clips.get(size);
            List<I420Frame> pictures = smoke ? clip.pictures().subList(0, 3) : clip.pictures();
            List<byte[]> units = smoke ? clip.accessUnits().subList(0, 3) : clip.accessUnits();

            double best = 0;
            for (int pass = 0; pass < warmups + passes; pass++) {
                H264Decoder decoder = new H264Decoder();
                I420Frame out = I420Frame.allocate(16, 16);
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (byte[] u : units) {
                    decoder.decode(u, 0, u.length, out);
                }
                double fps = units.size() / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
                best = pass >= warmups ? Math.max(best, fps) : best;
            }
            rows.add(ReportRow.of(name(), size + ": robusta decode (x264 stream)", "cpu", best, "frames/s"));

            best = 0;
            org.jcodec.codecs.h264.H264Decoder jd = null;
            byte[][] planes = new byte[3][(clip.width() + 16) * (clip.height() + 16)];
            for (int pass = 0; pass < warmups / 2 + passes; pass++) {
                jd = new org.jcodec.codecs.h264.H264Decoder();
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (byte[] u : units) {
                    jd.decodeFrame(ByteBuffer.wrap(u.clone()), planes);
                }
                double fps = units.size() / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
                best = pass >= warmups / 2 ? Math.max(best, fps) : best;
            }
            rows.add(ReportRow.of(name(), size + ": jcodec 0.2.5 decode (x264 stream)", "cpu", best, "frames/s"));

            best = 0;
            EncodedFrame ef = new EncodedFrame();
            for (int pass = 0; pass < warmups + passes; pass++) {
                H264Encoder encoder = new H264Encoder(clip.width(), clip.height(), clip.bitrateKbps() * 1000, 30);
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (I420Frame p : pictures) {
                    encoder.encode(p, false, ef);
                }
                double fps = pictures.size() / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
                best = pass >= warmups ? Math.max(best, fps) : best;
            }
            rows.add(ReportRow.of(name(), size + ": robusta encode at " + clip.bitrateKbps() + " kbit/s", "cpu", best,
                    "frames/s"));

            best = 0;
            Picture[] jp = new Picture[pictures.size()];
            for (int i = 0; i < jp.length; i++) {
                jp[i] = H264EncodeBenchmark.toJcodec(pictures.get(i));
            }
            ByteBuffer buf = ByteBuffer.allocate(clip.width() * clip.height() * 3);
            for (int pass = 0; pass < warmups / 4 + Math.min(passes, 2); pass++) {
                org.jcodec.codecs.h264.H264Encoder je = org.jcodec.codecs.h264.H264Encoder.createH264Encoder();
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (Picture p : jp) {
                    buf.clear();
                    je.encodeFrame(p, buf);
                }
                double fps = jp.length / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
                best = pass >= warmups / 4 ? Math.max(best, fps) : best;
            }
            rows.add(ReportRow.of(name(), size + ": jcodec 0.2.5 encode (no rate control)", "cpu", best,
                    "frames/s"));
        }
        return rows;
    }
}
