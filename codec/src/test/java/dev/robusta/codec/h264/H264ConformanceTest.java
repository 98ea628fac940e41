package dev.robusta.codec.h264;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.media.AnnexBReader;
import dev.robusta.codec.media.ExternalTools;
import dev.robusta.codec.video.I420Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams as browsers and cameras send them, made at test time by Debian's x264 and ffmpeg (libx264): every frame
 * our decoder gives must have the MD5 of the frame ffmpeg's decoder gives.
 */
class H264ConformanceTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        ExternalTools.require("ffmpeg", "x264");
    }

    private static final List<String> BASELINE_RT = List.of("--profile", "baseline", "--tune", "zerolatency",
            "--threads", "1");

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("x264 ultrafast 640x480 (no loop filter)", 640, 480, 30, "x264",
                        List.of("--preset", "ultrafast")),
                Arguments.of("x264 ultrafast 1280x720", 1280, 720, 12, "x264", List.of("--preset", "ultrafast")),
                Arguments.of("x264 veryfast 1280x720 2.5 Mbit/s", 1280, 720, 20, "x264",
                        List.of("--preset", "veryfast", "--bitrate", "2500")),
                Arguments.of("x264 4 slices 1280x720", 1280, 720, 12, "x264",
                        List.of("--preset", "fast", "--slices", "4")),
                Arguments.of("x264 slice-max-size 1200 (RTP-sized slices) 640x480", 640, 480, 20, "x264",
                        List.of("--preset", "veryfast", "--slice-max-size", "1200")),
                Arguments.of("x264 intra refresh 640x480", 640, 480, 30, "x264",
                        List.of("--preset", "veryfast", "--intra-refresh", "--keyint", "15")),
                Arguments.of("x264 qp 5 (large levels, CAVLC escapes) 1280x720", 1280, 720, 4, "x264",
                        List.of("--preset", "veryfast", "--qp", "5")),
                Arguments.of("x264 qp 48 1280x720", 1280, 720, 12, "x264",
                        List.of("--preset", "veryfast", "--qp", "48")),
                Arguments.of("x264 keyint 8, 4 refs, 640x480", 640, 480, 30, "x264",
                        List.of("--preset", "medium", "--keyint", "8", "--ref", "4")),
                Arguments.of("x264 odd size 322x242 (not whole macroblocks)", 322, 242, 15, "x264", List.of("--preset", "veryfast")),
                Arguments.of("x264 odd size 174x98 ultrafast", 174, 98, 15, "x264", List.of("--preset", "ultrafast")),
                Arguments.of("x264 1920x1080 (cropped)", 1920, 1080, 4, "x264", List.of("--preset", "veryfast")),
                Arguments.of("ffmpeg libx264 baseline zerolatency 1280x720 (sliced threads)", 1280, 720, 12, "ffmpeg",
                        List.of("-profile:v", "baseline", "-tune", "zerolatency", "-b:v", "2M", "-threads", "4")),
                Arguments.of("ffmpeg libx264 baseline 640x480", 640, 480, 30, "ffmpeg",
                        List.of("-profile:v", "baseline", "-preset", "veryfast", "-b:v", "1M")),
                Arguments.of("ffmpeg libx264 baseline 1278x718", 1278, 718, 8, "ffmpeg",
                        List.of("-profile:v", "baseline", "-tune", "zerolatency", "-threads", "1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void decodesLikeFfmpeg(String name, int width, int height, int frames, String tool, List<String> options)
            throws Exception {
        Path clip = H264Streams.clip(dir, width, height, frames);
        String file = name.replaceAll("[^A-Za-z0-9]+", "-");
        Path stream;
        if (tool.equals("x264")) {
            List<String> all = new ArrayList<>(BASELINE_RT);
            all.addAll(options);
            stream = H264Streams.x264(dir, file, clip, all);
        } else {
            stream = H264Streams.ffmpeg(dir, file, clip, options);
        }
        assertAllFramesMatch(stream, width, height, frames);
        // The same stream labelled plain baseline (constraint_set1_flag cleared) decodes the same.
        Path baseline = dir.resolve(file + "-baseline.264");
        Files.write(baseline, clearConstraintSet1(Files.readAllBytes(stream)));
        if (frames <= 12) {
            assertAllFramesMatch(baseline, width, height, frames);
        }
    }

    static void assertAllFramesMatch(Path stream, int width, int height, int frames) throws Exception {
        assertAllFramesMatch(stream, width, height, frames, dir);
    }

    /** Every frame our decoder gives has the MD5 of ffmpeg's; {@code workDir} takes ffmpeg's framemd5 file. */
    static void assertAllFramesMatch(Path stream, int width, int height, int frames, Path workDir) throws Exception {
        List<String> expected = H264Streams.ffmpegFrameMd5s(stream, workDir);
        assertEquals(frames, expected.size());
        H264Decoder decoder = new H264Decoder();
        I420Frame out = I420Frame.allocate(16, 16);
        int n = 0;
        try (AnnexBReader reader = AnnexBReader.open(stream)) {
            while (reader.next()) {
                assertTrue(decoder.decode(reader.data(), 0, reader.length(), out), "frame " + n);
                assertEquals(width, out.width());
                assertEquals(height, out.height());
                assertEquals(expected.get(n), md5(out), "frame " + n + " of " + stream.getFileName());
                n++;
            }
        }
        assertEquals(frames, n);
        assertEquals(width, decoder.width());
    }

    static String md5(I420Frame f) throws Exception {
        byte[] packed = new byte[f.sizeBytes()];
        f.writePacked(packed, 0);
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(packed));
    }

    /** Clears constraint_set1_flag in every SPS: the profile then reads "baseline" instead of "constrained". */
    static byte[] clearConstraintSet1(byte[] s) {
        byte[] b = s.clone();
        int nal = AnnexB.nextNalStart(b, 0, b.length);
        int found = 0;
        while (nal >= 0 && nal + 2 < b.length) {
            if (AnnexB.nalType(b[nal]) == AnnexB.NAL_SPS) {
                assertEquals(66, b[nal + 1] & 0xFF, "baseline profile_idc");
                b[nal + 2] &= ~0x40;
                found++;
            }
            nal = AnnexB.nextNalStart(b, nal, b.length);
        }
        assertTrue(found > 0);
        return b;
    }
}
