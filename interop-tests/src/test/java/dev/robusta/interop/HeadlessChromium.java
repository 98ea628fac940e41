package dev.robusta.interop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, on a page of ours: the flags that make loopback WebRTC work here
 * (shared/INTEROP-NOTES.md), a fresh profile, and no background networking. Killed at close.
 */
final class HeadlessChromium implements AutoCloseable {
    private final Process process;
    private final Path profile;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    static HeadlessChromium open(String url) throws Exception {
        String binary = null;
        for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (new File(candidate).canExecute()) {
                binary = candidate;
            }
        }
        if (binary == null) {
            throw new IllegalStateException("Chromium is not installed: run ./test (or scripts/install-test-deps), "
                    + "which installs the Debian package chromium");
        }
        Path profile = Files.createTempDirectory("robusta-chromium");
        Process p = new ProcessBuilder(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--user-data-dir=" + profile, "--allow-loopback-in-peer-connection",
                "--disable-features=WebRtcHideLocalIpsWithMdns", url))
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        return new HeadlessChromium(p, profile);
    }

    String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
