package org.eibench.engine.comparison;

import org.eibench.engine.stats.PairedDifference;

/**
 * The paired difference of one per-sample figure in one category.
 *
 * @param metric the figure ({@code judge recall (strict)}, {@code semantic recall}, {@code coherence})
 * @param category a category, or {@code overall}
 * @param difference the paired statistics (B − A)
 * @param verdict the difference in a sentence: within noise, or which run is higher
 */
public record MetricDifference(String metric, String category, PairedDifference difference, String verdict) {}
