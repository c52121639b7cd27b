package org.eibench.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    /**
     * The textbook procedure written out independently: explicit resample lists, means by streams, a sorted list
     * and numpy's default percentile (index (N-1)p, linear between neighbours).
     */
    private static double[] reference(double[] values, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Double> means = new ArrayList<>();
        for (int r = 0; r < resamples; r++) {
            List<Double> resample = new ArrayList<>();
            for (int k = 0; k < values.length; k++) {
                resample.add(values[random.nextInt(values.length)]);
            }
            means.add(resample.stream().mapToDouble(Double::doubleValue).sum() / values.length);
        }
        Collections.sort(means);
        return new double[] {numpyPercentile(means, 2.5), numpyPercentile(means, 97.5)};
    }

    private static double numpyPercentile(List<Double> sorted, double percent) {
        double h = (sorted.size() - 1) * percent / 100;
        int lo = (int) h;
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (h - lo) * (sorted.get(hi) - sorted.get(lo));
    }

    @Test
    void matchesAnIndependentStraightforwardImplementation() {
        double[] values = new Random(7).doubles(137).map(v -> v * v).toArray();
        ConfidenceInterval ci = new Bootstrap(2_000, 99).mean(values);
        double[] expected = reference(values, 2_000, 99);
        assertEquals(expected[0], ci.low(), 1e-12);
        assertEquals(expected[1], ci.high(), 1e-12);
        assertEquals(Bootstrap.METHOD, ci.method());
        assertEquals(2_000, ci.resamples());
        assertEquals(99, ci.seed());
        assertEquals(137, ci.n());
    }

    @Test
    void theIntervalOfAConstantSampleIsAPoint() {
        double[] values = new double[50];
        java.util.Arrays.fill(values, 0.4);
        ConfidenceInterval ci = new Bootstrap(2_000, 1).mean(values);
        assertEquals(ci.low(), ci.high(), 0.0); // every resample is the same sample
        assertEquals(0.4, ci.low(), 1e-15);
    }

    @Test
    void twoValuesGiveTheHandComputedInterval() {
        // resample means of {0, 1} are 0 (p 1/4), 1/2 (p 1/2), 1 (p 1/4): both 2.5% tails fall on the extremes
        ConfidenceInterval ci = new Bootstrap(4_000, 3).mean(new double[] {0, 1});
        assertEquals(0.0, ci.low(), 0.0);
        assertEquals(1.0, ci.high(), 0.0);
    }

    @Test
    void agreesWithTheNormalApproximationOnALargeSample() {
        // n = 400 draws of N(0.5, 0.2): the mean's interval is 0.5 ± 1.96 * 0.2 / 20, up to bootstrap noise
        double[] values = new Random(11).doubles(400).map(u -> 0).toArray();
        Random gauss = new Random(12);
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.5 + 0.2 * gauss.nextGaussian();
        }
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum()
                / (values.length - 1));
        double half = 1.96 * sd / Math.sqrt(values.length);
        ConfidenceInterval ci = new Bootstrap(5_000, 5).mean(values);
        assertEquals(mean - half, ci.low(), 0.15 * half);
        assertEquals(mean + half, ci.high(), 0.15 * half);
        assertTrue(ci.contains(mean));
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        double[] values = new Random(2).doubles(60).toArray();
        assertEquals(new Bootstrap(2_000, 8).mean(values), new Bootstrap(2_000, 8).mean(values));
        assertNotEquals(new Bootstrap(2_000, 8).mean(values).low(), new Bootstrap(2_000, 9).mean(values).low());
    }

    @Test
    void noValuesNoInterval() {
        assertNull(new Bootstrap(2_000, 1).mean(new double[0]));
    }

    @Test
    void thePairedIntervalIsTheIntervalOfTheDifferences() {
        double[] a = new Random(3).doubles(80).toArray();
        double[] b = new Random(4).doubles(80).toArray();
        double[] d = new double[80];
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
        }
        double[] expected = reference(d, 2_000, 21);
        ConfidenceInterval ci = new Bootstrap(2_000, 21).pairedDifference(a, b);
        assertEquals(expected[0], ci.low(), 1e-12);
        assertEquals(expected[1], ci.high(), 1e-12);
        assertEquals(Bootstrap.PAIRED_METHOD, ci.method());
    }
}
