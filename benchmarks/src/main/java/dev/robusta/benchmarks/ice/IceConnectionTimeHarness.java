package dev.robusta.benchmarks.ice;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.demo.IceLoopbackPair;
import dev.robusta.ice.IceAgentConfig;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Connection time of two Robusta ICE agents over real UDP on loopback with host candidates (127.0.0.1 and ::1):
 * from the start of gathering to both agents having a selected pair. Warm-up runs first, so the figure is the
 * steady state of a long-running server, not the JVM's first connection.
 */
public final class IceConnectionTimeHarness implements Harness {
    private static final int WARMUP_RUNS = 10;
    private static final int RUNS = 25;

    @Override
    public String name() {
        return "IceConnectionTime";
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        List<ReportRow> rows = new ArrayList<>();
        rows.addAll(measure("host IPv4+IPv6", IceLoopbackPair.loopbackConfig(true), smoke));
        if (!smoke) {
            rows.addAll(measure("host IPv4 only", IceLoopbackPair.loopbackConfig(false), false));
        }
        return rows;
    }

    private List<ReportRow> measure(String label, IceAgentConfig config, boolean smoke) throws Exception {
        int warmup = smoke ? 0 : WARMUP_RUNS;
        int runs = smoke ? 2 : RUNS;
        NioEventLoopGroup group = new NioEventLoopGroup(2);
        try {
            for (int i = 0; i < warmup; i++) {
                IceLoopbackPair.connectOnce(group, config);
            }
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                millis.add(IceLoopbackPair.connectOnce(group, config).connectTime().toNanos() / 1e6);
            }
            Collections.sort(millis);
            String group0 = name();
            String what = label + ", " + runs + " runs";
            return List.of(
                    ReportRow.of(group0, what + ": median", "connect", percentile(millis, 50), "ms"),
                    ReportRow.of(group0, what + ": p90", "connect", percentile(millis, 90), "ms"),
                    ReportRow.of(group0, what + ": min", "connect", millis.get(0), "ms"),
                    ReportRow.of(group0, what + ": max", "connect", millis.get(millis.size() - 1), "ms"));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Nearest-rank percentile of sorted values; the median of an even count averages the two middle ones. */
    static double percentile(List<Double> sorted, int p) {
        int n = sorted.size();
        if (p == 50 && n % 2 == 0) {
            return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted.get(Math.max(0, rank - 1));
    }
}
