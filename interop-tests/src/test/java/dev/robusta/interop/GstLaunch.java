package dev.robusta.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code gst-launch-1.0} pipeline as a child process, its output in a log file. Every wait is bounded, and
 * {@link #close()} always ends the process (SIGTERM, then SIGKILL).
 */
final class GstLaunch implements AutoCloseable {
    private static final String BINARY = "/usr/bin/gst-launch-1.0";

    private final Process process;
    private final Path log;
    private final String pipeline;

    private GstLaunch(Process process, Path log, String pipeline) {
        this.process = process;
        this.log = log;
        this.pipeline = pipeline;
    }

    /** Starts a pipeline written as gst-launch syntax; elements are separated by {@code !} as usual. */
    static GstLaunch start(Path workDir, String name, String pipeline) throws IOException {
        return start(workDir, name, pipeline, Map.of());
    }

    /** As {@link #start(Path, String, String)}, with extra environment variables (e.g. GST_DEBUG). */
    static GstLaunch start(Path workDir, String name, String pipeline, Map<String, String> environment)
            throws IOException {
        if (!new File(BINARY).canExecute()) {
            throw new IllegalStateException("gst-launch-1.0 is not installed: run scripts/install-test-deps, which "
                    + "installs the Debian packages gstreamer1.0-tools, gstreamer1.0-plugins-base, "
                    + "gstreamer1.0-plugins-good and gstreamer1.0-plugins-bad");
        }
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(Arrays.asList(pipeline.trim().split("\\s+")));
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        return new GstLaunch(p, log, pipeline);
    }

    /**
     * Waits until the pipeline reports PLAYING; for a pipeline that starts with {@code udpsrc}, its socket is bound
     * by then (udpsrc binds in NULL to READY).
     */
    void awaitPlaying(long timeout, TimeUnit unit) throws Exception {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            if (log().contains("Setting pipeline to PLAYING")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("gst-launch exited with " + process.exitValue() + ": " + describe());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("gst-launch not PLAYING within " + timeout + " " + unit + ": " + describe());
    }

    /** Waits for a finite pipeline (a source with num-buffers) to reach EOS and exit 0. */
    void awaitSuccess(long timeout, TimeUnit unit) throws Exception {
        if (!process.waitFor(timeout, unit)) {
            throw new IllegalStateException("gst-launch still running after " + timeout + " " + unit + ": "
                    + describe());
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("gst-launch exited with " + process.exitValue() + ": " + describe());
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    String describe() {
        return "pipeline [" + pipeline + "], output:\n" + log();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
