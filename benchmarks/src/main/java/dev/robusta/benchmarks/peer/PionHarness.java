package dev.robusta.benchmarks.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.benchmarks.BackPressure;
import dev.robusta.benchmarks.sctp.DataChannelThroughputHarness;
import dev.robusta.interop.process.PeerProcess;
import dev.robusta.interop.process.PionBuild;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCIceCandidate;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import dev.robusta.peer.RTCSdpType;
import dev.robusta.peer.RTCSessionDescription;
import dev.robusta.sctp.DataChannelMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;

/**
 * Java against Pion v3.1 (Debian's packages, the interop tests' Go peer), beside Pion against Pion and Java
 * against Java, on loopback in one run: setup time (createOffer to the channel open at both ends, candidates
 * trickled; median of 20 after 5 warm-up connections) and 32 MiB of 16 KiB messages on one reliable ordered
 * channel each way (median of 3). 16 KiB, not 64: Pion 3.1 cannot read a 65,536-byte message.
 *
 * <p>Pion<->Pion runs both peers in one Go process ({@code pion_peer -pair-setup}, {@code -pair-throughput});
 * Java<->Pion drives a Pion process over JSON lines, so its setup clock includes a few pipe hops (tens of
 * microseconds each), while Pion<->Pion has none: it is Pion's best case. The Java side is warmed by 20 s of
 * Java<->Java connections and a 32 MiB transfer first.
 */
