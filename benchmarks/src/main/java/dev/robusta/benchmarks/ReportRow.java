package dev.robusta.benchmarks;

/**
 * One line of a benchmark report: a JMH result or a harness measurement.
 *
 * @param group the table the row belongs to: a JMH benchmark class or a harness name
 * @param name what was measured, e.g. a benchmark method with its parameters
 * @param mode JMH's short mode name ({@code thrpt}, {@code avgt}...) or what a harness measured (e.g. {@code median})
 * @param score the measured value
 * @param error the half-width of the 99.9% confidence interval, or NaN when unknown (one iteration)
 * @param unit the score's unit, e.g. {@code ops/s} or {@code ms}
 * @param allocBytesPerOp bytes allocated per operation ({@code gc.alloc.rate.norm}), or NaN when not measured
 */
public record ReportRow(String group, String name, String mode, double score, double error, String unit,
                        double allocBytesPerOp) {

    /** A harness measurement without error estimate or allocation figure. */
    public static ReportRow of(String group, String name, String mode, double score, String unit) {
        return new ReportRow(group, name, mode, score, Double.NaN, unit, Double.NaN);
    }
}
