package dev.robusta.benchmarks;

import java.util.List;

/**
 * A measurement that is not a JMH benchmark, e.g. an end-to-end ICE connection-time harness. Its rows land in the
 * same report as the JMH results. To add one, implement this and list it in {@link Harnesses#all()}.
 */
public interface Harness {
    /** A stable name; the runner's include regexes are matched against it, and it titles the report table. */
    String name();

    /**
     * Runs the measurement and returns its rows.
     *
     * @param smoke true for CI: one very short pass that only proves the harness works (well under a second or
     *     two); false for the real measurement
     */
    List<ReportRow> run(boolean smoke) throws Exception;
}
