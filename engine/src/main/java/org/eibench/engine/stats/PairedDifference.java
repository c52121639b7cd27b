package org.eibench.engine.stats;

/**
 * Two runs' values on the same samples: the mean paired difference (B − A), its paired-bootstrap 95% interval and
 * the sign-flip test's p-value.
 *
 * @param n pairs
 * @param meanA the mean of A's values
 * @param meanB the mean of B's values
 * @param meanDifference the mean of B − A
 * @param ci95 the paired percentile-bootstrap interval of {@code meanDifference}
 * @param pValue the two-sided p-value of the paired sign-flip permutation test
 * @param test how the p-value was computed, with its patterns and seed
 * @param withinNoise whether the interval includes 0 or p ≥ 0.05: the data do not tell A and B apart
 */
public record PairedDifference(int n, double meanA, double meanB, double meanDifference, ConfidenceInterval ci95,
        double pValue, SignFlipTest.Result test, boolean withinNoise) {
    /** The significance level of {@link #withinNoise}. */
    public static final double ALPHA = 0.05;

    /** The paired statistics of {@code a[i]} and {@code b[i]}; null when there are no pairs. */
    public static PairedDifference of(double[] a, double[] b, Bootstrap bootstrap, SignFlipTest signFlip) {
        double[] d = Paired.differences(a, b);
        if (d.length == 0) {
            return null;
        }
        ConfidenceInterval ci = bootstrap.pairedDifference(a, b);
        SignFlipTest.Result test = signFlip.test(d);
        boolean noise = ci.contains(0) || test.pValue() >= ALPHA;
        return new PairedDifference(d.length, Paired.mean(a), Paired.mean(b), Paired.mean(d), ci, test.pValue(), test,
                noise);
    }
}
