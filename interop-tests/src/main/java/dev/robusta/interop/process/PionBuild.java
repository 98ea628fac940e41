package dev.robusta.interop.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code pion_peer.go} offline with Debian's Go (golang-go) against Debian's Pion sources
 * (golang-github-pion-webrtc.v3-dev, under /usr/share/gocode), both installed by {@code scripts/install-test-deps}.
 * GOPATH mode with a go.mod beside the program, so that Go resolves Pion's {@code /v3}-style imports to Debian's
 * directories (Go's "minimal module compatibility"); nothing is downloaded. The binary is kept under the temporary
 * directory, keyed by the program's hash, so one build serves every test and benchmark until the program changes.
 */
public final class PionBuild {
    private static final String SOURCE = "/dev/robusta/interop/pion/pion_peer.go";
    private static final Path GOCODE = Path.of("/usr/share/gocode");
    private static final Path PION = GOCODE.resolve("src/github.com/pion/webrtc");

    private PionBuild() {
    }

    /** Whether Go and Debian's Pion sources are installed (tests that need them are skipped when not). */
    public static boolean available() {
        return go() != null && Files.isDirectory(PION);
    }

    /** The built peer program, building it first when needed (a minute at most with a cold Go cache). */
    public static synchronized Path binary() throws IOException {
        byte[] source;
        try (InputStream in = PionBuild.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("resource " + SOURCE + " is missing");
            }
            source = in.readAllBytes();
        }
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "robusta-pion-peer");
        Path dir = root.resolve(hash(source));
        Path binary = dir.resolve("pion_peer");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        String go = go();
        if (go == null || !Files.isDirectory(PION)) {
            throw new IOException("Go or Debian's Pion sources are missing: run scripts/install-test-deps");
        }
        Path gopath = dir.resolve("gopath");
        Path module = gopath.resolve("src/pionpeer");
        Files.createDirectories(module);
        Files.write(module.resolve("main.go"), source);
        Files.writeString(module.resolve("go.mod"), "module pionpeer\n\ngo 1.19\n", StandardCharsets.UTF_8);
        Path partial = dir.resolve("pion_peer.partial." + ProcessHandle.current().pid());
        ProcessBuilder pb = new ProcessBuilder(go, "build", "-o", partial.toString(), ".")
                .directory(module.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GOPATH", gopath + ":" + GOCODE);
        env.put("GO111MODULE", "off");
        env.put("GOPROXY", "off");
        env.put("GOFLAGS", "");
        env.put("CGO_ENABLED", "0");
        env.put("GOCACHE", root.resolve("gocache").toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("go build of the Pion peer took more than 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while building the Pion peer", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("go build of the Pion peer failed (" + p.exitValue() + "):\n" + log);
        }
        Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return binary;
    }

    private static String go() {
        for (String candidate : new String[] {"/usr/bin/go", "/usr/lib/go/bin/go"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static String hash(byte[] source) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(source);
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
