package org.eibench.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BipartiteMatchingTest {

    @Test
    void prefersTwoPairsOverOneGreedyPair() {
        // greedy takes (0,0)=0.9 and leaves row 1 with 0; the optimum is 0.8 + 0.85
        double[][] w = {{0.9, 0.8}, {0.85, 0.0}};
        assertArrayEquals(new int[] {1, 0}, BipartiteMatching.maximumWeight(w));
    }

    @Test
    void zeroWeightsStayUnmatched() {
        assertArrayEquals(new int[] {0, -1, -1}, BipartiteMatching.maximumWeight(new double[][] {{0.7}, {0}, {0}}));
        assertArrayEquals(new int[0], BipartiteMatching.maximumWeight(new double[0][0]));
        assertArrayEquals(new int[] {-1}, BipartiteMatching.maximumWeight(new double[][] {{}}));
    }

    @Test
    void matchesBruteForceOnRandomMatrices() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + rnd.nextInt(5);
            int cols = 1 + rnd.nextInt(5);
            double[][] w = new double[rows][cols];
            for (double[] row : w) {
                for (int j = 0; j < cols; j++) {
                    row[j] = rnd.nextDouble() < 0.3 ? 0 : rnd.nextDouble();
                }
            }
            int[] a = BipartiteMatching.maximumWeight(w);
            boolean[] usedCols = new boolean[cols];
            double total = 0;
            for (int i = 0; i < rows; i++) {
                if (a[i] >= 0) {
                    assertEquals(false, usedCols[a[i]], "column used twice");
                    usedCols[a[i]] = true;
                    total += w[i][a[i]];
                }
            }
            assertEquals(best(w, 0, new boolean[cols]), total, 1e-9, "trial " + trial);
        }
    }

    private static double best(double[][] w, int row, boolean[] used) {
        if (row == w.length) {
            return 0;
        }
        double best = best(w, row + 1, used); // leave this row unmatched
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.max(best, w[row][j] + best(w, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }
}
