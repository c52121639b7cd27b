package org.eibench.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eibench.engine.comparison.Comparison;
import org.eibench.engine.comparison.ComparisonConfig;
import org.eibench.engine.comparison.ComparisonText;
import org.eibench.engine.comparison.RunComparison;
import org.eibench.engine.scores.ScoresJson;
import org.eibench.engine.stats.StatisticsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eibench compare}: is run B better than run A, or within noise? */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        header = "Paired comparison of two scored runs: differences, intervals, p-values.",
        sortOptions = false,
        description = {
            "Compares two scored run folders on the samples both answered (matched by",
            "sample id; samples only one run has are counted and left out). For each",
            "per-sample figure both runs have (judge recall, strict: a failure counts 0;",
            "semantic recall; coherence), per category and overall:",
            "  B−A        the mean paired difference (percentage points for recall),",
            "  [low, high] its paired percentile-bootstrap 95%% interval (pairs resampled",
            "             together, seeded),",
            "  p          the two-sided paired sign-flip permutation test of no",
            "             difference (exact up to 16 pairs, else random flips, seeded),",
            "and says \"within noise\" when the interval includes 0 or p >= 0.05.",
            "Score both runs first (eibench score); nothing is recomputed but the",
            "statistics.",
            "",
            "Example:",
            "  eibench compare runs/llava-user runs/llava-cfsa",
            "  eibench compare runs/llava-user runs/llava-cfsa --json > diff.json",
            "",
        })
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_A", description = "The baseline scored run folder.")
    Path runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "The scored run folder compared with it.")
    Path runB;

    @Option(names = "--json", description = "Print the comparison as JSON instead of text.")
    boolean json;

    @Mixin
    StatisticsOptions statistics;

    @Range(min = 10_000, max = 10_000_000, why = "fewer make the p-value's Monte Carlo error too large near 0.05")
    @Option(names = "--flips", paramLabel = "N", defaultValue = "" + StatisticsSettings.DEFAULT_FLIPS,
            description = "Random sign flips of the permutation test when it is not exact (default:"
                    + " ${DEFAULT-VALUE}).")
    int flips;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Comparison comparison;
        try {
            comparison = RunComparison.run(new ComparisonConfig(runA, runB, statistics.settings(flips)));
        } catch (IllegalArgumentException | java.io.IOException e) {
            spec.commandLine().getErr().println("eibench: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        if (json) {
            out.println(ScoresJson.MAPPER.writeValueAsString(comparison));
        } else {
            ComparisonText.lines(comparison).forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
