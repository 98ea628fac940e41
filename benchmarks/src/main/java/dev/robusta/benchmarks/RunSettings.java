package dev.robusta.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to run and where to write the report.
 *
 * @param smoke one very short in-process pass of each benchmark (CI), instead of a forked, warmed-up measurement
 * @param includes regexes matched (find, as JMH does) against benchmark and harness names; empty means all
 * @param reportDir where the Markdown report goes
 * @param command how the run was started, recorded in the report
 */
public record RunSettings(boolean smoke, List<String> includes, Path reportDir, String command) {
    public static final Path DEFAULT_REPORT_DIR = Path.of("benchmarks", "reports");

    public RunSettings {
        includes = List.copyOf(includes);
    }

    static final String USAGE = String.join("\n",
            "usage: benchmarks/run [--smoke] [--reports DIR] [REGEX...]",
            "  REGEX          run only benchmarks and harnesses whose name matches (e.g. Stun)",
            "  --smoke        one very short pass of each, no warm-up, in-process (what CI does)",
            "  --reports DIR  write the Markdown report there (default: " + DEFAULT_REPORT_DIR + ")");

    /** Parses the command line; throws IllegalArgumentException with a message on bad arguments. */
    public static RunSettings parse(String... args) {
        boolean smoke = false;
        Path reportDir = DEFAULT_REPORT_DIR;
        List<String> includes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--reports" -> {
                    if (++i == args.length) {
                        throw new IllegalArgumentException("--reports needs a directory");
                    }
                    reportDir = Path.of(args[i]);
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    includes.add(args[i]);
                }
            }
        }
        return new RunSettings(smoke, includes, reportDir, "benchmarks/run " + String.join(" ", args));
    }

    /** True when a harness or benchmark of this name is selected. */
    boolean selects(String name) {
        return includes.isEmpty() || includes.stream().anyMatch(regex -> java.util.regex.Pattern.compile(regex)
                .matcher(name).find());
    }
}
