package dev.robusta.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run's rows as Markdown: the machine first, then one table per benchmark class or harness. */
final class MarkdownReport {
    private static final DateTimeFormatter FILE_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");

    private MarkdownReport() {}

    /**
     * Writes {@code <dir>/<yyyy-MM-dd-HHmm>.md}; a second report in the same minute gets a {@code -2} suffix
     * rather than replacing the first.
     */
    static Path write(Path dir, ZonedDateTime when, String settings, String command, List<ReportRow> rows)
            throws IOException {
        Files.createDirectories(dir);
        String base = FILE_NAME.format(when);
        Path file = dir.resolve(base + ".md");
        for (int n = 2; Files.exists(file); n++) {
            file = dir.resolve(base + "-" + n + ".md");
        }
        Files.writeString(file, render(when, settings, command, rows), StandardCharsets.UTF_8);
        return file;
    }

    static String render(ZonedDateTime when, String settings, String command, List<ReportRow> rows) {
        StringBuilder md = new StringBuilder();
        md.append("# Robusta benchmarks, ").append(DateTimeFormatter.ISO_LOCAL_DATE.format(when)).append("\n\n");
        md.append("- Date: ").append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(when.withNano(0))).append('\n');
        md.append("- JDK: ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vm.name")).append(", ").append(System.getProperty("java.vm.vendor"))
                .append(")\n");
        md.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(" (").append(System.getProperty("os.arch")).append(")\n");
        md.append("- Cores: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        md.append("- Settings: ").append(settings).append('\n');
        md.append("- Command: `").append(command.strip()).append("`\n");

        Map<String, StringBuilder> tables = new LinkedHashMap<>();
        for (ReportRow row : rows) {
            tables.computeIfAbsent(row.group(), group -> new StringBuilder()
                    .append("\n## ").append(group).append("\n\n")
                    .append("| Benchmark | Mode | Score | Error (99.9%) | Unit | Alloc (B/op) |\n")
                    .append("| --- | --- | ---: | ---: | --- | ---: |\n"))
                    .append("| ").append(row.name())
                    .append(" | ").append(row.mode())
                    .append(" | ").append(number(row.score(), 1))
                    .append(" | ").append(Double.isNaN(row.error()) ? "n/a" : "± " + number(row.error(), 1))
                    .append(" | ").append(row.unit())
                    .append(" | ").append(Double.isNaN(row.allocBytesPerOp()) ? "n/a" : number(row.allocBytesPerOp(), 1))
                    .append(" |\n");
        }
        tables.values().forEach(md::append);
        return md.toString();
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
