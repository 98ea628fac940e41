package dev.robusta.signaling.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Headless Debian Chromium driven without WebDriver: a loopback HTTP server serves the test pages from
 * {@code src/test/resources/browser/} and takes each page's result as a POST to {@code /result?page=NAME}; every
 * page runs in its own Chromium process with a fresh profile, killed at the end.
 */
final class Chromium implements AutoCloseable {
    private final HttpServer http;
    private final Map<String, CompletableFuture<String>> results = new ConcurrentHashMap<>();
    private final List<Process> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    Chromium() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.createContext("/", this::handle);
        http.start();
    }

    static String binary() {
        for (String candidate : List.of(System.getenv().getOrDefault("CHROMIUM", ""), "/usr/bin/chromium",
                "/usr/bin/chromium-browser")) {
            if (!candidate.isEmpty() && new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("Chromium is not installed: run scripts/install-test-deps (apt-get install "
                + "chromium chromium-driver)");
    }

    /** Opens {@code page} (a file under browser/) with query parameters; returns the future of its report. */
    CompletableFuture<String> open(String pageName, String file, String query) throws IOException {
        CompletableFuture<String> result = results.computeIfAbsent(pageName, k -> new CompletableFuture<>());
        Path profile = Files.createTempDirectory("robusta-chromium-");
        profiles.add(profile);
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/" + file + "?page=" + pageName + "&" + query;
        ProcessBuilder pb = new ProcessBuilder(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--mute-audio",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--user-data-dir=" + profile, url);
        pb.redirectErrorStream(true);
        pb.redirectOutput(profile.resolve("chromium.log").toFile());
        browsers.add(pb.start());
        return result;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/result") && ex.getRequestMethod().equals("POST")) {
                String query = ex.getRequestURI().getRawQuery();
                String page = URLDecoder.decode(query.substring(query.indexOf('=') + 1), StandardCharsets.UTF_8);
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                results.computeIfAbsent(page, k -> new CompletableFuture<>()).complete(body);
                ex.sendResponseHeaders(204, -1);
                return;
            }
            String name = path.substring(1);
            if (!name.matches("[a-z0-9\\-]+\\.(html|js)")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            try (InputStream in = Chromium.class.getResourceAsStream("/browser/" + name)) {
                if (in == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] bytes = in.readAllBytes();
                ex.getResponseHeaders().add("Content-Type", name.endsWith(".js") ? "text/javascript" : "text/html");
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        }
    }

    @Override
    public void close() {
        for (Process p : browsers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.stop(0);
        for (Path profile : profiles) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
