package org.eibench.engine.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap 95% intervals of a mean: draw {@code resamples} samples of the same size with replacement,
 * take each one's mean, and report the 2.5% and 97.5% quantiles of those means (linear interpolation between order
 * statistics, numpy's default). Every interval starts from the same seed, so a figure's interval depends only on its
 * values, and two figures with the same sample count resample the same indices.
 *
 * @param resamples bootstrap resamples per interval
 * @param seed the seed every interval starts from
 */
public record Bootstrap(int resamples, long seed) {
    public static final String METHOD = "percentile bootstrap";
    public static final String PAIRED_METHOD = "paired percentile bootstrap";
    static final double LOWER = 0.025;
    static final double UPPER = 0.975;

    public Bootstrap {
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be at least 1, got " + resamples);
        }
    }

    /** The interval of the mean of {@code values}; null when there are none. */
    public ConfidenceInterval mean(double[] values) {
        return interval(values, METHOD);
    }

    /**
     * The interval of the mean paired difference {@code b[i] - a[i]}: pairs are resampled together, so what the two
     * runs share cancels out.
     */
    public ConfidenceInterval pairedDifference(double[] a, double[] b) {
        return interval(Paired.differences(a, b), PAIRED_METHOD);
    }

    private ConfidenceInterval interval(double[] values, String method) {
        int n = values.length;
        if (n == 0) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                sum += values[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new ConfidenceInterval(quantile(means, LOWER), quantile(means, UPPER), method, resamples, seed, n);
    }

    /** The p-quantile of sorted values, interpolating linearly between order statistics (Hyndman-Fan type 7). */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        // a constant sample gives a point, exactly: no rounding from the interpolation
        return sorted[below] == sorted[above] ? sorted[below]
                : sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
