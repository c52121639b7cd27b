package org.eibench.engine.metrics;

import java.util.Arrays;

/**
 * Maximum-weight bipartite matching (Hungarian algorithm with potentials, O(n² m)) on a dense weight matrix.
 * Weights must be non-negative; a row may stay unmatched, which is the same as matching it with weight 0.
 */
final class BipartiteMatching {
    private BipartiteMatching() {}

    /**
     * @param weights {@code rows x cols}, non-negative
     * @return for each row the matched column, or -1; every column is used at most once
     */
    static int[] maximumWeight(double[][] weights) {
        int rows = weights.length;
        int cols = rows == 0 ? 0 : weights[0].length;
        int[] assignment = new int[rows];
        Arrays.fill(assignment, -1);
        if (rows == 0 || cols == 0) {
            return assignment;
        }
        boolean transpose = rows > cols; // the algorithm needs rows <= cols
        int n = transpose ? cols : rows;
        int m = transpose ? rows : cols;
        double max = 0;
        for (double[] row : weights) {
            for (double w : row) {
                max = Math.max(max, w);
            }
        }
        // minimise cost = max - weight; with n <= m every one of the n rows gets a column
        double[][] cost = new double[n + 1][m + 1];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                cost[i][j] = max - (transpose ? weights[j - 1][i - 1] : weights[i - 1][j - 1]);
            }
        }
        int[] columnOwner = solve(cost, n, m);
        for (int j = 1; j <= m; j++) {
            int i = columnOwner[j];
            if (i == 0) {
                continue;
            }
            double w = transpose ? weights[j - 1][i - 1] : weights[i - 1][j - 1];
            if (w > 0) {
                if (transpose) {
                    assignment[j - 1] = i - 1;
                } else {
                    assignment[i - 1] = j - 1;
                }
            }
        }
        return assignment;
    }

    /** The classic 1-indexed Hungarian algorithm; returns, per column, the row assigned to it (0 = none). */
    private static int[] solve(double[][] cost, int n, int m) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = cost[i0][j] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        return p;
    }
}
