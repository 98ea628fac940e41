package dev.robusta.benchmarks.srtp;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.dtls.srtp.SrtpProfile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link SrtpBenchmark} operations again, ours, jitsi-srtp's and the JDK floor (the JDK crypto alone, see
 * {@link SrtpBenchmark}) taking turns in short slices (500 packets each, 201 rounds, the order rotating) in one
 * JVM. On a shared machine JMH's one-after-the-other runs see different loads; here all sides see the same, so
 * the per-round ratio is the steadier comparison. Slices are timed in the thread's CPU time where the JVM offers
 * it, so that time spent waiting for a core (other processes on a shared machine) does not count; the GC threads'
 * time does not count either, which favours jitsi-srtp, the side that allocates. Reports the median packets/s of each side and the medians of
 * the per-round ratios ours / jitsi-srtp and JDK floor / jitsi-srtp (the most any SRTP on the JDK could reach).
 */
public final class SrtpInterleavedHarness implements Harness {
    private static final String NAME = "srtp-interleaved";
    private static final int OURS = 0;
    private static final int JITSI = 1;
    private static final int FLOOR = 2;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long sink;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ReportRow> run(boolean smoke) throws Exception {
        int rounds = smoke ? 1 : 201;
        int slice = smoke ? 200 : 500;
        int warmup = smoke ? 0 : 60_000;
        List<ReportRow> rows = new ArrayList<>();
        for (SrtpProfile profile : SrtpProfile.values()) {
            for (int payload : new int[] {160, 1200}) {
                SrtpBenchmark b = new SrtpBenchmark();
                b.profile = profile;
                b.payload = payload;
                b.setUp();
                for (boolean protect : new boolean[] {true, false}) {
                    Op[] ops = protect
                            ? new Op[] {b::protectOurs, b::protectJitsi, b::protectJdkFloor}
                            : new Op[] {b::unprotectOurs, b::unprotectJitsi, b::unprotectJdkFloor};
                    for (Op op : ops) {
                        run(op, warmup);
                    }
                    double[][] rate = new double[3][rounds];
                    double[] oursRatio = new double[rounds];
                    double[] floorRatio = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        for (int k = 0; k < 3; k++) {
                            int which = (r + k) % 3; // each side goes first, second and third in turn
                            rate[which][r] = rate(ops[which], slice);
                        }
                        oursRatio[r] = rate[OURS][r] / rate[JITSI][r];
                        floorRatio[r] = rate[FLOOR][r] / rate[JITSI][r];
                    }
                    String what = (protect ? "protect" : "unprotect") + " (payload=" + payload + ", profile="
                            + profile + ")";
                    rows.add(ReportRow.of(NAME, what + " ours", "median", median(rate[OURS]), "packets/s"));
                    rows.add(ReportRow.of(NAME, what + " jitsi-srtp", "median", median(rate[JITSI]), "packets/s"));
                    rows.add(ReportRow.of(NAME, what + " JDK floor", "median", median(rate[FLOOR]), "packets/s"));
                    rows.add(ReportRow.of(NAME, what + " ours / jitsi-srtp", "median", median(oursRatio), "x"));
                    rows.add(ReportRow.of(NAME, what + " JDK floor / jitsi-srtp", "median", median(floorRatio),
                            "x"));
                }
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return rows;
    }

    private interface Op {
        int run() throws Exception;
    }

    private void run(Op op, int packets) throws Exception {
        long s = 0;
        for (int i = 0; i < packets; i++) {
            s += op.run();
        }
        sink += s;
    }

    private double rate(Op op, int packets) throws Exception {
        boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
        long start = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        run(op, packets);
        long end = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        return packets * 1e9 / Math.max(1, end - start);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
