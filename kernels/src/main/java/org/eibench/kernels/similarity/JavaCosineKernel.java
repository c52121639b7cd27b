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

    /** Cosine similarity of two vectors of equal length, in double precision; 0 when either is zero. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot compare vectors of dimension " + a.length + " and " + b.length);
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.sqrt(aa * bb);
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
