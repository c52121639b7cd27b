package org.eibench.kernels.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class CosineKernelTest {
    private static final float TOLERANCE = 1e-5f;
    private static Nd4jCosineKernel nd4j;
    private static final JavaCosineKernel JAVA = new JavaCosineKernel();

    @BeforeAll
    static void open() {
        nd4j = new Nd4jCosineKernel(7); // a small chunk so that the tests cross chunk boundaries
    }

    @AfterAll
    static void close() {
        nd4j.close();
    }

    private static RowVectors random(Random rnd, int rows, int dim) {
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        return new RowVectors(data, rows, dim);
    }

    private static void assertAlmostEqual(SimilarityMatrix expected, SimilarityMatrix actual) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertEquals(expected.cols(), actual.cols(), "cols");
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                assertEquals(expected.get(i, j), actual.get(i, j), TOLERANCE, "cell " + i + "," + j);
            }
        }
    }

    @Test
    void knownValues() {
        RowVectors left = RowVectors.of(new float[][] {{1, 0}, {0, 2}});
        RowVectors right = RowVectors.of(new float[][] {{3, 3}, {-1, 0}});
        for (CosineKernel k : List.of(JAVA, nd4j)) {
            SimilarityMatrix m = k.cosine(left, right);
            assertEquals((float) Math.sqrt(0.5), m.get(0, 0), TOLERANCE, k.name());
            assertEquals(-1f, m.get(0, 1), TOLERANCE, k.name());
            assertEquals((float) Math.sqrt(0.5), m.get(1, 0), TOLERANCE, k.name());
            assertEquals(0f, m.get(1, 1), TOLERANCE, k.name());
        }
    }

    @Test
    void nd4jMatchesJavaOnRandomShapes() {
        Random rnd = new Random(20261125L);
        List<CosineKernel.Pair> pairs = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            int dim = n < 30 ? 384 : 1 + rnd.nextInt(64);
            pairs.add(new CosineKernel.Pair(random(rnd, 1 + rnd.nextInt(10), dim), random(rnd, 1 + rnd.nextInt(40), dim)));
        }
        for (CosineKernel.Pair p : pairs) {
            assertAlmostEqual(JAVA.cosine(p.left(), p.right()), nd4j.cosine(p.left(), p.right()));
        }
        // batched: only pairs of one dimension may share a batch
        List<CosineKernel.Pair> sameDim = pairs.subList(0, 30);
        List<SimilarityMatrix> batched = nd4j.cosineAll(sameDim);
        List<SimilarityMatrix> reference = JAVA.cosineAll(sameDim);
        for (int p = 0; p < sameDim.size(); p++) {
            assertAlmostEqual(reference.get(p), batched.get(p));
        }
        assertFalse(Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread(), "workspace left open");
    }

    @Test
    void zeroVectorsHaveSimilarityZero() {
        RowVectors left = RowVectors.of(new float[][] {{0, 0, 0}, {1, 2, 3}});
        RowVectors right = RowVectors.of(new float[][] {{0, 0, 0}, {1, 2, 3}});
        for (CosineKernel k : List.of(JAVA, nd4j)) {
            SimilarityMatrix m = k.cosine(left, right);
            assertEquals(0f, m.get(0, 0), 0f, k.name());
            assertEquals(0f, m.get(0, 1), 0f, k.name());
            assertEquals(0f, m.get(1, 0), 0f, k.name());
            assertEquals(1f, m.get(1, 1), TOLERANCE, k.name());
        }
    }

    @Test
    void emptySetsGiveEmptyMatrices() {
        RowVectors empty = RowVectors.of(new float[0][], 4);
        RowVectors two = RowVectors.of(new float[][] {{1, 0, 0, 0}, {0, 1, 0, 0}});
        for (CosineKernel k : List.of(JAVA, nd4j)) {
            SimilarityMatrix a = k.cosine(empty, two);
            assertEquals(0, a.rows());
            assertEquals(2, a.cols());
            SimilarityMatrix b = k.cosine(two, empty);
            assertEquals(2, b.rows());
            assertEquals(0, b.cols());
            List<SimilarityMatrix> mixed = k.cosineAll(List.of(new CosineKernel.Pair(empty, two), new CosineKernel.Pair(two, two)));
            assertEquals(0, mixed.get(0).rows());
            assertEquals(1f, mixed.get(1).get(1, 1), TOLERANCE);
        }
    }

    @Test
    void mismatchedDimensionsAreRejected() {
        RowVectors three = RowVectors.of(new float[][] {{1, 2, 3}});
        RowVectors four = RowVectors.of(new float[][] {{1, 2, 3, 4}});
        for (CosineKernel k : List.of(JAVA, nd4j)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.cosine(three, four));
            assertTrue(e.getMessage().contains("dimension 3") && e.getMessage().contains("dimension 4"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RowVectors.of(new float[][] {{1, 2}, {1}}));
        assertThrows(IllegalArgumentException.class, () -> new RowVectors(new float[5], 2, 3));
    }

    @Test
    void kernelsByName() {
        assertEquals("java", CosineKernels.byName("java").name());
        try (CosineKernel k = CosineKernels.byName("ND4J")) {
            assertEquals("nd4j", k.name());
        }
        assertThrows(IllegalArgumentException.class, () -> CosineKernels.byName("cuda"));
    }
}
