package dev.robusta.benchmarks.codec;

import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.IvfReader;
import dev.robusta.codec.video.MediaFormatException;
import dev.robusta.codec.video.Y4mWriter;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
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
 * The benchmark clips, made once per JVM: {@link #FRAMES} frames of the {@link TestPattern} as Y4M, and their VP8
 * encoding by libvpx in real-time mode ({@code vpxenc --rt --cpu-used=8 --threads=1}, as a browser would send), as
 * IVF. Needs Debian's vpx-tools ({@code scripts/install-test-deps}).
 */
final class Vp8Clips {
    /** Frames in a clip: two seconds at 30 frames per second. */
    static final int FRAMES = 60;
    /** Times the IVF clip is repeated in the file libvpx's decoder reads (each repetition starts with a key frame). */
    static final int DECODE_REPEATS = 10;

    record Clip(int width, int height, int bitrateKbps, Path y4m, Path ivf, Path repeatedIvf, List<byte[]> frames) {
    }

    private static final Map<String, Clip> CLIPS = new ConcurrentHashMap<>();

    private Vp8Clips() {
    }

    /** The clip for a size given as {@code WIDTHxHEIGHT}. */
    static Clip get(String size) {
        return CLIPS.computeIfAbsent(size, Vp8Clips::make);
    }

    /** A typical WebRTC bitrate for the size: 1 Mbit/s at 640x480, 2.5 Mbit/s at 1280x720. */
    static int bitrateKbps(int width, int height) {
        int pixels = width * height;
        return pixels >= 1280 * 720 ? 2500 : (pixels >= 640 * 480 ? 1000 : 500);
    }

    private static Clip make(String size) {
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        try {
            Path dir = Files.createTempDirectory("robusta-vp8-clip-" + size);
            dir.toFile().deleteOnExit();
            Path y4m = dir.resolve("clip.y4m");
            TestPattern pattern = new TestPattern(w, h);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(y4m), 1 << 20);
                 Y4mWriter writer = new Y4mWriter(out, w, h, 30, 1)) {
                I420Frame frame = I420Frame.allocate(w, h);
                for (int t = 0; t < FRAMES; t++) {
                    pattern.render(t, frame);
                    writer.write(frame);
                }
            }
            y4m.toFile().deleteOnExit();
            Path ivf = dir.resolve("clip.ivf");
            int kbps = bitrateKbps(w, h);
            run(List.of("vpxenc", "--codec=vp8", "--ivf", "-q", "--disable-warning-prompt", "--rt", "--cpu-used=8",
                    "--threads=1", "--end-usage=cbr", "--target-bitrate=" + kbps, "-o", ivf.toString(),
                    y4m.toString()));
            ivf.toFile().deleteOnExit();
            byte[] ivfBytes = Files.readAllBytes(ivf);
            List<byte[]> frames = new ArrayList<>();
            try (IvfReader reader = new IvfReader(new ByteArrayInputStream(ivfBytes))) {
                while (reader.next()) {
                    frames.add(Arrays.copyOf(reader.frameData(), reader.frameLength()));
                }
            }
            Path repeated = dir.resolve("repeated.ivf");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(repeated))) {
                out.write(ivfBytes);
                for (int i = 1; i < DECODE_REPEATS; i++) {
                    out.write(ivfBytes, 32, ivfBytes.length - 32);
                }
            }
            repeated.toFile().deleteOnExit();
            return new Clip(w, h, kbps, y4m, ivf, repeated, frames);
        } catch (IOException | InterruptedException | MediaFormatException e) {
            throw new IllegalStateException("cannot make the " + size + " VP8 clip (is vpx-tools installed?)", e);
        }
    }

    /** Runs a command to completion; its output is returned, a non-zero exit is an exception. */
    static String run(List<String> cmd) throws IOException, InterruptedException {
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
