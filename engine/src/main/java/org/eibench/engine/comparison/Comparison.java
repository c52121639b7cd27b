package org.eibench.engine.comparison;

import java.util.List;
import org.eibench.engine.stats.StatisticsSettings;

/**
 * Two runs compared on the samples both answered.
 *
 * @param runA the first run's folder name (the baseline)
 * @param runB the second run's folder name
 * @param benchmark the benchmark both answered, or null when neither says
 * @param shared samples both runs answered (matched by sample id)
 * @param onlyA samples only run A answered, left out
 * @param onlyB samples only run B answered, left out
 * @param statistics the resamples, sign flips and seed of the intervals and tests
 * @param differences per figure, per category then overall
 */
public record Comparison(String runA, String runB, String benchmark, int shared, int onlyA, int onlyB,
        StatisticsSettings statistics, List<MetricDifference> differences) {
    public Comparison {
        differences = List.copyOf(differences);
    }
}
