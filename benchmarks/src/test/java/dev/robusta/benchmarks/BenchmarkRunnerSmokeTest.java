package dev.robusta.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.robusta.benchmarks.stun.StunBenchmark;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/** CI smoke: every benchmark and harness runs once, briefly, and lands in a written report. */
class BenchmarkRunnerSmokeTest {

    @Test
    void smokeRunOfEveryBenchmarkAndHarnessWritesAReport() throws Exception {
        // JMH refuses to start while another JMH run holds its lock file; a smoke run does not need the machine
        // to itself.
        System.setProperty("jmh.ignoreLock", "true");
        boolean[] ranInSmokeMode = {false};
        Harness probe = new Harness() {
            @Override
            public String name() {
                return "probe-harness";
            }

            @Override
            public List<ReportRow> run(boolean smoke) {
                ranInSmokeMode[0] = smoke;
                return List.of(ReportRow.of(name(), "connect", "median", 12.5, "ms"));
            }
        };
        List<Harness> harnesses = new ArrayList<>(Harnesses.all());
        harnesses.add(probe);
        Path dir = Path.of("target", "smoke-reports");

        BenchmarkRunner.RunReport report = BenchmarkRunner.run(
                new RunSettings(true, List.of(), dir, "BenchmarkRunnerSmokeTest"), harnesses);

        for (ReportRow row : report.rows()) {
            assertTrue(row.score() > 0 && Double.isFinite(row.score()), "score of " + row);
        }
        Set<String> stunRows = report.rows().stream().filter(r -> r.group().equals("stun.StunBenchmark"))
                .map(ReportRow::name).collect(Collectors.toSet());
        Set<String> stunMethods = Arrays.stream(StunBenchmark.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class)).map(Method::getName).collect(Collectors.toSet());
        assertFalse(stunMethods.isEmpty());
        assertEquals(stunMethods, stunRows);
        Set<String> harnessNames = harnesses.stream().map(Harness::name).collect(Collectors.toSet());
        for (String name : harnessNames) {
            assertTrue(report.rows().stream().anyMatch(r -> r.group().equals(name)), "harness " + name + " reported");
        }
        // Harnesses have no allocation figure; every JMH row must have one.
        report.rows().stream().filter(r -> !harnessNames.contains(r.group())).forEach(r -> assertTrue(
                r.allocBytesPerOp() >= 0, "the GC profiler reports allocation per op for " + r));
        assertTrue(ranInSmokeMode[0], "harnesses get smoke=true");

        assertEquals(dir.toAbsolutePath(), report.file().toAbsolutePath().getParent());
        assertTrue(report.file().getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}-\\d{4}(-\\d+)?\\.md"));
        String markdown = Files.readString(report.file());
        assertTrue(markdown.contains("- JDK: " + System.getProperty("java.version")));
        assertTrue(markdown.contains("## stun.StunBenchmark"));
        assertTrue(markdown.contains("| parseBindingRequest | thrpt | "));
        assertTrue(markdown.contains("## probe-harness"));
        assertTrue(markdown.contains("| connect | median | 12.5 | n/a | ms | n/a |"));
    }

    @Test
    void commandLine() {
        RunSettings s = RunSettings.parse("--smoke", "Stun", "--reports", "/tmp/r", "Ice");
        assertTrue(s.smoke());
        assertEquals(List.of("Stun", "Ice"), s.includes());
        assertEquals(Path.of("/tmp/r"), s.reportDir());
        assertTrue(s.selects("stun.StunBenchmark.parse"), "a regex may match any part of the name");
        assertFalse(RunSettings.parse("Stun").selects("ice-connect"));
        assertTrue(RunSettings.parse().selects("anything"));
        assertEquals(RunSettings.DEFAULT_REPORT_DIR, RunSettings.parse().reportDir());
        assertThrows(IllegalArgumentException.class, () -> RunSettings.parse("--x"));
        assertThrows(IllegalArgumentException.class,
                () -> RunSettings.parse("--reports"));
    }
}
