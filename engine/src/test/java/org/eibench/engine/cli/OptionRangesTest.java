package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every numeric option of every verb is range-checked in one place, with a message naming the option and range. */
class OptionRangesTest {
    private static final Set<Class<?>> NUMBERS = Set.of(int.class, long.class, float.class, double.class,
            Integer.class, Long.class, Float.class, Double.class);

    /** The least a verb needs to parse (required options), pointing nowhere: the check comes before any file. */
    private static List<String> required(String verb) {
        return switch (verb) {
            case "run" -> List.of("run", "-m", "m.gguf", "--eibench", "e", "--images", "i", "--out", "o");
            case "bench" -> List.of("bench", "-m", "m.gguf", "--eibench", "e", "--images", "i");
            case "generate" -> List.of("generate", "-m", "m.gguf", "-p", "hi");
            case "score" -> List.of("score", "runs/x", "--eibench", "e");
            default -> throw new IllegalArgumentException(verb);
        };
    }

    private record Outcome(int exit, String err) {}

    private static String[] args(String verb, String options) {
        List<String> args = new ArrayList<>(required(verb));
        args.addAll(Arrays.asList(options.split(" ")));
        return args.toArray(String[]::new);
    }

    private static Outcome execute(String verb, String options) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return new Outcome(cl.execute(args(verb, options)), err.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "run      | -n -1                  | --max-tokens must be an integer in [0, ∞) (0 = each step's own), got -1",
        "run      | --temp -1              | --temp must be a number in [0, ∞) (0 = greedy), got -1.0",
        "run      | --temp NaN             | --temp must be a number in [0, ∞) (0 = greedy), got NaN",
        "run      | --temp Infinity        | --temp must be a number in [0, ∞) (0 = greedy), got Infinity",
        "run      | -t -2                  | --threads must be an integer in [0, 512] (0 = one per core; ggml's thread pool holds at most 512), got -2",
        "run      | -t 10000               | --threads must be an integer in [0, 512] (0 = one per core; ggml's thread pool holds at most 512), got 10000",
        "run      | --limit 0              | --limit must be an integer in [1, ∞), got 0",
        "run      | --top-p 0              | --top-p must be a number in (0, 1] (1 = off), got 0.0",
        "run      | --top-p 1.5            | --top-p must be a number in (0, 1] (1 = off), got 1.5",
        "run      | --top-k -1             | --top-k must be an integer in [0, ∞) (0 = off), got -1",
        "run      | --parallel 0           | --parallel must be an integer in [1, 256] (llama.cpp holds at most 256 sequences in a context), got 0",
        "run      | -np 257                | --parallel must be an integer in [1, 256] (llama.cpp holds at most 256 sequences in a context), got 257",
        "run      | -ngl -2                | --gpu-layers must be an integer in [-1, ∞) (-1 = all), got -2",
        "run      | -c -1                  | --ctx must be an integer in [0, ∞) (0 = 4096 per sequence), got -1",
        "run      | --ctx-per-seq -5       | --ctx-per-seq must be an integer in [0, ∞) (0 = unused), got -5",
        "run      | --kv-memory-mib -1     | --kv-memory-mib must be an integer in [0, 8796093022207] (0 = no limit; the bytes must fit in 64 bits), got -1",
        "bench    | --parallel 4,0         | --parallel must be an integer in [1, 256] (llama.cpp holds at most 256 sequences in a context), got 0",
        "bench    | --limit 0              | --limit must be an integer in [1, ∞), got 0",
        "bench    | -n -3                  | --max-tokens must be an integer in [0, ∞) (0 = the steps' own), got -3",
        "generate | -n 0                   | --max-tokens must be an integer in [1, ∞), got 0",
        "generate | --top-k -2             | --top-k must be an integer in [0, ∞) (0 = off), got -2",
        "score    | --judge-parallel 1000  | --judge-parallel must be an integer in [1, 256] (llama.cpp holds at most 256 sequences in a context), got 1000",
        "score    | -t 10000               | --threads must be an integer in [0, 512] (0 = one per core; ggml's thread pool holds at most 512), got 10000",
        "score    | -ngl -7                | --gpu-layers must be an integer in [-1, ∞) (-1 = all), got -7",
    })
    void outOfRangeIsAUsageErrorNamingTheOptionAndTheRange(String verb, String options, String message) {
        Outcome outcome = execute(verb, options);
        assertEquals(Main.EXIT_USAGE, outcome.exit(), outcome.err());
        assertEquals(message, outcome.err().lines().findFirst().orElse(""), outcome.err());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "run      | -n 0 --temp 0 -t 512 --limit 1 --top-p 1 --top-k 0 -np 256 -ngl -1 --kv-memory-mib 0",
        "run      | --temp 0.4 --top-p 0.0001 --seed -9223372036854775808",
        "bench    | --parallel 1,256 -n 0",
        "generate | -n 1",
        "score    | --judge-parallel 256 -t 0",
    })
    void boundsThemselvesAreAccepted(String verb, String options) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args(verb, options));
        assertDoesNotThrow(() -> OptionRanges.check(parsed));
    }

    @Test
    void helpIsShownWhateverTheNumbers() {
        Outcome outcome = execute("run", "-n -1 --help");
        assertEquals(0, outcome.exit(), outcome.err());
    }

    @Test
    void everyNumericOptionOfEveryVerbHasARange() {
        List<String> missing = new ArrayList<>();
        collectUnranged(Main.commandLine(), missing);
        assertTrue(missing.isEmpty(), "numeric options without @Range: " + missing);
    }

    /** The verb's numeric options without a range, and those of its own verbs ({@code slurm run}). */
    private static void collectUnranged(CommandLine parent, List<String> missing) {
        for (CommandLine verb : parent.getSubcommands().values()) {
            for (OptionSpec option : verb.getCommandSpec().options()) {
                boolean numeric = NUMBERS.contains(option.type()) || (option.auxiliaryTypes().length > 0
                        && NUMBERS.contains(option.auxiliaryTypes()[0]) && option.isMultiValue());
                if (numeric && OptionRanges.rangeOf(option) == null) {
                    missing.add(verb.getCommandSpec().qualifiedName(" ") + " " + option.longestName());
                }
            }
            collectUnranged(verb, missing);
        }
    }
}
