package dev.robusta.codec.h264;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.EncodedFrame;
import dev.robusta.codec.media.ExternalTools;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.Y4mReader;
import java.io.BufferedInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H264EncoderTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        ExternalTools.require("ffmpeg");
    }

    static List<I420Frame> frames(int width, int height, int count) throws Exception {
        return frames(dir, width, height, count);
    }

    static List<I420Frame> frames(Path dir, int width, int height, int count) throws Exception {
        Path clip = H264Streams.clip(dir, width, height, count);
        List<I420Frame> frames = new ArrayList<>();
        try (Y4mReader r = new Y4mReader(new BufferedInputStream(Files.newInputStream(clip)))) {
            I420Frame f = I420Frame.allocate(width, height);
            while (r.next(f)) {
                I420Frame copy = I420Frame.allocate(width, height);
                f.copyTo(copy);
                frames.add(copy);
            }
        }
        return frames;
    }

    static double psnrY(I420Frame a, I420Frame b) {
        double se = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                int d = (a.y()[a.yOffset() + y * a.yStride() + x] & 0xFF) - (b.y()[b.yOffset() + y * b.yStride() + x]
                        & 0xFF);
                se += d * d;
            }
        }
        double mse = se / (a.width() * a.height());
        return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /**
     * Encodes a clip, checks what WebRTC needs of every access unit, and that ffmpeg and our decoder both decode it
     * without error to exactly the encoder's own reconstruction.
     */
    void encodeDecodeExactly(int width, int height, int frames, int bitrate, int forceKeyAt, double minPsnr)
            throws Exception {
        List<I420Frame> clip = frames(width, height, frames);
        H264Encoder encoder = new H264Encoder(width, height, bitrate, 30);
        H264Decoder decoder = new H264Decoder();
        EncodedFrame ef = new EncodedFrame();
        I420Frame recon = I420Frame.allocate(width, height);
        I420Frame decoded = I420Frame.allocate(width, height);
        List<String> reconMd5s = new ArrayList<>();
        Path stream = dir.resolve("ours-" + width + "x" + height + ".264");
        double psnr = 0;
        try (OutputStream out = Files.newOutputStream(stream)) {
            for (int i = 0; i < frames; i++) {
                assertTrue(encoder.encode(clip.get(i), i == forceKeyAt, ef), "frame " + i);
                boolean key = i == 0 || i == forceKeyAt;
                assertEquals(key, ef.isKeyFrame(), "frame " + i);
                byte[] data = ef.toByteArray();
                // Access units as WebRTC sends them: 4-byte start codes; SPS and PPS only in front of IDR pictures.
                assertArrayEquals(AnnexB.START_CODE, java.util.Arrays.copyOf(data, 4));
                int first = AnnexB.nalType(data[4]);
                assertEquals(key ? AnnexB.NAL_SPS : AnnexB.NAL_SLICE, first, "frame " + i);
                if (key) {
                    assertEquals(0x42, data[5] & 0xFF, "profile_idc baseline");
                    assertEquals(0xC0, data[6] & 0xFF, "constraint_set0 and set1: constrained baseline");
                }
                out.write(data);
                encoder.reconstruction(recon);
                reconMd5s.add(H264ConformanceTest.md5(recon));
                psnr += psnrY(clip.get(i), recon);
                assertTrue(decoder.decode(data, 0, data.length, decoded));
                assertEquals(reconMd5s.get(i), H264ConformanceTest.md5(decoded), "our decoder, frame " + i);
            }
        }
        String log = ExternalTools.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-xerror", "-threads", "1",
                "-i", stream.toString(), "-f", "null", "-"), dir);
        assertEquals("", log.trim(), "ffmpeg reports errors");
        assertEquals(reconMd5s, H264Streams.ffmpegFrameMd5s(stream, dir));
        assertTrue(psnr / frames > minPsnr, "mean PSNR-Y " + psnr / frames);
    }

    @Test
    void vgaDecodesExactlyWithFfmpeg() throws Exception {
        encodeDecodeExactly(640, 480, 30, 1_000_000, 17, 28);
    }

    @Test
    void hdDecodesExactlyWithFfmpeg() throws Exception {
        encodeDecodeExactly(1280, 720, 10, 2_500_000, 6, 28);
    }

    @Test
    void oddSizesAreCropped() throws Exception {
        encodeDecodeExactly(322, 242, 12, 900_000, 5, 28);
        encodeDecodeExactly(66, 34, 6, 200_000, -1, 26);
    }

    /** The bitrate follows the target, and a new target takes effect within a second. */
    @Test
    void rateControlFollowsAChangingTarget() throws Exception {
        List<I420Frame> clip = frames(640, 480, 60);
        H264Encoder encoder = new H264Encoder(640, 480, 1_200_000, 30);
        EncodedFrame ef = new EncodedFrame();
        long[] bits = new long[6];
        for (int i = 0; i < 180; i++) {
            if (i == 90) {
                encoder.setTargetBitrate(600_000);
            }
            if (encoder.encode(clip.get(i % 60), false, ef)) {
                bits[i / 30] += ef.length() * 8L;
            }
        }
        // Seconds 1 and 2 at 1.2 Mbit/s; 3 is the switch; 4 and 5 at 600 kbit/s.
        for (int s : new int[] {1, 2}) {
            assertTrue(Math.abs(bits[s] - 1_200_000) < 1_200_000 * 0.2, "second " + s + ": " + bits[s]);
        }
        for (int s : new int[] {4, 5}) {
            assertTrue(Math.abs(bits[s] - 600_000) < 600_000 * 0.25, "second " + s + ": " + bits[s]);
        }
        assertTrue(encoder.lastQp() > 20);
    }

    /** A target far below what the content needs: frames are dropped rather than the rate blown. */
    @Test
    void starvedEncoderDropsFrames() throws Exception {
        List<I420Frame> clip = frames(640, 480, 60);
        H264Encoder encoder = new H264Encoder(640, 480, 20_000, 30);
        EncodedFrame ef = new EncodedFrame();
        long total = 0;
        int dropped = 0;
        for (int i = 0; i < 120; i++) {
            if (encoder.encode(clip.get(i % 60), false, ef)) {
                total += ef.length() * 8L;
            } else {
                dropped++;
            }
        }
        assertTrue(dropped > 0);
        assertTrue(total < 20_000 * 4 * 2, "bits in 4 s: " + total);
    }

    @Test
    void rejectsMisuse() {
        H264Encoder encoder = new H264Encoder(64, 64, 100_000, 30);
        assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(I420Frame.allocate(32, 32), false, new EncodedFrame()));
        assertThrows(IllegalArgumentException.class, () -> encoder.setTargetBitrate(10));
        assertThrows(IllegalArgumentException.class, () -> new H264Encoder(1, 1, 100_000, 30));
        assertThrows(IllegalArgumentException.class, () -> new H264Encoder(175, 98, 100_000, 30));
        encoder.close();
        assertThrows(IllegalStateException.class,
                () -> encoder.encode(I420Frame.allocate(64, 64), false, new EncodedFrame()));
        assertFalse(encoder.width() != 64);
    }
}
