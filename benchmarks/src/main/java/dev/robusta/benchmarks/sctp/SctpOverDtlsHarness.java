package dev.robusta.benchmarks.sctp;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.benchmarks.TimedStream;
import dev.robusta.demo.DataChannelLoopbackPair;
import dev.robusta.sctp.DataChannel;
import dev.robusta.sctp.DataChannelInit;
import dev.robusta.sctp.DataChannelListener;
import dev.robusta.sctp.DataChannelMessage;
import dev.robusta.sctp.SctpConfig;
import dev.robusta.sctp.SctpTransportListener;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One reliable ordered data channel between two full stacks on loopback: our SCTP over our DTLS (AES-128-GCM)
 * over our ICE on real UDP sockets, each side on its own event loop, an application thread sending with
 * bufferedAmount flow control. Reports payload MB/s (and messages/s for 100-byte messages) and the process's CPU
 * time per MB (both sides, all threads).
 */
public final class SctpOverDtlsHarness implements Harness {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SctpOverDtlsHarness.class);
    private static final String GROUP = "SctpOverDtlsLoopback";
    /** Runs per message size; the machine is shared, so one run is at the mercy of whatever else runs. */
    private static final int RUNS = 3;

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        List<ReportRow> rows = new ArrayList<>();
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try {
            long total = smoke ? 1L << 20 : 100L << 20;
            int runs = smoke ? 1 : RUNS;
            for (int size : new int[] {1024, 16 * 1024, 64 * 1024}) {
                if (!smoke) {
                    // Each size takes its own paths (whole messages or fragments): JIT them first, so the figure
                    // is a long-running server's, not the compiler's.
                    transfer(group, size, total / 4);
                }
                double[][] r = new double[runs][];
                for (int i = 0; i < runs; i++) {
                    r[i] = transfer(group, size, total);
                }
                String what = size / 1024 + " KiB messages" + (runs > 1 ? ", median of " + runs : "");
                rows.add(ReportRow.of(GROUP, what, "MB/s", median(r, 0), "MB/s"));
                rows.add(ReportRow.of(GROUP, what, "CPU", median(r, 1), "ms/MB"));
            }
            if (!smoke) {
                transfer(group, 100, 5L << 20);
            }
            double[][] small = new double[runs][];
            for (int i = 0; i < runs; i++) {
                small[i] = transfer(group, 100, smoke ? 100_000 : 50L << 20);
            }
            rows.add(ReportRow.of(GROUP, "100 B messages" + (runs > 1 ? ", median of " + runs : ""), "rate",
                    median(small, 2), "msg/s"));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        return rows;
    }

    private static double median(double[][] runs, int column) {
        double[] v = new double[runs.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = runs[i][column];
        }
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Returns {MB/s, CPU ms per MB, messages/s}. */
    public static double[] transfer(NioEventLoopGroup group, int size, long totalBytes) throws Exception {
        CompletableFuture<DataChannel> remote = new CompletableFuture<>();
        SctpTransportListener none = new SctpTransportListener() { };
        SctpTransportListener atB = new SctpTransportListener() {
            @Override
            public void onDataChannel(DataChannel channel) {
                remote.complete(channel);
            }
        };
        try (DataChannelLoopbackPair pair = DataChannelLoopbackPair.connect(group, SctpConfig.defaults(), none, atB)) {
            DataChannel tx = pair.a().sctp().createDataChannel("bench", DataChannelInit.defaults());
            DataChannel rx = remote.get(10, TimeUnit.SECONDS);
            TimedStream stream = new TimedStream(totalBytes, size);
            rx.setListener(new DataChannelListener() {
                @Override
                public void onMessage(DataChannel channel, DataChannelMessage message) {
                    stream.onReceived();
                }
            });
            tx.setBufferedAmountLowThreshold(stream.highWater() / 2);
            tx.setListener(new DataChannelListener() {
                @Override
                public void onBufferedAmountLow(DataChannel channel) {
                    stream.onRoom();
                }
            });
            TimedStream.Result r = stream.run(tx::send, tx::bufferedAmount);
            LOG.info(String.format("SCTP over DTLS, %d B: %.1f MB in %.2f s, %d chunks retransmitted, datagrams %d -> %d <-",
                    size, r.megabytes(), r.wallNanos() / 1e9, pair.a().sctp().association().retransmittedChunks(),
                    pair.a().ice().packetsSent(), pair.b().ice().packetsSent()));
            return new double[] {r.megabytesPerSecond(), r.cpuMillisPerMegabyte(), r.messagesPerSecond()};
        }
    }
}
