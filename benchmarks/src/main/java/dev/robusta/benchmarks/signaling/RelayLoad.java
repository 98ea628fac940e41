package dev.robusta.benchmarks.signaling;

import dev.robusta.signaling.client.ClientOptions;
import dev.robusta.signaling.client.WebSocketClient;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The Hyperpeer load of {@link SignalingRelayHarness}: {@code clients} connections in pairs (listener ready, caller
 * pairs), then paced stamped messages from every caller for the latency (about 5,000 per second in total), then a
 * burst of 100 messages per caller for the relay rate. Run as {@code main} in its own JVM, it prints
 * {@code RESULT rate p50Ms p99Ms maxMs samples burstMessages}.
 */
public final class RelayLoad {
    static final String MSG_PREFIX = "{\"type\":\"m\",\"t\":";

    private RelayLoad() {}

    /** One client: counts relayed messages and records their latency. */
    private static final class Client implements WebSocketClient.Listener {
        final AtomicInteger received = new AtomicInteger();
        final long[] latencies;
        final AtomicInteger recorded = new AtomicInteger();
        volatile boolean recording;
        final CountDownLatch paired = new CountDownLatch(1);
        final CompletableFuture<Void> probe = new CompletableFuture<>();
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

    /** Returns {rate msg/s, p50 ms, p99 ms, max ms, samples, burst messages}. */
    public static double[] run(String baseUri, int clients, boolean smoke) throws Exception {
        int pairs = clients / 2;
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try {
            ClientOptions options = ClientOptions.defaults().withEventLoopGroup(group);
            int latencyRounds = smoke ? 5 : 60;
            Client[] listeners = new Client[pairs];
            Client[] callers = new Client[pairs];
            for (int i = 0; i < pairs; i++) {
                listeners[i] = new Client(latencyRounds + 1);
                callers[i] = new Client(1);
                Client l = listeners[i];
                Client c = callers[i];
                l.ws = WebSocketClient.connect(URI.create(baseUri + "/server/L" + i), options, l)
                        .get(10, TimeUnit.SECONDS);
                c.ws = WebSocketClient.connect(URI.create(baseUri + "/browser/C" + i), options, c)
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

            long roundNanos = TimeUnit.SECONDS.toNanos(1) * pairs / 5000; // ~5,000 messages/s in total
            int warmRounds = smoke ? 1 : 20;
            for (int round = 0; round < warmRounds + latencyRounds; round++) {
                if (round == warmRounds) {
                    awaitReceived(listeners, warmRounds, 30); // warm-up traffic is out of the way
                    for (Client l : listeners) {
                        l.recording = true;
                    }
                }
                long start = System.nanoTime();
                for (int i = 0; i < pairs; i++) {
                    callers[i].ws.send(MSG_PREFIX + System.nanoTime() + payload);
                    long wait = start + roundNanos * (i + 1) / pairs - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            awaitReceived(listeners, warmRounds + latencyRounds, 30);
            long[] all = Arrays.stream(listeners).flatMapToLong(l -> Arrays.stream(l.latencies, 0,
                    Math.min(l.recorded.get(), l.latencies.length))).sorted().toArray();

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
            for (Client c : listeners) {
                c.ws.abort();
            }
            for (Client c : callers) {
                c.ws.abort();
            }
            return new double[] {(double) burst * pairs / seconds, all[all.length / 2] / 1e6,
                all[(int) Math.ceil(all.length * 0.99) - 1] / 1e6, all[all.length - 1] / 1e6, all.length,
                (double) burst * pairs};
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

    /** {@code RelayLoad BASE_URI CLIENTS}. */
    public static void main(String[] args) throws Exception {
        double[] r = run(args[0], Integer.parseInt(args[1]), false);
        System.out.println("RESULT " + r[0] + " " + r[1] + " " + r[2] + " " + r[3] + " " + r[4] + " " + r[5]);
    }
}
