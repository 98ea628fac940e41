package dev.robusta.benchmarks.signaling;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.gstreamer.GstSignallingServer;
import dev.robusta.signaling.hyperpeer.HyperpeerServer;
import dev.robusta.signaling.hyperpeer.PeerVerifier;
import dev.robusta.signaling.notify.NotifyConfig;
import dev.robusta.signaling.notify.NotifyServer;
import dev.robusta.signaling.server.WebSocketServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The signalling servers under load on loopback, on the machine's cores shared by server and clients:
 * <ul>
 *   <li>Hyperpeer relay rate and latency at 2,000 connected clients ({@link RelayLoad}, in a child JVM so that the
 *       server's process does only the server's work): messages relayed per second in bursts; latency of paced,
 *       time-stamped messages from the sender's {@code send} to the partner's listener (p50, p99, max).</li>
 *   <li>Heap per idle client: retained heap of the server JVM after GC, with and without idle upgraded
 *       connections (held by a child process, so only server-side objects are counted), per protocol.</li>
 * </ul>
 */
public final class SignalingRelayHarness implements Harness {


    @Override
    public String name() {
        return "SignalingRelay";
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        List<ReportRow> rows = new ArrayList<>();
        int clients = smoke ? 40 : 2000;
        rows.addAll(relay(clients, smoke));
        for (String protocol : List.of("hyperpeer", "gstreamer", "notify")) {
            rows.add(heapPerIdleClient(protocol, smoke ? 200 : 2000, smoke));
        }
        return rows;
    }

    private List<ReportRow> relay(int clients, boolean smoke) throws Exception {
        ServerConfig config = ServerConfig.builder(new InetSocketAddress("127.0.0.1", 0))
                .ioThreads(2).rateLimit(0, 1).maxPendingOutboundBytes(16 * 1024 * 1024).build();
        double[] r;
        try (WebSocketServer server = HyperpeerServer.start(config, PeerVerifier.ACCEPT_ALL)) {
            if (smoke) {
                r = RelayLoad.run(server.baseUri(), clients, true);
            } else {
                // The clients run in another JVM: the server's process does only the server's work (and GC).
                Process child = new ProcessBuilder(javaCommand("-Xms512m", "-Xmx512m", "-cp",
                        System.getProperty("java.class.path"), RelayLoad.class.getName(), server.baseUri(),
                        Integer.toString(clients))).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                String result = null;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        result = line;
                    }
                }
                if (!child.waitFor(5, TimeUnit.MINUTES) || child.exitValue() != 0 || result == null) {
                    child.destroyForcibly();
                    throw new IllegalStateException("relay load process failed");
                }
                r = Arrays.stream(result.substring(7).trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
            }
        }
        String at = clients + " clients";
        return List.of(
                ReportRow.of(name(), "Hyperpeer relay rate, " + at + ", " + (long) r[5] + " messages", "thrpt", r[0],
                        "msg/s"),
                ReportRow.of(name(), "Hyperpeer relay latency p50, " + at + ", " + (long) r[4] + " samples",
                        "latency", r[1], "ms"),
                ReportRow.of(name(), "Hyperpeer relay latency p99, " + at, "latency", r[2], "ms"),
                ReportRow.of(name(), "Hyperpeer relay latency max, " + at, "latency", r[3], "ms"));
    }

    private ReportRow heapPerIdleClient(String protocol, int count, boolean smoke) throws Exception {
        ServerConfig config = ServerConfig.builder(new InetSocketAddress("127.0.0.1", 0)).ioThreads(2).build();
        Supplier<WebSocketServer> start = switch (protocol) {
            case "hyperpeer" -> () -> HyperpeerServer.start(config, PeerVerifier.ACCEPT_ALL);
            case "gstreamer" -> () -> GstSignallingServer.start(config, false);
            default -> () -> NotifyServer.start(config, NotifyConfig.defaults());
        };
        String prefix = switch (protocol) {
            case "hyperpeer" -> "/browser/idle";
            case "notify" -> "/call/idle";
            default -> "/idle";
        };
        try (WebSocketServer server = start.get()) {
            // A few connections first, so that per-server one-time allocations are not counted.
            try (IdleClients warm = IdleClients.open(server.localAddress(), prefix + "warm", 20)) {
                Thread.sleep(200);
            }
            waitForConnections(server, 0);
            long base = retainedHeap();
            long used;
            if (smoke) {
                try (IdleClients idle = IdleClients.open(server.localAddress(), prefix, count)) {
                    waitForConnections(server, count);
                    used = retainedHeap();
                }
            } else {
                Process child = new ProcessBuilder(javaCommand("-Xmx256m", "-cp",
                        System.getProperty("java.class.path"), IdleClients.class.getName(), "127.0.0.1",
                        Integer.toString(server.localAddress().getPort()), prefix, Integer.toString(count)))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try {
                    BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                            StandardCharsets.UTF_8));
                    String line = r.readLine();
                    if (line == null || !line.startsWith("READY")) {
                        throw new IllegalStateException("idle clients failed: " + line);
                    }
                    waitForConnections(server, count);
                    used = retainedHeap();
                } finally {
                    child.getOutputStream().close();
                    child.waitFor(10, TimeUnit.SECONDS);
                    child.destroyForcibly();
                }
            }
            double perClientKiB = (used - base) / (double) count / 1024;
            return ReportRow.of(name(), protocol + " server heap per idle client, " + count + " clients", "heap",
                    perClientKiB, "KiB");
        }
    }

    private static void waitForConnections(WebSocketServer server, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.connectionCount() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
    }

    private static long retainedHeap() throws InterruptedException {
        AtomicLong min = new AtomicLong(Long.MAX_VALUE);
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            min.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::min);
        }
        return min.get();
    }

    /** This JVM's java with these arguments; on JDK 23+ Netty 4.1 needs Unsafe memory access allowed, quietly. */
    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of(args));
        return cmd;
    }
}
