package dev.robusta.benchmarks.h264;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.h264.H264Decoder;
import dev.robusta.codec.h264.H264Encoder;
import dev.robusta.codec.h264.JcodecPictures;
import dev.robusta.codec.media.AnnexBReader;
import dev.robusta.codec.video.I420Frame;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.common.model.Picture;

/**
 * Quality at a bitrate, on the clip of {@link H264Clips}: our encoder, x264 (ultrafast, zerolatency, baseline, one
 * thread, same target) and JCodec's encoder as it is (no rate control). For each: the bitrate reached and the mean
 * luma PSNR of what a decoder shows (decoded here by our decoder, which equals FFmpeg's output).
 */
public final class H264QualityHarness implements Harness {
    @Override
    public String name() {
        return "H264Quality";
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        List<ReportRow> rows = new ArrayList<>();
        for (String size : smoke ? List.of("640x480") : List.of("640x480", "1280x720")) {
            H264Clips.Clip clip = H264Clips.get(size);
            int frames = smoke ? 5 : H264Clips.FRAMES;
            List<I420Frame> pictures = clip.pictures().subList(0, frames);

            H264Encoder ours = new H264Encoder(clip.width(), clip.height(), clip.bitrateKbps() * 1000, 30);
            EncodedFrame ef = new EncodedFrame();
            List<byte[]> oursUnits = new ArrayList<>();
            for (I420Frame p : pictures) {
                if (ours.encode(p, false, ef)) {
                    oursUnits.add(ef.toByteArray());
                } else {
                    oursUnits.add(null);
                }
            }
            addRows(rows, size, "robusta", pictures, oursUnits, clip.bitrateKbps());

            Path x264 = Files.createTempFile("robusta-x264-q", ".264");
            try {
                H264Clips.run(H264Clips.x264(clip.y4m(), x264, clip.bitrateKbps()));
                List<byte[]> units = new ArrayList<>();
                try (AnnexBReader r = AnnexBReader.open(x264)) {
                    while (r.next() && units.size() < frames) {
                        units.add(java.util.Arrays.copyOf(r.data(), r.length()));
                    }
                }
                addRows(rows, size, "x264 ultrafast zerolatency baseline", pictures, units, clip.bitrateKbps());
            } finally {
                Files.deleteIfExists(x264);
            }

            org.jcodec.codecs.h264.H264Encoder jcodec = org.jcodec.codecs.h264.H264Encoder.createH264Encoder();
            ByteBuffer buf = ByteBuffer.allocate(clip.width() * clip.height() * 3);
            List<byte[]> jcodecUnits = new ArrayList<>();
            for (I420Frame p : pictures) {
                Picture jp = JcodecPictures.fromI420(p);
                buf.clear();
                ByteBuffer data = jcodec.encodeFrame(jp, buf).getData();
                byte[] b = new byte[data.remaining()];
                data.get(b);
                jcodecUnits.add(b);
            }
            addRows(rows, size, "jcodec 0.2.5 (no rate control)", pictures, jcodecUnits, clip.bitrateKbps());
        }
        return rows;
    }

    private void addRows(List<ReportRow> rows, String size, String who, List<I420Frame> pictures,
                         List<byte[]> units, int targetKbps) throws Exception {
        H264Decoder decoder = new H264Decoder();
        I420Frame out = I420Frame.allocate(16, 16);
        long bytes = 0;
        double psnr = 0;
        int shown = 0;
        for (int i = 0; i < units.size(); i++) {
            byte[] u = units.get(i);
            if (u == null) {
                continue; // a dropped frame: the previous picture stays on screen
            }
            bytes += u.length;
            decoder.decode(u, 0, u.length, out);
            psnr += psnrY(pictures.get(i), out);
            shown++;
        }
        double kbps = bytes * 8.0 * 30 / units.size() / 1000;
        String at = size + ", target " + targetKbps + " kbit/s: " + who;
        rows.add(ReportRow.of(name(), at + ": bitrate", "bitrate", kbps, "kbit/s"));
        rows.add(ReportRow.of(name(), at + ": mean PSNR-Y", "psnr", psnr / Math.max(1, shown), "dB"));
    }

    static double psnrY(I420Frame a, I420Frame b) {
        double se = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                int d = (a.y()[a.yOffset() + y * a.yStride() + x] & 0xFF)
                        - (b.y()[b.yOffset() + y * b.yStride() + x] & 0xFF);
                se += d * d;
            }
        }
        double mse = se / ((double) a.width() * a.height());
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
