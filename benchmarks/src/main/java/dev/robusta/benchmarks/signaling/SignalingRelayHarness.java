package dev.robusta.benchmarks.signaling;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.signaling.ServerConfig;
import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.WebSocketClient;
import dev.robusta.signaling.gstreamer.GstSignallingServer;
import dev.robusta.signaling.hyperpeer.HyperpeerServer;
import dev.robusta.signaling.hyperpeer.PeerVerifier;
import dev.robusta.signaling.notify.NotifyConfig;
import dev.robusta.signaling.notify.NotifyServer;
import dev.robusta.signaling.server.WebSocketServer;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The signalling servers under load on loopback, clients and server in this JVM on the same cores:
 * <ul>
 *   <li>Hyperpeer relay rate: 2,000 connected clients in 1,000 pairs; every caller sends a burst of messages to its
 *       partner as fast as it can; messages relayed per second until all have arrived.</li>
 *   <li>Hyperpeer relay latency at 2,000 connected clients: paced messages (about 5,000 per second across the pairs),
 *       each stamped with its send time; latency from the sender's {@code send} to the partner's listener
 *       (client encode, server parse and re-serialise, client decode): p50, p99, max.</li>
 *   <li>Heap per idle client: retained heap of the server JVM after GC, with and without idle upgraded
 *       connections (held by a child process, so only server-side objects are counted), per protocol.</li>
 * </ul>
 */
public final class SignalingRelayHarness implements Harness {
    private static final String MSG_PREFIX = "{\"type\":\"m\",\"t\":";

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

    /** One client: counts relayed messages and records their latency. */
    private static final class Client implements WebSocketClient.Listener {
        final AtomicInteger received = new AtomicInteger();
        final long[] latencies;
        final AtomicInteger recorded = new AtomicInteger();
        volatile boolean recording;
        volatile CountDownLatch paired = new CountDownLatch(1);
        volatile CompletableFuture<Void> probe = new CompletableFuture<>();
        WebSocketClient ws;

        Client(int maxSamples) {
            latencies = new long[maxSamples];
        }

        @Override
        public void onText(String text) {
            if (text.startsWith(MSG_PREFIX)) {
                long sent = Long.parseLong(text.substring(MSG_PREFIX.length(), text.indexOf(',', MSG_PREFIX.length())));
                if (recording) {
                    int i = recorded.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[i] = System.nanoTime() - sent;
                    }
                }
                received.incrementAndGet();
            } else if (text.contains("\"paired\"")) {
                paired.countDown();
            } else if (text.contains("ERR_BAD_STATE")) {
                probe.complete(null);
            }
        }
    }

    private List<ReportRow> relay(int clients, boolean smoke) throws Exception {
        int pairs = clients / 2;
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        ServerConfig config = ServerConfig.builder(new InetSocketAddress("127.0.0.1", 0))
                .ioThreads(2).rateLimit(0, 1).maxPendingOutboundBytes(16 * 1024 * 1024).build();
        try (WebSocketServer server = HyperpeerServer.start(config, PeerVerifier.ACCEPT_ALL)) {
            ClientOptions options = ClientOptions.defaults().withEventLoopGroup(group);
            int latencyRounds = smoke ? 5 : 40;
            Client[] listeners = new Client[pairs];
            Client[] callers = new Client[pairs];
            for (int i = 0; i < pairs; i++) {
                listeners[i] = new Client(latencyRounds + 1);
                callers[i] = new Client(1);
                Client l = listeners[i];
                Client c = callers[i];
                l.ws = WebSocketClient.connect(URI.create(server.baseUri() + "/server/L" + i), options, l)
                        .get(10, TimeUnit.SECONDS);
                c.ws = WebSocketClient.connect(URI.create(server.baseUri() + "/browser/C" + i), options, c)
                        .get(10, TimeUnit.SECONDS);
                l.ws.send("{\"type\":\"ready\"}");
                l.ws.send("{\"type\":\"probe\"}");
            }
            for (int i = 0; i < pairs; i++) {
                listeners[i].probe.get(30, TimeUnit.SECONDS);
                callers[i].ws.send("{\"type\":\"pair\",\"remotePeerId\":\"L" + i + "\"}");
            }
            for (int i = 0; i < pairs; i++) {
                if (!callers[i].paired.await(30, TimeUnit.SECONDS) || !listeners[i].paired.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("pair " + i + " not paired");
                }
            }
            String payload = ",\"sdp\":\"" + "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\\r\\n".repeat(4)
                    + "\"}";

            // Latency: paced rounds, every caller sends one stamped message per round.
            long roundNanos = TimeUnit.SECONDS.toNanos(1) * pairs / 5000; // ~5,000 messages/s in total
            int warmRounds = smoke ? 1 : 10;
            for (int round = 0; round < warmRounds + latencyRounds; round++) {
                boolean measure = round >= warmRounds;
                for (Client l : listeners) {
                    l.recording = measure;
                }
                long start = System.nanoTime();
                for (int i = 0; i < pairs; i++) {
                    callers[i].ws.send(MSG_PREFIX + System.nanoTime() + payload);
                    long due = start + roundNanos * (i + 1) / pairs;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait); // no spinning: 2 cores are shared
                    }
                }
            }
            awaitReceived(listeners, warmRounds + latencyRounds, 30);
            long[] all = Arrays.stream(listeners).flatMapToLong(l -> Arrays.stream(l.latencies, 0,
                    Math.min(l.recorded.get(), l.latencies.length))).sorted().toArray();

            // Rate: every caller sends a burst; time until every message has arrived.
            int burst = smoke ? 10 : 100;
            int before = warmRounds + latencyRounds;
            long t0 = System.nanoTime();
            for (int k = 0; k < burst; k++) {
                for (Client c : callers) {
                    c.ws.send(MSG_PREFIX + System.nanoTime() + payload);
                }
            }
            awaitReceived(listeners, before + burst, 60);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = (double) burst * pairs / seconds;

            String at = clients + " clients";
            List<ReportRow> rows = new ArrayList<>();
            rows.add(ReportRow.of(name(), "Hyperpeer relay rate, " + at + ", " + (burst * pairs) + " messages",
                    "thrpt", rate, "msg/s"));
            rows.add(ReportRow.of(name(), "Hyperpeer relay latency p50, " + at + ", " + all.length + " samples",
                    "latency", all[all.length / 2] / 1e6, "ms"));
            rows.add(ReportRow.of(name(), "Hyperpeer relay latency p99, " + at, "latency",
                    all[(int) Math.ceil(all.length * 0.99) - 1] / 1e6, "ms"));
            rows.add(ReportRow.of(name(), "Hyperpeer relay latency max, " + at, "latency", all[all.length - 1] / 1e6,
                    "ms"));
            for (Client c : listeners) {
                c.ws.abort();
            }
            for (Client c : callers) {
                c.ws.abort();
            }
            return rows;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void awaitReceived(Client[] clients, int each, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Client c : clients) {
            while (c.received.get() < each) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("messages lost: " + c.received.get() + " of " + each);
                }
                Thread.sleep(1);
            }
        }
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
                Process child = new ProcessBuilder(javaBinary(), "-Xmx256m", "-cp",
                        System.getProperty("java.class.path"), IdleClients.class.getName(), "127.0.0.1",
                        Integer.toString(server.localAddress().getPort()), prefix, Integer.toString(count))
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

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
