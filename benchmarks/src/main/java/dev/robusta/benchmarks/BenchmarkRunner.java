package dev.robusta.benchmarks;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks (with the GC profiler, for bytes allocated per operation) and the registered
 * {@link Harness}es, then writes one Markdown report. {@code benchmarks/run} calls {@link #main}.
 */
public final class BenchmarkRunner {
    // Full runs: one fork, short iterations. Enough for stable figures on a 2-core box while keeping a run of the
    // STUN benchmarks under two minutes. The STUN parse paths reach steady C2 code after about 6 s of warm-up.
    static final int WARMUP_ITERATIONS = 4;
    static final int MEASUREMENT_ITERATIONS = 5;
    static final TimeValue ITERATION_TIME = TimeValue.seconds(2);
    // Smoke runs only prove that each benchmark runs and reports; the figures mean nothing.
    static final TimeValue SMOKE_ITERATION_TIME = TimeValue.milliseconds(150);
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /** The rows of a run and the report written from them ({@code file} is null when nothing matched). */
    public record RunReport(Path file, List<ReportRow> rows) {}

    private BenchmarkRunner() {}

    public static void main(String[] args) throws Exception {
        RunSettings settings;
        try {
            settings = RunSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(RunSettings.USAGE);
            System.exit(2);
            return;
        }
        RunReport report = run(settings, Harnesses.all());
        if (report.rows().isEmpty()) {
            System.err.println("No benchmark or harness matches " + settings.includes());
            System.exit(1);
        }
        System.out.println();
        System.out.println(java.nio.file.Files.readString(report.file()));
        System.out.println("Report: " + report.file());
    }

    /** Runs the selected JMH benchmarks, then the selected harnesses, and writes the report. */
    public static RunReport run(RunSettings settings, List<Harness> harnesses) throws Exception {
        ZonedDateTime started = ZonedDateTime.now();
        List<ReportRow> rows = new ArrayList<>();
        String jmhVersion = "";
        for (RunResult result : runJmh(settings)) {
            rows.add(toRow(result));
            jmhVersion = result.getParams().getJmhVersion();
        }
        for (Harness harness : harnesses) {
            if (settings.selects(harness.name())) {
                rows.addAll(harness.run(settings.smoke()));
            }
        }
        if (rows.isEmpty()) {
            return new RunReport(null, rows); // a mistyped regex should not leave an empty report behind
        }
        Path file = MarkdownReport.write(settings.reportDir(), started, describe(settings, jmhVersion),
                settings.command(), rows);
        return new RunReport(file, rows);
    }

    private static Collection<RunResult> runJmh(RunSettings settings) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true); // a benchmark that throws must fail the run, in CI above all
        settings.includes().forEach(options::include);
        if (settings.smoke()) {
            // In-process: no JVM start per benchmark, and it works from a test's class path too.
            options.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(SMOKE_ITERATION_TIME)
                    .verbosity(VerboseMode.SILENT);
        } else {
            options.forks(1).warmupIterations(WARMUP_ITERATIONS).warmupTime(ITERATION_TIME)
                    .measurementIterations(MEASUREMENT_ITERATIONS).measurementTime(ITERATION_TIME);
        }
        try {
            return new Runner(options.build()).run();
        } catch (NoBenchmarksException e) {
            return List.of(); // the regexes may select harnesses only
        }
    }

    /** A JMH result as a report row, grouped by benchmark class (its name below {@code dev.robusta.benchmarks}). */
    static ReportRow toRow(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        int dot = benchmark.lastIndexOf('.');
        String group = benchmark.substring(0, dot).replaceFirst("^dev\\.robusta\\.benchmarks\\.", "");
        StringBuilder name = new StringBuilder(benchmark.substring(dot + 1));
        Collection<String> keys = result.getParams().getParamsKeys();
        if (!keys.isEmpty()) {
            name.append(keys.stream().map(k -> k + "=" + result.getParams().getParam(k))
                    .collect(java.util.stream.Collectors.joining(", ", " (", ")")));
        }
        Result<?> primary = result.getPrimaryResult();
        return new ReportRow(group, name.toString(), result.getParams().getMode().shortLabel(), primary.getScore(),
                primary.getScoreError(), primary.getScoreUnit(), allocationPerOp(result));
    }

    private static double allocationPerOp(RunResult result) {
        // Older JMH versions prefix profiler labels with a middle dot; match the end of the label.
        for (var e : result.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith(ALLOC_NORM)) {
                return e.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private static String describe(RunSettings s, String jmhVersion) {
        String jmh = "JMH " + jmhVersion + " with `-prof gc`";
        return s.smoke()
                ? "smoke: " + jmh + ", in-process (0 forks), no warm-up, 1 × " + SMOKE_ITERATION_TIME
                        + " (proves the benchmarks run; the figures are not measurements)"
                : jmh + ", 1 fork, warm-up " + WARMUP_ITERATIONS + " × " + ITERATION_TIME + ", measurement "
                        + MEASUREMENT_ITERATIONS + " × " + ITERATION_TIME;
    }
}
