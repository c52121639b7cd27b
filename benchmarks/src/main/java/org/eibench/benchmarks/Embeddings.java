package org.eibench.benchmarks;

import java.util.Random;
import org.eibench.kernels.similarity.RowVectors;

/** Sentence embeddings shaped like MiniLM's: unit-length rows of 384 floats, from a seeded Gaussian. */
final class Embeddings {
    /** all-MiniLM-L6-v2's embedding size. */
    static final int DIM = 384;

    private Embeddings() {}

    static RowVectors random(int rows, Random random) {
        float[] data = new float[rows * DIM];
        for (int r = 0; r < rows; r++) {
            double sumSq = 0;
            for (int c = 0; c < DIM; c++) {
                float x = (float) random.nextGaussian();
                data[r * DIM + c] = x;
                sumSq += x * x;
            }
            float scale = (float) (1 / Math.sqrt(sumSq));
            for (int c = 0; c < DIM; c++) {
                data[r * DIM + c] *= scale;
            }
        }
        return new RowVectors(data, rows, DIM);
    }
}
