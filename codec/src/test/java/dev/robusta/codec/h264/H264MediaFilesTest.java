package dev.robusta.codec.h264;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.codec.VideoCodecException;
import dev.robusta.codec.media.AnnexBReader;
import dev.robusta.codec.media.AnnexBWriter;
import dev.robusta.codec.media.ExternalTools;
import dev.robusta.codec.media.MediaFiles;
import dev.robusta.codec.media.Mp4H264Reader;
import dev.robusta.codec.media.VideoSink;
import dev.robusta.codec.media.VideoSource;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.MediaFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H.264 files as sources and sinks: Annex-B and MP4, read and written, checked against ffmpeg. */
class H264MediaFilesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        ExternalTools.require("ffmpeg", "x264");
    }

    static List<String> decodeAll(VideoSource source) throws Exception {
        List<String> md5s = new ArrayList<>();
        I420Frame f = I420Frame.allocate(16, 16);
        while (source.next(f)) {
            md5s.add(H264ConformanceTest.md5(f));
        }
        return md5s;
    }

    @Test
    void annexBReaderSplitsAccessUnitsAndWriterRoundTrips() throws Exception {
        Path clip = H264Streams.clip(dir, 320, 240, 12);
        Path stream = H264Streams.x264(dir, "sliced", clip, List.of("--profile", "baseline", "--preset",
                "veryfast", "--slices", "3", "--threads", "1", "--aud"));
        byte[] whole = Files.readAllBytes(stream);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        int units = 0;
        // A tiny read size exercises start codes split across reads.
        try (AnnexBReader r = new AnnexBReader(new TrickleInputStream(whole, 7));
             AnnexBWriter w = new AnnexBWriter(copy)) {
            while (r.next()) {
                w.write(r.data(), 0, r.length());
                units++;
            }
        }
        assertEquals(12, units);
        assertArrayEquals(trimmed(whole), trimmed(copy.toByteArray()));
        try (VideoSource s = MediaFiles.openVideo(stream)) {
            assertEquals(H264Streams.ffmpegFrameMd5s(stream, dir), decodeAll(s));
        }
        assertThrows(MediaFormatException.class,
                () -> new AnnexBReader(new ByteArrayInputStream(new byte[] {9, 9, 9, 9, 9})).next());
        assertThrows(IllegalArgumentException.class, () -> new AnnexBWriter(copy).write(new byte[] {1, 2, 3}, 0, 3));
    }

    /** Trailing zero bytes before start codes are not part of access units. */
    private static byte[] trimmed(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0 && i + 3 < b.length && b[i + 1] == 0 && b[i + 2] == 0 && b[i + 3] == 1 && i > 0) {
                continue; // a 4-byte start code's leading zero, kept by the writer as part of the next unit
            }
            out.write(b[i]);
        }
        return out.toByteArray();
    }

    @Test
    void readsMp4MadeByFfmpeg() throws Exception {
        Path clip = H264Streams.clip(dir, 320, 240, 12);
        Path mp4 = dir.resolve("ffmpeg.mp4");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-i", clip.toString(), "-c:v",
                "libx264", "-profile:v", "baseline", "-tune", "zerolatency", "-r", "25", mp4.toString()), dir);
        try (Mp4H264Reader r = Mp4H264Reader.open(mp4)) {
            assertEquals(320, r.width());
            assertEquals(240, r.height());
            assertEquals(25, r.frameRate(), 0.5);
            assertTrue(r.next());
            assertTrue(r.isKeyFrame());
            assertEquals(AnnexB.NAL_SPS, AnnexB.nalType(r.data()[4]));
        }
        try (VideoSource s = MediaFiles.openVideo(mp4)) {
            assertEquals(H264Streams.ffmpegFrameMd5s(mp4, dir), decodeAll(s));
        }
    }

    /** Our encoder writes MP4 and Annex-B sinks; ffmpeg reads both without error to the same pictures. */
    @Test
    void writesMp4AndAnnexBThatFfmpegReads() throws Exception {
        List<I420Frame> frames = H264EncoderTest.frames(dir, 320, 240, 20);
        for (String name : new String[] {"ours.mp4", "ours.264"}) {
            Path file = dir.resolve(name);
            try (VideoSink sink = MediaFiles.createVideo(file, 320, 240, 30, 600_000)) {
                for (int i = 0; i < frames.size(); i++) {
                    sink.write(frames.get(i), i * 1_000_000L / 30);
                }
            }
            String log = ExternalTools.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i",
                    file.toString(), "-f", "null", "-"), dir);
            assertEquals("", log.trim());
            List<String> expected = H264Streams.ffmpegFrameMd5s(file, dir);
            assertEquals(20, expected.size(), name);
            try (VideoSource s = MediaFiles.openVideo(file)) {
                assertEquals(expected, decodeAll(s), name);
            }
        }
        String probe = ExternalTools.run(List.of("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "stream=codec_name,profile,width,height,nb_frames", "-of", "csv=p=0", dir.resolve("ours.mp4")
                        .toString()), dir);
        assertEquals("h264,Constrained Baseline,320,240,20", probe.trim());
    }

    /** Received access units stored without re-encoding, then read back unchanged. */
    @Test
    void storesReceivedAccessUnitsAsTheyAre() throws Exception {
        Path clip = H264Streams.clip(dir, 320, 240, 12);
        Path stream = H264Streams.x264(dir, "received", clip, List.of("--profile", "baseline", "--preset",
                "ultrafast", "--tune", "zerolatency", "--threads", "1"));
        Path mp4 = dir.resolve("received.mp4");
        List<byte[]> units = new ArrayList<>();
        try (AnnexBReader r = AnnexBReader.open(stream);
             VideoSink sink = MediaFiles.createVideo(mp4, 320, 240, 30, 0 + 1_000_000)) {
            int i = 0;
            while (r.next()) {
                byte[] u = Arrays.copyOf(r.data(), r.length());
                units.add(u);
                sink.writeEncoded(u, 0, u.length, i * 33_333L, i == 0);
                i++;
            }
        }
        try (VideoSource s = MediaFiles.openVideo(mp4)) {
            assertEquals(H264Streams.ffmpegFrameMd5s(stream, dir), decodeAll(s));
        }
    }

    @Test
    void damagedFilesGiveTypedErrors() throws Exception {
        Path junk = dir.resolve("junk.mp4");
        byte[] noise = new byte[5000];
        new Random(1).nextBytes(noise);
        Files.write(junk, noise);
        assertThrows(VideoCodecException.class, () -> MediaFiles.openVideo(junk).close());

        Path audioOnly = dir.resolve("audio.mp4");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=1", "-c:a", "aac", audioOnly.toString()), dir);
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> Mp4H264Reader.open(audioOnly));
        assertTrue(e.getMessage().contains("no video track"), e.getMessage());

        Path clip = H264Streams.clip(dir, 320, 240, 12);
        Path mp4 = dir.resolve("cut.mp4");
        ExternalTools.run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-i", clip.toString(), "-c:v",
                "libx264", "-profile:v", "baseline", mp4.toString()), dir);
        byte[] whole = Files.readAllBytes(mp4);
        Random random = new Random(9);
        for (int i = 0; i < 60; i++) {
            Path cut = dir.resolve("cut-" + i + ".mp4");
            byte[] m = i < 30 ? Arrays.copyOf(whole, random.nextInt(whole.length)) : whole.clone();
            if (i >= 30) {
                for (int k = 0; k < 20; k++) {
                    m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                }
            }
            Files.write(cut, m);
            try (VideoSource s = MediaFiles.openVideo(cut)) {
                decodeAll(s);
            } catch (VideoCodecException expected) {
                // typed
            }
        }
        assertThrows(MediaFormatException.class, () -> MediaFiles.openVideo(dir.resolve("x.avi")));
        assertThrows(MediaFormatException.class, () -> MediaFiles.createVideo(dir.resolve("x.ivf"), 16, 16, 30, 1));
        assertFalse(Files.exists(dir.resolve("x.ivf")));
    }

    /** Gives at most {@code chunk} bytes per read. */
    static final class TrickleInputStream extends ByteArrayInputStream {
        private final int chunk;

        TrickleInputStream(byte[] b, int chunk) {
            super(b);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
