package dev.robusta.benchmarks.srtp;

import dev.robusta.benchmarks.Harness;
import dev.robusta.benchmarks.ReportRow;
import dev.robusta.dtls.srtp.SrtpProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link SrtpBenchmark} operations again, ours and jitsi-srtp's taking turns in short slices (500 packets
 * each, 201 rounds, the first of each pair alternating) in one JVM. On a shared machine JMH's one-after-the-other
 * runs see different loads; here both sides see the same, so the per-round ratio is the steadier comparison.
 * Reports the median packets/s of each side and the median of the per-round ratios (ours / jitsi-srtp).
 */
public final class SrtpInterleavedHarness implements Harness {
    private static final String NAME = "srtp-interleaved";

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
                    Op ours = protect ? b::protectOurs : b::unprotectOurs;
                    Op jitsi = protect ? b::protectJitsi : b::unprotectJitsi;
                    run(ours, warmup);
                    run(jitsi, warmup);
                    double[] oursRate = new double[rounds];
                    double[] jitsiRate = new double[rounds];
                    double[] ratio = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        if ((r & 1) == 0) {
                            oursRate[r] = rate(ours, slice);
                            jitsiRate[r] = rate(jitsi, slice);
                        } else {
                            jitsiRate[r] = rate(jitsi, slice);
                            oursRate[r] = rate(ours, slice);
                        }
                        ratio[r] = oursRate[r] / jitsiRate[r];
                    }
                    String what = (protect ? "protect" : "unprotect") + " (payload=" + payload + ", profile="
                            + profile + ")";
                    rows.add(ReportRow.of(NAME, what + " ours", "median", median(oursRate), "packets/s"));
                    rows.add(ReportRow.of(NAME, what + " jitsi-srtp", "median", median(jitsiRate), "packets/s"));
                    rows.add(ReportRow.of(NAME, what + " ours / jitsi-srtp", "median", median(ratio), "x"));
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
        long start = System.nanoTime();
        run(op, packets);
        return packets * 1e9 / (System.nanoTime() - start);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
