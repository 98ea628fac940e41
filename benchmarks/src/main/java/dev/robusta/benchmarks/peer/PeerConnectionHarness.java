package dev.robusta.benchmarks.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.interop.browser.HeadlessChromium;
import dev.robusta.interop.browser.PeerPage;
import dev.robusta.sctp.DataChannelMessage;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Peer-connection setup time on loopback, side by side: createOffer to the data channel open at both ends
 * (median of at least 20 runs after warm-up) for Java<->Java, Java<->Chromium, Chromium<->Chromium and
 * aiortc<->aiortc; and reliable data-channel throughput with 64 KiB messages between Java and Chromium, each
 * way. (Java<->Java, Chromium<->Chromium and aiortc<->aiortc throughput: {@code DataChannelThroughput}.)
 *
 * <p>Java's figure is a long-running server's: the first 20 connections are reported on their own (the JIT has
 * compiled little yet), then connections are made for {@value #JAVA_WARMUP_SECONDS} s before the timed runs, as
 * JMH warms up before it measures (the handshake, SDP and ICE paths run a few times per connection, so the JIT
 * needs about a thousand connections to compile them fully). Chromium and aiortc are warmed up with 5.
 * Every pair trickles its candidates except aiortc, which puts them in its descriptions. Chromium is driven
 * through the interop tests' harness page: its own pair is timed inside the page; for Java<->Chromium the clock
 * runs in Java and includes the WebSocket hops to the page (a few hundred microseconds each).
 */
public final class PeerConnectionHarness implements Harness {
    private static final String GROUP = "PeerConnection";
    private static final String PYTHON = "/usr/bin/python3";
    private static final int WARMUP = 5;
    /** Java's warm-up, in seconds of back-to-back connections (about 1,500 on 2 cores). */
    private static final int JAVA_WARMUP_SECONDS = 20;
    private static final int RUNS = 20;
    private static final int JAVA_RUNS = 40;
    private static final int SIZE = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        int warmup = smoke ? 1 : WARMUP;
        int runs = smoke ? 2 : RUNS;
        List<ReportRow> rows = new ArrayList<>();
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try {
            JavaPeers java = new JavaPeers(group);
            List<Double> first = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                first.add(java.setupOnce());
            }
            long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(smoke ? 0 : JAVA_WARMUP_SECONDS);
            int warmed = 0;
            while (System.nanoTime() < warmUntil) {
                java.setupOnce();
                warmed++;
            }
            List<Double> javaTimes = new ArrayList<>();
            for (int i = 0; i < (smoke ? runs : JAVA_RUNS); i++) {
                javaTimes.add(java.setupOnce());
            }
            rows.addAll(setupRows("Java<->Java, after " + (runs + warmed) + " warm-up connections", javaTimes));
            rows.addAll(setupRows("Java<->Java, the run's first connections (JIT cold)", first));

            if (Files.isExecutable(Path.of(HeadlessChromium.binary()))) {
                try (PeerPage page = PeerPage.open(TIMEOUT)) {
                    JavaChromium jc = new JavaChromium(group, page);
                    for (int i = 0; i < warmup; i++) {
                        jc.setupOnce("warm" + i).close();
                    }
                    List<Double> mixed = new ArrayList<>();
                    for (int i = 0; i < runs; i++) {
                        JavaChromium.Connection c = jc.setupOnce("run" + i);
                        mixed.add(c.setupMillis());
                        c.close();
                    }
                    rows.addAll(setupRows("Java<->Chromium (Java offers)", mixed));

                    JsonNode inPage = page.callAndWait("benchSetup", Map.of("runs", warmup + runs), TIMEOUT);
                    List<Double> chromium = new ArrayList<>();
                    for (int i = warmup; i < inPage.size(); i++) {
                        chromium.add(inPage.get(i).asDouble());
                    }
                    rows.addAll(setupRows("Chromium<->Chromium", chromium));
                    rows.add(ReportRow.of(GROUP, "Chromium<->Chromium median / warm Java<->Java median", "ratio",
                            median(sorted(chromium)) / median(sorted(javaTimes)), "x"));

                    long total = smoke ? 1L << 20 : 64L << 20;
                    int count = (int) (total / SIZE);
                    JavaChromium.Connection c = jc.setupOnce("throughput");
                    try {
                        c.javaToChromium(count, SIZE); // warm-up
                        c.chromiumToJava(count, SIZE);
                        double toChromium = c.javaToChromium(count, SIZE);
                        double toJava = c.chromiumToJava(count, SIZE);
                        rows.add(ReportRow.of(GROUP, "Java->Chromium, 64 KiB messages, " + (total >> 20) + " MiB",
                                "MB/s", toChromium, "MB/s"));
                        rows.add(ReportRow.of(GROUP, "Chromium->Java, 64 KiB messages, " + (total >> 20) + " MiB",
                                "MB/s", toJava, "MB/s"));
                    } finally {
                        c.close();
                    }
                }
            }

            if (Files.isExecutable(Path.of(PYTHON))) {
                List<Double> aiortc = aiortcSetup(warmup + runs);
                rows.addAll(setupRows("aiortc<->aiortc", aiortc.subList(warmup, aiortc.size())));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        return rows;
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    private static List<ReportRow> setupRows(String pair, List<Double> millis) {
        List<Double> sorted = sorted(millis);
        String what = pair + ", createOffer to channel open, " + sorted.size() + " runs";
        return List.of(
                ReportRow.of(GROUP, what + ": median", "setup", median(sorted), "ms"),
                ReportRow.of(GROUP, what + ": min", "setup", sorted.get(0), "ms"),
                ReportRow.of(GROUP, what + ": max", "setup", sorted.get(sorted.size() - 1), "ms"));
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Runs {@code aiortc/dc_setup.py} (Debian python3-aiortc) and reads its per-run times. */
    private static List<Double> aiortcSetup(int runs) throws Exception {
        Path script = Files.createTempFile("robusta-dc-setup", ".py");
        try (InputStream in = PeerConnectionHarness.class.getResourceAsStream("/aiortc/dc_setup.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), String.valueOf(runs)).redirectErrorStream(true)
                .start();
        List<Double> times = new ArrayList<>();
        StringBuilder other = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("SETUP ")) {
                    times.add(Double.parseDouble(line.substring(6)));
                } else {
                    other.append(line).append('\n');
                }
            }
        } finally {
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(script);
        }
        if (times.size() != runs) {
            throw new IllegalStateException("aiortc gave " + times.size() + " of " + runs + " runs:\n" + other);
        }
        return times;
    }

    /** Whole messages of a stream, counted and timed from the first to the last. */
    static final class StreamCounter {
        private final int count;
        private final int size;
        private int received;
        private int errors;
        private long firstAt;
        final CompletableFuture<Double> megabytesPerSecond = new CompletableFuture<>();

        StreamCounter(int count, int size) {
            this.count = count;
            this.size = size;
        }

        void onMessage(DataChannelMessage m) {
            if (received == 0) {
                firstAt = System.nanoTime();
            }
            ByteBuffer b = m.data();
            if (b.remaining() != size || b.getInt(b.position()) != received) {
                errors++;
            }
            received++;
            if (received == count) {
                double seconds = (System.nanoTime() - firstAt) / 1e9;
                if (errors > 0) {
                    megabytesPerSecond.completeExceptionally(new IllegalStateException(errors + " bad messages"));
                } else {
                    megabytesPerSecond.complete((double) count * size / 1e6 / seconds);
                }
            }
        }
    }
}
