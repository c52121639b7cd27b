package org.eibench.kernels.similarity;

import java.util.Objects;

/** A {@code rows x cols} matrix of similarities, row-major; row i is left vector i, column j right vector j. */
public record SimilarityMatrix(float[] values, int rows, int cols) {
    public SimilarityMatrix {
        Objects.requireNonNull(values, "values");
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("values holds " + values.length + " floats, expected " + rows + " x " + cols);
        }
    }

    /** Similarity of left vector {@code i} and right vector {@code j}. */
    public float get(int i, int j) {
        return values[i * cols + j];
    }

    /** A copy as a jagged array, one row per left vector. */
    public float[][] toArray() {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = java.util.Arrays.copyOfRange(values, i * cols, (i + 1) * cols);
        }
        return out;
    }
}
