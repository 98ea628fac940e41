package dev.robusta.benchmarks.h264;

import dev.robusta.codec.media.AnnexBReader;
import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.Y4mReader;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The H.264 benchmark clips, made once per JVM: {@link #FRAMES} frames of FFmpeg's {@code testsrc2} (moving
 * shapes, bars, a counter) as Y4M, and x264's encoding of them as WebRTC senders configure it
 * ({@code --preset ultrafast --tune zerolatency --profile baseline --threads 1}) at a typical WebRTC bitrate, as
 * Annex-B. Every encoder reads the same Y4M; every decoder decodes the same x264 stream. Needs Debian's ffmpeg and
 * x264 ({@code scripts/install-test-deps}).
 */
public final class H264Clips {
    /** Frames in a clip: two seconds at 30 frames per second. */
    public static final int FRAMES = 60;
    /** Times the stream is repeated in the file FFmpeg decodes (each repetition starts with an IDR picture). */
    public static final int DECODE_REPEATS = 10;

    public record Clip(int width, int height, int bitrateKbps, Path y4m, Path stream, Path repeatedStream,
                       List<I420Frame> pictures, List<byte[]> accessUnits) {
    }

    private static final Map<String, Clip> CLIPS = new ConcurrentHashMap<>();

    private H264Clips() {
    }

    public static Clip get(String size) {
        return CLIPS.computeIfAbsent(size, H264Clips::make);
    }

    /** 1 Mbit/s at 640x480, 2.5 Mbit/s at 1280x720 (what browsers reach on a good path). */
    public static int bitrateKbps(int width, int height) {
        return width * height >= 1280 * 720 ? 2500 : 1000;
    }

    private static Clip make(String size) {
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        try {
            Path dir = Files.createTempDirectory("robusta-h264-clip-" + size);
            dir.toFile().deleteOnExit();
            Path y4m = dir.resolve("clip.y4m");
            run(List.of("ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=" + w + "x" + h + ":rate=30", "-frames:v", String.valueOf(FRAMES), "-pix_fmt",
                    "yuv420p", y4m.toString()));
            y4m.toFile().deleteOnExit();
            int kbps = bitrateKbps(w, h);
            Path stream = dir.resolve("x264.264");
            run(x264(y4m, stream, kbps));
            stream.toFile().deleteOnExit();
            List<byte[]> units = new ArrayList<>();
            try (AnnexBReader r = AnnexBReader.open(stream)) {
                while (r.next()) {
                    units.add(Arrays.copyOf(r.data(), r.length()));
                }
            }
            Path repeated = dir.resolve("repeated.264");
            byte[] bytes = Files.readAllBytes(stream);
            try (OutputStream out = Files.newOutputStream(repeated)) {
                for (int i = 0; i < DECODE_REPEATS; i++) {
                    out.write(bytes);
                }
            }
            repeated.toFile().deleteOnExit();
            List<I420Frame> pictures = new ArrayList<>();
            try (Y4mReader r = new Y4mReader(new BufferedInputStream(Files.newInputStream(y4m), 1 << 20))) {
                I420Frame f = I420Frame.allocate(w, h);
                while (r.next(f)) {
                    I420Frame copy = I420Frame.allocate(w, h);
                    f.copyTo(copy);
                    pictures.add(copy);
                }
            }
            return new Clip(w, h, kbps, y4m, stream, repeated, pictures, units);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the " + size + " H.264 clip (are ffmpeg and x264 installed?)",
                    e);
        }
    }

    /** The x264 command line of the comparison, writing {@code out}. */
    public static List<String> x264(Path y4m, Path out, int kbps) {
        return List.of("x264", "--quiet", "--no-progress", "--preset", "ultrafast", "--tune", "zerolatency",
                "--profile", "baseline", "--threads", "1", "--bitrate", String.valueOf(kbps), "-o", out.toString(),
                y4m.toString());
    }

    /** Runs a command to completion; its output is returned, a non-zero exit is an exception. */
    public static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + text);
        }
        return text;
    }
}
