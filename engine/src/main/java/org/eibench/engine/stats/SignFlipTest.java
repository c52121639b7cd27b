package org.eibench.engine.stats;

import java.util.SplittableRandom;

/**
 * The paired sign-flip permutation test of "no difference": under it each paired difference is as likely positive as
 * negative, so the observed |mean difference| is compared with those of the differences under random signs. Exact
 * (all 2^n sign patterns) up to {@value #EXACT_MAX_PAIRS} pairs; above, {@code flips} random patterns, with the
 * p-value (1 + hits) / (1 + flips) so that it is never 0.
 *
 * @param flips random sign patterns tried above {@value #EXACT_MAX_PAIRS} pairs
 * @param seed the seed of the random flips
 */
public record SignFlipTest(int flips, long seed) {
    /** Up to this many pairs every sign pattern is tried (65,536 patterns). */
    public static final int EXACT_MAX_PAIRS = 16;
    public static final String EXACT = "exact paired sign-flip permutation test";
    public static final String MONTE_CARLO = "paired sign-flip permutation test, random flips";

    // sums that differ only by floating-point rounding of the same terms count as equal
    private static final double RELATIVE_TOLERANCE = 1e-9;

    /**
     * The test's outcome.
     *
     * @param pValue the two-sided p-value
     * @param method {@value #EXACT} or {@value #MONTE_CARLO}
     * @param patterns sign patterns tried (2^n when exact)
     * @param seed the seed of the random flips (recorded also when exact, where it is unused)
     */
    public record Result(double pValue, String method, long patterns, long seed) {}

    public SignFlipTest {
        if (flips < 1) {
            throw new IllegalArgumentException("permutation flips must be at least 1, got " + flips);
        }
    }

    /** The test of the paired differences {@code b[i] - a[i]}; null when there are none. */
    public Result test(double[] a, double[] b) {
        return test(Paired.differences(a, b));
    }

    /** The test of differences whose mean should be 0; null when there are none. */
    public Result test(double[] differences) {
        int n = differences.length;
        if (n == 0) {
            return null;
        }
        double scale = 0;
        double observed = 0;
        for (double d : differences) {
            observed += d;
            scale += Math.abs(d);
        }
        double threshold = Math.abs(observed) - RELATIVE_TOLERANCE * scale;
        if (n <= EXACT_MAX_PAIRS) {
            long patterns = 1L << n;
            long hits = 0;
            for (long signs = 0; signs < patterns; signs++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += (signs >>> i & 1) == 0 ? differences[i] : -differences[i];
                }
                hits += Math.abs(sum) >= threshold ? 1 : 0;
            }
            return new Result((double) hits / patterns, EXACT, patterns, seed);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long hits = 0;
        for (int f = 0; f < flips; f++) {
            double sum = 0;
            long signs = 0;
            for (int i = 0; i < n; i++) {
                if (i % Long.SIZE == 0) {
                    signs = random.nextLong(); // 64 fair signs per draw
                }
                sum += (signs >>> (i % Long.SIZE) & 1) == 0 ? differences[i] : -differences[i];
            }
            hits += Math.abs(sum) >= threshold ? 1 : 0;
        }
        return new Result((1.0 + hits) / (1.0 + flips), MONTE_CARLO, flips, seed);
    }
}
