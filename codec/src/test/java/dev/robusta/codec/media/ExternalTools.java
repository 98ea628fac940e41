package dev.robusta.codec.media;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference tools of the H.264 and audio tests: Debian's {@code ffmpeg} and {@code x264}, installed by
 * {@code scripts/install-test-deps}.
 */
public final class ExternalTools {
    private ExternalTools() {
    }

    public static void require(String... tools) {
        for (String tool : tools) {
            if (!onPath(tool)) {
                throw new IllegalStateException(tool + " not found: run scripts/install-test-deps (Debian " + tool
                        + ")");
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

    /** Runs a command in {@code dir}; returns its output (stdout and stderr); fails on a non-zero exit. */
    public static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "tool", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String out = Files.readString(log, StandardCharsets.ISO_8859_1);
        Files.delete(log);
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + cmd + ":\n" + tail(out));
        }
        return out;
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
