package org.eibench.engine.cli;

import java.util.List;
import org.eibench.models.vlm.SamplingParams;
import picocli.CommandLine.Option;

/** Sampling options shared by generate, run and bench. */
public final class SamplingOptions {
    @Option(names = "--temp", paramLabel = "T", defaultValue = "0",
            description = "Sampling temperature; 0 = greedy, deterministic (default: ${DEFAULT-VALUE}; the EIBench"
                    + " reference scripts sample at 0.4).")
    float temperature;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Nucleus sampling mass in (0, 1]; 1 = off (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
            description = "Sample among the K most likely tokens; 0 = off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed; with sampling, each call's seed derives from it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ignore-eos", description = "Keep generating past end-of-generation tokens (fixed-length"
            + " benchmark runs with random weights).")
    boolean ignoreEos;

    /** The sampling parameters these options describe, with {@code maxTokens}. */
    public SamplingParams params(int maxTokens) {
        return new SamplingParams(temperature, topP, topK, seed, maxTokens, null, ignoreEos, List.of());
    }

    public long seed() {
        return seed;
    }
}
