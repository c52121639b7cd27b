package org.eibench.engine.stats;

/**
 * A 95% confidence interval of a figure, with how it was made; written to scores.json as {@code ci95}.
 *
 * @param low the lower bound (the 2.5% quantile of the resampled figures)
 * @param high the upper bound (the 97.5% quantile)
 * @param method how the interval was computed ({@value Bootstrap#METHOD} or {@value Bootstrap#PAIRED_METHOD})
 * @param resamples bootstrap resamples drawn
 * @param seed the seed of the resampling
 * @param n the samples resampled
 */
public record ConfidenceInterval(double low, double high, String method, int resamples, long seed, int n) {
    /** Whether {@code value} lies inside the interval, bounds included. */
    public boolean contains(double value) {
        return low <= value && value <= high;
    }
}
