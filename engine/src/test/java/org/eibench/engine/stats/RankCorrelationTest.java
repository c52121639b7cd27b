package org.eibench.engine.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankCorrelationTest {
    // x = 1 2 3 4 5, y = 1 3 2 5 5 (a tie in y)
    private static final double[] X = {1, 2, 3, 4, 5};
    private static final double[] Y = {1, 3, 2, 5, 5};

    @Test
    void tiesGetTheirAverageRank() {
        assertArrayEquals(new double[] {1, 3, 2, 4.5, 4.5}, RankCorrelation.ranks(Y));
        assertArrayEquals(new double[] {2.5, 1, 2.5}, RankCorrelation.ranks(new double[] {0.5, 0, 0.5}));
    }

    @Test
    void spearmanByHand() {
        // ranks of y: 1 3 2 4.5 4.5, mean 3; deviations x: -2 -1 0 1 2, y: -2 0 -1 1.5 1.5
        // sxy = 4 + 0 + 0 + 1.5 + 3 = 8.5, sxx = 10, syy = 4 + 0 + 1 + 2.25 + 2.25 = 9.5
        assertEquals(8.5 / Math.sqrt(10 * 9.5), RankCorrelation.spearman(X, Y), 1e-12);
    }

    @Test
    void kendallTauBByHand() {
        // 10 pairs: (2,3) discordant, (4,5) tied in y, the other 8 concordant; tau-b = (8-1)/sqrt(10 * 9)
        assertEquals(7 / Math.sqrt(90), RankCorrelation.kendallTauB(X, Y), 1e-12);
    }

    @Test
    void tiesInBothSeries() {
        // x = 0 0 1 1, y = 0 1 0 1: pairs (1,2) tied x, (3,4) tied x, (1,3) tied y, (2,4) tied y,
        // (1,4) concordant, (2,3) discordant: tau-b = 0 / sqrt(4 * 4)
        double[] x = {0, 0, 1, 1};
        double[] y = {0, 1, 0, 1};
        assertEquals(0.0, RankCorrelation.kendallTauB(x, y), 1e-12);
        assertEquals(0.0, RankCorrelation.spearman(x, y), 1e-12);
        // x = 0 0 1, y = 0 1 1: one tied in x, one tied in y, one concordant: 1 / sqrt(2 * 2)
        assertEquals(0.5, RankCorrelation.kendallTauB(new double[] {0, 0, 1}, new double[] {0, 1, 1}), 1e-12);
    }

    @Test
    void perfectAndReversedOrder() {
        double[] reversed = {5, 4, 3, 2, 1};
        assertEquals(1.0, RankCorrelation.spearman(X, new double[] {10, 20, 30, 40, 50}), 1e-12);
        assertEquals(-1.0, RankCorrelation.spearman(X, reversed), 1e-12);
        assertEquals(-1.0, RankCorrelation.kendallTauB(X, reversed), 1e-12);
    }

    @Test
    void aConstantSeriesHasNoCorrelation() {
        double[] constant = {2, 2, 2, 2, 2};
        assertTrue(Double.isNaN(RankCorrelation.spearman(X, constant)));
        assertTrue(Double.isNaN(RankCorrelation.kendallTauB(X, constant)));
        assertTrue(Double.isNaN(RankCorrelation.kendallTauB(new double[] {1}, new double[] {1})));
    }
}
