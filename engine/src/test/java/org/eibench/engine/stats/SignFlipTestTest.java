package org.eibench.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SignFlipTestTest {
    /** Every sign pattern by recursion: the share whose |sum| reaches the observed |sum|. */
    private static double referenceExact(double[] d) {
        double observed = Math.abs(java.util.Arrays.stream(d).sum());
        int[] counts = new int[2]; // hits, patterns
        enumerate(d, 0, 0, observed, counts);
        return (double) counts[0] / counts[1];
    }

    private static void enumerate(double[] d, int i, double sum, double observed, int[] counts) {
        if (i == d.length) {
            counts[1]++;
            counts[0] += Math.abs(sum) >= observed - 1e-9 ? 1 : 0;
            return;
        }
        enumerate(d, i + 1, sum + d[i], observed, counts);
        enumerate(d, i + 1, sum - d[i], observed, counts);
    }

    @Test
    void handComputedExactCase() {
        // ±1 ±2 ±3 gives 6, 4, 2, 0, 0, -2, -4, -6: |sum| >= 6 in 2 of 8 patterns
        SignFlipTest.Result r = new SignFlipTest(10_000, 1).test(new double[] {1, 2, 3});
        assertEquals(0.25, r.pValue(), 0.0);
        assertEquals(SignFlipTest.EXACT, r.method());
        assertEquals(8, r.patterns());
    }

    @Test
    void exactMatchesARecursiveEnumeration() {
        double[] d = new Random(5).doubles(12).map(v -> v - 0.3).toArray();
        assertEquals(referenceExact(d), new SignFlipTest(10_000, 1).test(d).pValue(), 1e-15);
    }

    @Test
    void randomFlipsApproachTheExactValue() {
        double[] d = new Random(6).doubles(16).map(v -> v - 0.35).toArray();
        double exact = referenceExact(d);
        double[] longer = new double[17]; // one zero difference more: same distribution, but past the exact limit
        System.arraycopy(d, 0, longer, 0, d.length);
        SignFlipTest.Result r = new SignFlipTest(40_000, 2).test(longer);
        assertEquals(SignFlipTest.MONTE_CARLO, r.method());
        assertEquals(exact, r.pValue(), 0.01);
    }

    @Test
    void noDifferenceGivesPOne() {
        assertEquals(1.0, new SignFlipTest(10_000, 1).test(new double[5]).pValue(), 0.0);
        assertEquals(1.0, new SignFlipTest(10_000, 1).test(new double[40]).pValue(), 0.0);
    }

    @Test
    void aClearShiftIsSignificantAndNeverZero() {
        double[] d = new Random(8).doubles(200).map(v -> v + 0.2).toArray();
        SignFlipTest.Result r = new SignFlipTest(10_000, 3).test(d);
        assertEquals(1.0 / 10_001, r.pValue(), 1e-12);
    }

    @Test
    void seededAndPaired() {
        double[] a = new Random(9).doubles(50).toArray();
        double[] b = new Random(10).doubles(50).toArray();
        assertEquals(new SignFlipTest(10_000, 4).test(a, b), new SignFlipTest(10_000, 4).test(a, b));
        assertNull(new SignFlipTest(10_000, 4).test(new double[0]));
    }

    @Test
    void pairedDifferenceSaysWithinNoise() {
        Bootstrap bootstrap = new Bootstrap(2_000, 1);
        SignFlipTest test = new SignFlipTest(10_000, 1);
        double[] a = new Random(11).doubles(100).toArray();
        double[] same = a.clone();
        same[0] += 0.01;
        PairedDifference noise = PairedDifference.of(a, same, bootstrap, test);
        assertTrue(noise.withinNoise());
        assertEquals(0.0001, noise.meanDifference(), 1e-12);
        double[] better = java.util.Arrays.stream(a).map(v -> v + 0.1 + 0.01 * Math.sin(v * 50)).toArray();
        PairedDifference shift = PairedDifference.of(a, better, bootstrap, test);
        assertFalse(shift.withinNoise());
        assertTrue(shift.ci95().low() > 0);
        assertEquals(100, shift.n());
    }
}
