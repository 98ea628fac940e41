package dev.robusta.benchmarks.sctp;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.benchmarks.TimedStream;
import dev.robusta.ice.IceAgentConfig;
import dev.robusta.ice.IceGatheringState;
import dev.robusta.interop.browser.HeadlessChromium;
import dev.robusta.peer.RTCConfiguration;
import dev.robusta.peer.RTCDataChannel;
import dev.robusta.peer.RTCPeerConnection;
import dev.robusta.peer.RTCPeerConnectionListener;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelMessage;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reliable data-channel throughput with 64 KiB messages between two peer connections on loopback, the way an
 * application sees it: Java<->Java (two {@link RTCPeerConnection}s in this JVM, SDP passed directly),
 * aiortc<->aiortc (Debian python3-aiortc, two processes, {@code aiortc/dc_throughput.py}) and Chromium<->Chromium
 * (two peer connections in one headless page, {@code chromium/dc_throughput.html}), in alternating rounds so all
 * see the same machine load. Reports the median of each and the ratios to Java<->Java.
 *
 * <p>Every sender keeps bufferedAmount under the same high-water mark (4 MiB) and wait for bufferedamountlow.
 */
public final class DataChannelThroughputHarness implements Harness {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DataChannelThroughputHarness.class);
    private static final String GROUP = "DataChannelThroughput";
    private static final String PYTHON = "/usr/bin/python3";
    private static final int SIZE = 64 * 1024;
    private static final int ROUNDS = 5;

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        List<ReportRow> rows = new ArrayList<>();
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try {
            if (smoke) {
                double[] r = javaPair(group, SIZE, 1L << 20);
                rows.add(ReportRow.of(GROUP, "Java<->Java, 64 KiB messages", "MB/s", r[0], "MB/s"));
                return rows;
            }
            javaPair(group, SIZE, 50L << 20); // warm-up: the JIT, not the first connection, is what we measure
            boolean aiortc = aiortcInstalled();
            boolean chromium = HeadlessChromium.binary() != null;
            List<Double> java = new ArrayList<>();
            List<Double> javaCpu = new ArrayList<>();
            List<Double> python = new ArrayList<>();
            List<Double> browser = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                double[] r = javaPair(group, SIZE, 200L << 20);
                java.add(r[0]);
                javaCpu.add(r[1]);
                if (aiortc) {
                    python.add(aiortcPair(SIZE, 40));
                }
                if (chromium) {
                    browser.add(chromiumPair(SIZE, 100));
                }
            }
            String what = "64 KiB messages, median of " + ROUNDS;
            rows.add(ReportRow.of(GROUP, "Java<->Java, " + what, "MB/s", median(java), "MB/s"));
            rows.add(ReportRow.of(GROUP, "Java<->Java, " + what, "CPU", median(javaCpu), "ms/MB"));
            if (aiortc) {
                rows.add(ReportRow.of(GROUP, "aiortc<->aiortc, " + what, "MB/s", median(python), "MB/s"));
                rows.add(ReportRow.of(GROUP, "Java / aiortc", "ratio", median(java) / median(python), "x"));
            }
            if (chromium) {
                rows.add(ReportRow.of(GROUP, "Chromium<->Chromium, " + what, "MB/s", median(browser), "MB/s"));
                rows.add(ReportRow.of(GROUP, "Java / Chromium", "ratio", median(java) / median(browser), "x"));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        return rows;
    }

    /** Two connected RTCPeerConnections; returns {MB/s, CPU ms per MB (whole process)}. */
    public static double[] javaPair(EventLoopGroup group, int size, long totalBytes) throws Exception {
        RTCConfiguration config = RTCConfiguration.defaults()
                .withIce(IceAgentConfig.builder().interfaceAddress("127.0.0.1").build());
        RTCPeerConnection a = new RTCPeerConnection(config, group, null);
        RTCPeerConnection b = new RTCPeerConnection(config, group, null);
        try {
            CompletableFuture<RTCDataChannel> remote = new CompletableFuture<>();
            CompletableFuture<Void> gatheredA = gathered(a);
            CompletableFuture<Void> gatheredB = gathered(b);
            b.addListener(new RTCPeerConnectionListener() {
                @Override
                public void onDataChannel(RTCDataChannel channel) {
                    remote.complete(channel);
                }
            });
            RTCDataChannel tx = a.createDataChannel("bench", DataChannelInit.defaults());
            CompletableFuture<Void> open = new CompletableFuture<>();
            TimedStream stream = new TimedStream(totalBytes, size);
            tx.setListener(new RTCDataChannel.Listener() {
                @Override
                public void onOpen(RTCDataChannel channel) {
                    open.complete(null);
                }

                @Override
                public void onBufferedAmountLow(RTCDataChannel channel) {
                    stream.onRoom();
                }
            });
            a.setLocalDescription().get(10, TimeUnit.SECONDS);
            gatheredA.get(10, TimeUnit.SECONDS);
            b.setRemoteDescription(a.localDescription()).get(10, TimeUnit.SECONDS);
            b.setLocalDescription().get(10, TimeUnit.SECONDS);
            gatheredB.get(10, TimeUnit.SECONDS);
            a.setRemoteDescription(b.localDescription()).get(10, TimeUnit.SECONDS);
            open.get(20, TimeUnit.SECONDS);
            RTCDataChannel rx = remote.get(20, TimeUnit.SECONDS);

            rx.setListener(new RTCDataChannel.Listener() {
                @Override
                public void onMessage(RTCDataChannel channel, DataChannelMessage message) {
                    if (message.size() != size) {
                        throw new IllegalStateException("a message of " + message.size() + " bytes arrived");
                    }
                    stream.onReceived();
                }
            });
            tx.setBufferedAmountLowThreshold(stream.highWater() / 2);
            TimedStream.Result r = stream.run(tx::send, tx::bufferedAmount);
            LOG.info(String.format("RTCPeerConnection pair, %d B: %.1f MB in %.2f s", size, r.megabytes(),
                    r.wallNanos() / 1e9));
            return new double[] {r.megabytesPerSecond(), r.cpuMillisPerMegabyte()};
        } finally {
            a.close();
            b.close();
        }
    }

    /** Completes when the connection's ICE gathering is complete. */
    public static CompletableFuture<Void> gathered(RTCPeerConnection pc) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pc.addListener(new RTCPeerConnectionListener() {
            @Override
            public void onIceGatheringStateChange(IceGatheringState state) {
                if (state == IceGatheringState.COMPLETE) {
                    done.complete(null);
                }
            }
        });
        return done;
    }

    static boolean aiortcInstalled() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import aiortc").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** aiortc<->aiortc through {@code aiortc/dc_throughput.py}; returns MB/s. */
    static double aiortcPair(int size, int mebibytes) throws Exception {
        Path script = Files.createTempFile("dc_throughput", ".py");
        try (InputStream in = DataChannelThroughputHarness.class.getResourceAsStream("/aiortc/dc_throughput.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(size), Integer.toString(mebibytes))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder log = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    double mbPerS = Double.parseDouble(line.split(" ")[1]);
                    LOG.info(String.format("aiortc pair, %d B: %.1f MB/s", size, mbPerS));
                    return mbPerS;
                }
                log.append(line).append('\n');
            }
            throw new IllegalStateException("aiortc benchmark gave no result:\n" + log);
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(script);
        }
    }

    /**
     * Chromium<->Chromium: two RTCPeerConnections in one headless page ({@code chromium/dc_throughput.html}),
     * served from here, which POSTs its result back; Chromium through interop-tests' {@link HeadlessChromium}.
     * Returns MB/s.
     */
    static double chromiumPair(int size, int mebibytes) throws Exception {
        byte[] page;
        try (InputStream in = DataChannelThroughputHarness.class.getResourceAsStream("/chromium/dc_throughput.html")) {
            page = in.readAllBytes();
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = page;
            if (exchange.getRequestURI().getPath().equals("/result")) {
                result.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                body = new byte[0];
            } else {
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            }
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/?size=" + size + "&mib=" + mebibytes;
        // A fake media permission makes Chromium gather loopback host candidates (Chromium hides them otherwise).
        try (HeadlessChromium browser = HeadlessChromium.open(url,
                List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"))) {
            String line = result.get(300, TimeUnit.SECONDS);
            if (line.startsWith("ERROR")) {
                throw new IllegalStateException("the Chromium page failed: " + line + "\n" + browser.log());
            }
            double mbPerS = Double.parseDouble(line.split(" ")[0]);
            LOG.info(String.format("Chromium pair, %d B: %.1f MB/s", size, mbPerS));
            return mbPerS;
        } finally {
            server.stop(0);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
