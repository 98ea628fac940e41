package dev.robusta.interop.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, on one page: the flags that make loopback WebRTC work here
 * (loopback candidates allowed, no mDNS host names), a fresh profile, no background
 * networking. {@link #close()} kills it and its helper processes and deletes the profile.
 *
 * <p>Pages it runs must pass {@code {iceServers: []}} to {@code RTCPeerConnection}: nothing here stops a page
 * from contacting a STUN server otherwise.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** The launch flags, without the profile directory and the URL. */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--mute-audio",
            "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns");

    private final Process process;
    private final Path profile;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The Chromium executable ({@code $CHROMIUM}, else Debian's), or null when none is installed. */
    public static String binary() {
        for (String candidate : List.of(System.getenv().getOrDefault("CHROMIUM", ""), "/usr/bin/chromium",
                "/usr/bin/chromium-browser")) {
            if (!candidate.isEmpty() && new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    /** Starts Chromium on {@code url} with {@link #FLAGS}. */
    public static HeadlessChromium open(String url) throws IOException {
        return open(url, List.of());
    }

    /**
     * Starts Chromium on {@code url} with {@link #FLAGS} plus {@code extraFlags} (e.g.
     * {@code --use-fake-ui-for-media-stream}).
     *
     * @throws IllegalStateException when Chromium is not installed
     */
    public static HeadlessChromium open(String url, List<String> extraFlags) throws IOException {
        String binary = binary();
        if (binary == null) {
            throw new IllegalStateException("Chromium is not installed: run ./test (or scripts/install-test-deps), "
                    + "which installs the Debian package chromium");
        }
        Path profile = Files.createTempDirectory("robusta-chromium");
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(FLAGS);
        command.addAll(extraFlags);
        command.add("--user-data-dir=" + profile);
        command.add(url);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        return new HeadlessChromium(p, profile);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What Chromium printed so far (for failure messages). */
    public String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        // Listed before the browser goes: its helpers are re-parented once it has exited.
        List<ProcessHandle> helpers = process.descendants().toList();
        helpers.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : helpers) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A helper process may still be writing; the directory is under the temp dir anyway.
        }
    }
}