public final class PionHarness implements Harness {
    private static final String GROUP = "Pion";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WARMUP = 5;
    private static final int RUNS = 20;
    private static final int ROUNDS = 3;
    private static final int SIZE = 16 * 1024;
    private static final long TOTAL = 32L << 20;

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        if (!PionBuild.available()) {
            return List.of();
        }
        int warmup = smoke ? 1 : WARMUP;
        int runs = smoke ? 2 : RUNS;
        int rounds = smoke ? 1 : ROUNDS;
        long total = smoke ? 1L << 20 : TOTAL;
        List<ReportRow> rows = new ArrayList<>();
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try {
            JavaPeers java = new JavaPeers(group);
            // The JIT, not the first connections, is what we measure: as PeerConnectionHarness, 20 s of connections.
            long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(smoke ? 0 : 20);
            do {
                java.setupOnce();
            } while (System.nanoTime() < warmUntil);
            List<Double> javaJava = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                javaJava.add(java.setupOnce());
            }
            double javaOffersMedian = 0;
            for (Mode mode : Mode.values()) {
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < warmup + runs; i++) {
                    try (JavaPion c = JavaPion.connect(group, mode)) {
                        if (i >= warmup) {
                            times.add(c.setupMillis);
                        }
                    }
                }
                rows.addAll(setupRows("Java<->Pion (" + mode.description + ")", times));
                if (mode == Mode.JAVA_OFFERS) {
                    javaOffersMedian = median(times);
                }
            }
            List<Double> pionPion = pionPairSetup(warmup + runs).subList(warmup, warmup + runs);
            rows.addAll(setupRows("Pion<->Pion", pionPion));
            rows.addAll(setupRows("Java<->Java", javaJava));
            rows.add(ReportRow.of(GROUP, "Pion<->Pion median / Java<->Pion (Java offers) median", "ratio",
                    median(pionPion) / javaOffersMedian, "x"));

            String what = (total >> 20) + " MiB of 16 KiB messages, median of " + rounds;
            DataChannelThroughputHarness.javaPair(group, SIZE, total); // warm-up
            List<Double> toPion = new ArrayList<>();
            List<Double> fromPion = new ArrayList<>();
            List<Double> pion = new ArrayList<>();
            List<Double> javaOnly = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                try (JavaPion c = JavaPion.connect(group, Mode.JAVA_OFFERS)) {
                    toPion.add(c.javaToPion(total));
                    fromPion.add(c.pionToJava(total));
                }
                pion.add(pionPairThroughput(total));
                javaOnly.add(DataChannelThroughputHarness.javaPair(group, SIZE, total)[0]);
            }
            rows.add(ReportRow.of(GROUP, "Java->Pion, " + what, "MB/s", median(toPion), "MB/s"));
            rows.add(ReportRow.of(GROUP, "Pion->Java, " + what, "MB/s", median(fromPion), "MB/s"));
            rows.add(ReportRow.of(GROUP, "Pion<->Pion, " + what, "MB/s", median(pion), "MB/s"));
            rows.add(ReportRow.of(GROUP, "Java<->Java, " + what, "MB/s", median(javaOnly), "MB/s"));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        return rows;
    }

    private static List<ReportRow> setupRows(String pair, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        String what = pair + ", createOffer to channel open, " + sorted.size() + " runs";
        return List.of(ReportRow.of(GROUP, what + ": median", "setup", median(sorted), "ms"),
                ReportRow.of(GROUP, what + ": min", "setup", sorted.get(0), "ms"),
                ReportRow.of(GROUP, what + ": max", "setup", sorted.get(sorted.size() - 1), "ms"));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Double> pionPairSetup(int runs) throws Exception {
        JsonNode result = runPion("-pair-setup", String.valueOf(runs));
        List<Double> times = new ArrayList<>();
        result.path("millis").forEach(n -> times.add(n.asDouble()));
        if (times.size() != runs) {
            throw new IllegalStateException("Pion gave " + times.size() + " of " + runs + " setup times: " + result);
        }
        return times;
    }

    private static double pionPairThroughput(long total) throws Exception {
        return runPion("-pair-throughput", String.valueOf(total >> 20), "-size", String.valueOf(SIZE))
                .path("mbPerS").asDouble();
    }

    /** Runs the Go peer in pair mode and returns its one result line. */
    private static JsonNode runPion(String... args) throws Exception {
        Path binary = PionBuild.binary();
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the Pion pair did not finish in 300 s");
        }
        JsonNode result = JSON.readTree(out.isEmpty() ? "{}" : out.lines().reduce((a, b) -> b).orElse("{}"));
        if (p.exitValue() != 0 || result.path("ev").asText().equals("error")) {
            throw new IOException("the Pion pair failed: " + out);
        }
        return result;
    }

    /** Who offers, and how our candidates reach Pion. */
    private enum Mode {
        JAVA_OFFERS("Java offers"),
        PION_OFFERS("Pion offers"),
        /**
         * Our answer waits for our (loopback: instant) gathering and carries our candidates. Trickled, they reach
         * Pion after our first check has, and Pion 3.1 waits 1 s before it nominates a peer-reflexive pair
         * (pion/ice's PrflxAcceptanceMinWait).
         */
        PION_OFFERS_CANDIDATES_IN_ANSWER("Pion offers, our answer carries our candidates");

        final String description;

        Mode(String description) {
            this.description = description;
        }
    }

    /** Messages of a stream received, and when the last came. */
    private static final class Counter {
        final long expected;
        final AtomicLong received = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        volatile long lastAt;

        Counter(long expected) {
            this.expected = expected;
        }

        void onMessage() {
            if (received.incrementAndGet() == expected) {
                lastAt = System.nanoTime();
                done.countDown();
            }
        }
    }

    /** Our connection and a Pion process, connected with the channel "bench" open at both ends. */
    private static final class JavaPion implements RTCPeerConnectionListener, AutoCloseable {
        final PeerProcess pion;
        final RTCPeerConnection pc;
        final Held<RTCIceCandidate> toPion;
        final CompletableFuture<RTCDataChannel> open = new CompletableFuture<>();
        final CompletableFuture<Void> gathered;
        final Semaphore room = new Semaphore(0);
        volatile Counter incoming;
        RTCDataChannel channel;
        double setupMillis;

        private JavaPion(EventLoopGroup group, PeerProcess pion) {
            this.pion = pion;
            this.pc = new RTCPeerConnection(JavaPeers.LOOPBACK, group, null);
            this.gathered = DataChannelThroughputHarness.gathered(pc);
            this.toPion = new Held<>(c -> pion.command("candidate", "candidate", c.candidate(), "sdpMid",
                    c.sdpMid(), "sdpMLineIndex", c.sdpMLineIndex()));
            pc.addListener(this);
        }

        static JavaPion connect(EventLoopGroup group, Mode mode) throws Exception {
            JavaPion c = new JavaPion(group, PeerProcess.pion("pion"));
            try {
                c.negotiate(mode);
                return c;
            } catch (Exception e) {
                c.close();
                throw e;
            }
        }

        private void negotiate(Mode mode) throws Exception {
            long t0 = System.nanoTime();
            if (mode != Mode.JAVA_OFFERS) {
                pion.command("channel", "label", "bench");
                pion.command("offer");
                JsonNode offer = pion.await("description", WAIT);
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer.path("sdp").asText())).get();
                pc.setLocalDescription(pc.createAnswer().get()).get();
                if (mode == Mode.PION_OFFERS_CANDIDATES_IN_ANSWER) {
                    gathered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                pion.command("remote", "type", "answer", "sdp", pc.localDescription().sdp());
            } else {
                RTCDataChannel own = pc.createDataChannel("bench");
                own.setListener(channelListener());
                pc.setLocalDescription(pc.createOffer().get()).get();
                pion.command("remote", "type", "offer", "sdp", pc.localDescription().sdp());
                JsonNode answer = pion.await("description", WAIT);
                pc.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, answer.path("sdp").asText()))
                        .get();
            }
            toPion.release();
            long end = System.nanoTime() + WAIT.toNanos();
            while (!open.isDone() || pion.drain("open").isEmpty()) {
                for (JsonNode c : pion.drain("candidate")) {
                    pc.addIceCandidate(new RTCIceCandidate(c.path("candidate").asText(), c.path("sdpMid").asText(),
                            c.path("sdpMLineIndex").asInt(), null));
                }
                if (System.nanoTime() > end) {
                    throw new IOException("the channel did not open at both ends within " + WAIT);
                }
                Thread.onSpinWait();
            }
            setupMillis = (System.nanoTime() - t0) / 1e6;
            channel = open.get();
        }

        private RTCDataChannel.Listener channelListener() {
            return new RTCDataChannel.Listener() {
                @Override
                public void onOpen(RTCDataChannel c) {
                    open.complete(c);
                }

                @Override
                public void onMessage(RTCDataChannel c, DataChannelMessage message) {
                    Counter counter = incoming;
                    if (counter != null) {
                        counter.onMessage();
                    }
                }

                @Override
                public void onBufferedAmountLow(RTCDataChannel c) {
                    room.release();
                }
            };
        }

        /** Sends {@code total} bytes to Pion, which counts them; MB/s from our first send to its last message. */
        double javaToPion(long total) throws Exception {
            long count = total / SIZE;
            pion.command("sink", "label", "bench", "bytes", count * SIZE);
            pion.await("sinking", WAIT); // our messages must not overtake the command
            long high = 4L << 20;
            channel.setBufferedAmountLowThreshold(high / 2);
            byte[] message = new byte[SIZE];
            long t0 = System.nanoTime();
            for (long i = 0; i < count; i++) {
                BackPressure.awaitRoom(channel::bufferedAmount, room, high, 50);
                channel.send(message);
            }
            pion.await("sunk", Duration.ofSeconds(300));
            return count * (double) SIZE / 1e6 / ((System.nanoTime() - t0) / 1e9);
        }

        /** Pion sends {@code total} bytes; MB/s from the command to the last message here. */
        double pionToJava(long total) throws Exception {
            long count = total / SIZE;
            Counter counter = new Counter(count);
            incoming = counter;
            long t0 = System.nanoTime();
            pion.command("send_bulk", "label", "bench", "size", SIZE, "count", count);
            if (!counter.done.await(300, TimeUnit.SECONDS)) {
                throw new IOException("only " + counter.received.get() + " of " + count + " messages from Pion");
            }
            double mbPerS = count * (double) SIZE / 1e6 / ((counter.lastAt - t0) / 1e9);
            pion.await("sent", WAIT);
            incoming = null;
            return mbPerS;
        }

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            toPion.offer(candidate);
        }


        @Override
        public void onDataChannel(RTCDataChannel remote) {
            remote.setListener(channelListener());
            open.complete(remote);
        }

        @Override
        public void close() {
            try {
                pc.close();
            } finally {
                pion.close();
            }
        }
    }
}
