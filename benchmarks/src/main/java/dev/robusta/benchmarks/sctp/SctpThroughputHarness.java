package dev.robusta.benchmarks.sctp;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk transfer through one reliable ordered channel between two in-memory SCTP associations on one thread:
 * wall-clock MB/s (payload bytes delivered), CPU time per MB, and for 100-byte messages the message rate. Both
 * sides run on the measuring thread, so the figures are for sender and receiver together on one core.
 */
public final class SctpThroughputHarness implements Harness {
    private static final String GROUP = "SctpThroughput";

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<ReportRow> run(boolean smoke) {
        List<ReportRow> rows = new ArrayList<>();
        long total = smoke ? 2L << 20 : 400L << 20;
        for (int size : new int[] {1024, 16 * 1024, 64 * 1024}) {
            double[] r = transfer(size, total, smoke);
            rows.add(ReportRow.of(GROUP, size / 1024 + " KiB messages", "MB/s", r[0], "MB/s"));
            rows.add(ReportRow.of(GROUP, size / 1024 + " KiB messages", "CPU", r[1], "ms/MB"));
        }
        double[] small = transfer(100, smoke ? 200_000 : 40L << 20, smoke);
        rows.add(ReportRow.of(GROUP, "100 B messages", "rate", small[2], "msg/s"));
        rows.add(ReportRow.of(GROUP, "100 B messages", "MB/s", small[0], "MB/s"));
        return rows;
    }

    /** Returns {MB/s, CPU ms per MB, messages/s}. */
    private static double[] transfer(int size, long totalBytes, boolean smoke) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        byte[] message = new byte[size];
        new java.util.Random(size).nextBytes(message);
        if (!smoke) {
            InMemorySctpPair warm = new InMemorySctpPair(256 * 1024);
            for (long sent = 0; sent < totalBytes / 4; sent += size) {
                warm.send(message, 1 << 20);
            }
        }
        InMemorySctpPair pair = new InMemorySctpPair(256 * 1024);
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long sent = 0;
        long messages = 0;
        while (sent < totalBytes) {
            pair.send(message, 1 << 20);
            sent += size;
            messages++;
        }
        pair.drain(sent);
        long wall = System.nanoTime() - t0;
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        if (pair.bytesReceived() != sent) {
            throw new IllegalStateException("received " + pair.bytesReceived() + " of " + sent + " bytes");
        }
        double mb = sent / 1e6;
        return new double[] {mb / (wall / 1e9), cpu / 1e6 / mb, messages / (wall / 1e9)};
    }
}
