package org.eibench.engine.cli;

import org.eibench.engine.runner.SamplingPreset;
import picocli.CommandLine.Option;

/**
 * Sampling options shared by generate, run and bench: a preset ({@code --sampling}) whose values the explicit
 * {@code --temp}, {@code --top-k} and {@code --top-p} replace one by one.
 */
public final class SamplingOptions {
    @Option(names = "--sampling", paramLabel = "reference|greedy",
            description = "Sampling preset: reference = the EIBench scripts' (temperature 0.4, top-k 50, top-p 1.0,"
                    + " up to 512 new tokens, each call seeded from --seed, the sample id and the step); greedy ="
                    + " the most likely token (default: reference for run, greedy for generate, bench and demo)."
                    + " --temp, --top-k and --top-p given explicitly replace the preset's value; --temp 0 is"
                    + " greedy whatever the preset.")
    String preset;

    @Range(min = 0, why = "0 = greedy")
    @Option(names = "--temp", paramLabel = "T",
            description = "Sampling temperature; 0 = greedy, deterministic (default: the preset's).")
    Float temperature;

    @Range(min = 0, minExclusive = true, max = 1, why = "1 = off")
    @Option(names = "--top-p", paramLabel = "P",
            description = "Nucleus sampling mass in (0, 1]; 1 = off (default: the preset's).")
    Float topP;

    @Range(min = 0, why = "0 = off")
    @Option(names = "--top-k", paramLabel = "K",
            description = "Sample among the K most likely tokens; 0 = off (default: the preset's).")
    Integer topK;

    @Range(min = Long.MIN_VALUE, max = Long.MAX_VALUE, why = "any 64-bit integer")
    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed; with sampling, each call's seed derives from it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ignore-eos", description = "Keep generating past end-of-generation tokens (fixed-length"
            + " benchmark runs with random weights).")
    boolean ignoreEos;

    /** The preset named by {@code --sampling} (else {@code defaultPreset}) with the explicit options applied. */
    public SamplingPreset resolve(String defaultPreset) {
        return SamplingPreset.named(preset == null ? defaultPreset : preset).override(temperature, topK, topP);
    }

    public long seed() {
        return seed;
    }

    public boolean ignoreEos() {
        return ignoreEos;
    }
}
