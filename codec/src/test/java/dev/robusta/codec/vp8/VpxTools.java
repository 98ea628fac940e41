package dev.robusta.codec.vp8;

import dev.robusta.codec.video.I420Frame;
import dev.robusta.codec.video.Y4mWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * libvpx's command-line tools, the reference for the VP8 tests: {@code vpxenc} makes the corpus, {@code vpxdec}
 * says what every frame must decode to. Installed by {@code scripts/install-test-deps} (Debian's vpx-tools).
 */
final class VpxTools {
    private VpxTools() {
    }

    static void requireInstalled() {
        for (String tool : new String[] {"vpxenc", "vpxdec"}) {
            if (!onPath(tool)) {
                throw new IllegalStateException(tool + " not found: run scripts/install-test-deps (Debian vpx-tools)");
            }
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code frames} frames of the synthetic clip as Y4M. */
    static void writeClip(Path y4m, SyntheticVideo clip, int width, int height, int frames) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(y4m));
             Y4mWriter writer = new Y4mWriter(out, width, height, 30, 1)) {
            I420Frame frame = I420Frame.allocate(width, height);
            for (int t = 0; t < frames; t++) {
                clip.render(t, frame);
                writer.write(frame);
            }
        }
    }

    /** Encodes a Y4M file to IVF with {@code vpxenc --codec=vp8} and the given settings. */
    static void encode(Path y4m, Path ivf, List<String> settings) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("vpxenc", "--codec=vp8", "--ivf", "-q", "--disable-warning-prompt", "--threads=1", "-o",
                ivf.toString()));
        cmd.addAll(settings);
        cmd.add(y4m.toString());
        run(cmd, ivf.getParent());
    }

    /** The MD5 of each frame {@code vpxdec} shows, of its I420 pixels (d_w x d_h, chroma rounded up). */
    static List<String> frameMd5s(Path ivf, Path workDir) throws IOException, InterruptedException {
        String out = run(List.of("vpxdec", "--codec=vp8", "--i420", "--md5", "--threads=1", "-o",
                workDir.resolve("frame-%6.i420").toString(), ivf.toString()), workDir);
        List<String> md5s = new ArrayList<>();
        for (String line : out.split("\n")) {
            line = line.trim();
            if (line.length() >= 32 && line.substring(0, 32).matches("[0-9a-f]{32}")) {
                md5s.add(line.substring(0, 32));
            }
        }
        return md5s;
    }

    static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + text);
        }
        return text;
    }
}
