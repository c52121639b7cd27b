package org.eibench.engine.comparison;

import java.nio.file.Path;
import java.util.Objects;
import org.eibench.engine.stats.StatisticsSettings;

/**
 * What {@code eibench compare} compares.
 *
 * @param runA the first scored run folder (the baseline: differences are B − A)
 * @param runB the second scored run folder
 * @param statistics resamples, sign flips and seed
 */
public record ComparisonConfig(Path runA, Path runB, StatisticsSettings statistics) {
    public ComparisonConfig {
        Objects.requireNonNull(runA, "runA");
        Objects.requireNonNull(runB, "runB");
        Objects.requireNonNull(statistics, "statistics");
    }
}
