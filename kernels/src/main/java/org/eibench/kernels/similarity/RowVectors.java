package org.eibench.kernels.similarity;

import java.util.Objects;

/**
 * A set of {@code rows} vectors of length {@code dim}, stored row-major in one flat array.
 *
 * <p>An empty set ({@code rows == 0}) still carries its dimension so that it can be checked against the
 * other side of a comparison.
 */
public record RowVectors(float[] data, int rows, int dim) {
    public RowVectors {
        Objects.requireNonNull(data, "data");
        if (rows < 0 || dim <= 0) {
            throw new IllegalArgumentException("rows must be >= 0 and dim > 0, got rows=" + rows + ", dim=" + dim);
        }
        if ((long) rows * dim != data.length) {
            throw new IllegalArgumentException("data holds " + data.length + " floats but rows x dim = " + rows
                    + " x " + dim + " = " + (long) rows * dim);
        }
    }

    /**
     * Copies a jagged array into a flat set.
     *
     * @param dim the vector length, needed when {@code vectors} is empty; every row must have this length
     */
    public static RowVectors of(float[][] vectors, int dim) {
        Objects.requireNonNull(vectors, "vectors");
        float[] flat = new float[Math.multiplyExact(vectors.length, dim)];
        for (int r = 0; r < vectors.length; r++) {
            if (vectors[r].length != dim) {
                throw new IllegalArgumentException("row " + r + " has length " + vectors[r].length + ", expected " + dim);
            }
            System.arraycopy(vectors[r], 0, flat, r * dim, dim);
        }
        return new RowVectors(flat, vectors.length, dim);
    }

    /** Copies a non-empty jagged array; the dimension is taken from its first row. */
    public static RowVectors of(float[][] vectors) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("cannot infer the dimension of an empty set; use of(vectors, dim)");
        }
        return of(vectors, vectors[0].length);
    }

    /** Component {@code c} of row {@code r}. */
    public float get(int r, int c) {
        return data[r * dim + c];
    }
}
