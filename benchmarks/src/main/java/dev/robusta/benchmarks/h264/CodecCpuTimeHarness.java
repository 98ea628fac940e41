package dev.robusta.benchmarks.h264;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.audio.G711;
import dev.robusta.codec.audio.OpusAudioDecoder;
import dev.robusta.codec.audio.OpusAudioEncoder;
import dev.robusta.codec.video.AudioFrame;
import dev.robusta.codec.h264.H264Decoder;
import dev.robusta.codec.h264.H264Encoder;
import dev.robusta.codec.h264.JcodecPictures;
import dev.robusta.codec.video.I420Frame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.common.model.Picture;

/**
 * Frames per second of one core's time: the H.264 encoders and decoders of {@link H264EncodeBenchmark} and
 * {@link H264DecodeBenchmark}, timed by the thread's CPU time instead of the wall clock, so that other processes on
 * a shared machine do not lower the figure (the JMH figures beside it are wall-clock). Warm-up passes first, then
 * the best of five timed passes over the clip. Also the audio codecs' real-time factor (seconds of audio coded per
 * second of CPU), on the signal of {@link dev.robusta.benchmarks.audio.AudioCodecBenchmark}.
 */
public final class CodecCpuTimeHarness implements Harness {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Override
    public String name() {
        return "CodecCpuTime";
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
                jp[i] = JcodecPictures.fromI420(pictures.get(i));
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

            // x264 and FFmpeg: their CPU time (user + system) as the shell reports it for its children.
            Path x264Out = Files.createTempFile("robusta-x264-cpu", ".264");
            try {
                double x264Best = 0;
                double ffmpegBest = 0;
                for (int pass = 0; pass < (smoke ? 1 : 3); pass++) {
                    x264Best = Math.max(x264Best, H264Clips.FRAMES / childCpuSeconds(
                            String.join(" ", H264Clips.x264(clip.y4m(), x264Out, clip.bitrateKbps()))));
                    ffmpegBest = Math.max(ffmpegBest, H264Clips.FRAMES * H264Clips.DECODE_REPEATS / childCpuSeconds(
                            "ffmpeg -nostdin -v error -threads 1 -i " + clip.repeatedStream() + " -f null -"));
                }
                rows.add(ReportRow.of(name(), size + ": x264 encode (ultrafast, zerolatency, baseline, 1 thread)",
                        "cpu", x264Best, "frames/s"));
                rows.add(ReportRow.of(name(), size + ": ffmpeg decode (x264 stream, -threads 1)", "cpu", ffmpegBest,
                        "frames/s"));
            } finally {
                Files.deleteIfExists(x264Out);
            }
        }
        audio(rows, smoke);
        return rows;
    }

    /** Runs a command line through bash and returns the CPU seconds (user + system) its processes used. */
    private static double childCpuSeconds(String command) throws Exception {
        String out = H264Clips.run(List.of("bash", "-c", command + " > /dev/null; times"));
        String[] lines = out.trim().split("\n");
        String[] children = lines[lines.length - 1].trim().split("\\s+");
        return seconds(children[0]) + seconds(children[1]);
    }

    /** Parses bash's {@code 1m2.345s}. */
    private static double seconds(String t) {
        int m = t.indexOf('m');
        return Integer.parseInt(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
    }

    private void audio(List<ReportRow> rows, boolean smoke) throws Exception {
        int seconds = smoke ? 1 : 10;
        for (int channels = 1; channels <= 2; channels++) {
            short[] pcm = dev.robusta.benchmarks.audio.AudioCodecBenchmark.voice(48000, channels, 48000 * seconds);
            OpusAudioEncoder enc = new OpusAudioEncoder(channels, OpusAudioEncoder.Application.VOIP);
            enc.setBitrate(32000 * channels);
            OpusAudioDecoder dec = new OpusAudioDecoder(channels);
            byte[][] packets = new byte[50 * seconds][];
            byte[] buf = new byte[OpusAudioEncoder.MAX_PACKET_BYTES];
            double bestEnc = 0;
            double bestDec = 0;
            AudioFrame out = AudioFrame.allocate(48000, channels, 960);
            for (int pass = 0; pass < (smoke ? 1 : 4); pass++) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (int f = 0; f < packets.length; f++) {
                    int n = enc.encode(AudioFrame.wrap(pcm, f * 960 * channels, 48000, channels, 960), buf, 0);
                    packets[f] = java.util.Arrays.copyOf(buf, n);
                }
                bestEnc = Math.max(bestEnc, seconds / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9));
                t0 = THREADS.getCurrentThreadCpuTime();
                for (byte[] p : packets) {
                    dec.decode(p, 0, p.length, out);
                }
                bestDec = Math.max(bestDec, seconds / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9));
            }
            String what = "Opus " + (channels == 1 ? "mono 32" : "stereo 64") + " kbit/s, 20 ms, complexity 10";
            rows.add(ReportRow.of(name(), what + ": encode", "cpu", bestEnc, "x real time"));
            rows.add(ReportRow.of(name(), what + ": decode", "cpu", bestDec, "x real time"));
        }
        short[] pcm8 = dev.robusta.benchmarks.audio.AudioCodecBenchmark.voice(8000, 1, 8000 * seconds * 10);
        byte[] coded = new byte[pcm8.length];
        short[] back = new short[pcm8.length];
        double bestEnc = 0;
        double bestDec = 0;
        for (int pass = 0; pass < (smoke ? 1 : 20); pass++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            for (int f = 0; f + 160 <= pcm8.length; f += 160) {
                G711.encode(G711.Law.MU_LAW, pcm8, f, 160, coded, f);
            }
            bestEnc = Math.max(bestEnc, seconds * 10 / ((THREADS.getCurrentThreadCpuTime() - t0 + 1) / 1e9));
            t0 = THREADS.getCurrentThreadCpuTime();
            for (int f = 0; f + 160 <= pcm8.length; f += 160) {
                G711.decode(G711.Law.MU_LAW, coded, f, 160, back, f);
            }
            bestDec = Math.max(bestDec, seconds * 10 / ((THREADS.getCurrentThreadCpuTime() - t0 + 1) / 1e9));
        }
        rows.add(ReportRow.of(name(), "G.711 mu-law 8 kHz, 20 ms: encode", "cpu", bestEnc, "x real time"));
        rows.add(ReportRow.of(name(), "G.711 mu-law 8 kHz, 20 ms: decode", "cpu", bestDec, "x real time"));
    }
}
