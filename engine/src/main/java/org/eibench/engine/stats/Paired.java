package org.eibench.engine.stats;

/** Checks and differences of paired arrays. */
final class Paired {
    private Paired() {}

    /** {@code b[i] - a[i]}, after checking both have one value per pair. */
    static double[] differences(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values need as many of each, got " + a.length + " and "
                    + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = b[i] - a[i];
        }
        return d;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
