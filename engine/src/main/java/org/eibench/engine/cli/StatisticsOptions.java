package org.eibench.engine.cli;

import org.eibench.engine.stats.StatisticsSettings;
import picocli.CommandLine.Option;

/** The resampling of the 95% intervals: one picocli mixin for {@code score} and {@code compare}. */
public final class StatisticsOptions {
    @Range(min = 1_000, max = 1_000_000, why = "fewer than 1,000 leave the 2.5% tail to under 25 resamples; more"
            + " than a million only take time")
    @Option(names = "--resamples", paramLabel = "N", defaultValue = "" + StatisticsSettings.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples of each 95%% interval (percentile method, over samples) (default:"
                    + " ${DEFAULT-VALUE}).")
    int resamples;

    @Range(min = Long.MIN_VALUE, max = Long.MAX_VALUE, why = "any 64-bit integer")
    @Option(names = "--stats-seed", paramLabel = "S", defaultValue = "" + StatisticsSettings.DEFAULT_SEED,
            description = "Seed of the resampling, the permutation test and the chance calibration row; the same"
                    + " seed gives the same intervals (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The settings, with {@code flips} random sign flips for a permutation test. */
    public StatisticsSettings settings(int flips) {
        return new StatisticsSettings(resamples, flips, seed);
    }

    /** The settings, with the default number of sign flips. */
    public StatisticsSettings settings() {
        return settings(StatisticsSettings.DEFAULT_FLIPS);
    }
}
