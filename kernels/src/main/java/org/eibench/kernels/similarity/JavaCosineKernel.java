package org.eibench.kernels.similarity;

/** The plain-Java reference kernel: normalises rows in double precision, then takes dot products. */
public final class JavaCosineKernel implements CosineKernel {

    @Override
    public String name() {
        return "java";
    }

    @Override
    public SimilarityMatrix cosine(RowVectors left, RowVectors right) {
        CosineKernel.checkSameDim(left, right);
        int dim = left.dim();
        double[] leftUnit = unitRows(left);
        double[] rightUnit = unitRows(right);
        float[] out = new float[left.rows() * right.rows()];
        for (int i = 0; i < left.rows(); i++) {
            for (int j = 0; j < right.rows(); j++) {
                double dot = 0;
                for (int c = 0; c < dim; c++) {
                    dot += leftUnit[i * dim + c] * rightUnit[j * dim + c];
                }
                out[i * right.rows() + j] = (float) dot;
            }
        }
        return new SimilarityMatrix(out, left.rows(), right.rows());
    }

    /** Rows scaled to unit length; zero rows stay zero, so their similarities are 0. */
    private static double[] unitRows(RowVectors v) {
        double[] out = new double[v.data().length];
        for (int r = 0; r < v.rows(); r++) {
            double sumSq = 0;
            for (int c = 0; c < v.dim(); c++) {
                double x = v.get(r, c);
                sumSq += x * x;
            }
            double scale = sumSq == 0 ? 0 : 1 / Math.sqrt(sumSq);
            for (int c = 0; c < v.dim(); c++) {
                out[r * v.dim() + c] = v.get(r, c) * scale;
            }
        }
        return out;
    }
}
