package org.eibench.kernels.similarity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The ND4J kernel: packs a chunk of pairs into zero-padded {@code [batch, rows, dim]} tensors and computes all
 * their matrices with one batched matrix product, inside one ND4J workspace per chunk (no array outlives it).
 *
 * <p>Zero padding is harmless: a padded row has norm 0, hence similarity 0, and is cut away afterwards. On a
 * small machine ND4J needs {@code OMP_NUM_THREADS=1}, or small operations become slower than plain Java.
 */
public final class Nd4jCosineKernel implements CosineKernel {
    /** Pairs per batched product; bounds memory to about chunk x (maxLeft + maxRight) x dim floats. */
    public static final int DEFAULT_CHUNK = 256;

    private static final String WORKSPACE_ID = "eibench-cosine";
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private final int chunk;

    public Nd4jCosineKernel() {
        this(DEFAULT_CHUNK);
    }

    /** @param chunk pairs per batched product, at least 1 */
    public Nd4jCosineKernel(int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
        }
        this.chunk = chunk;
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public SimilarityMatrix cosine(RowVectors left, RowVectors right) {
        return cosineAll(List.of(new Pair(left, right))).getFirst();
    }

    @Override
    public List<SimilarityMatrix> cosineAll(List<Pair> pairs) {
        SimilarityMatrix[] out = new SimilarityMatrix[pairs.size()];
        List<Integer> work = new ArrayList<>(pairs.size());
        for (int p = 0; p < pairs.size(); p++) {
            Pair pair = pairs.get(p);
            if (pair.left().rows() == 0 || pair.right().rows() == 0) {
                out[p] = new SimilarityMatrix(new float[0], pair.left().rows(), pair.right().rows());
            } else {
                work.add(p);
            }
        }
        // chunks of similar shapes waste less on padding; results go back to their input positions
        work.sort(Comparator.<Integer>comparingInt(p -> pairs.get(p).right().rows())
                .thenComparingInt(p -> pairs.get(p).left().rows()));
        for (int start = 0; start < work.size(); start += chunk) {
            computeChunk(pairs, work.subList(start, Math.min(work.size(), start + chunk)), out);
        }
        return Arrays.asList(out);
    }

    @SuppressWarnings("try") // the workspace is used implicitly: arrays created inside it live in it
    private static void computeChunk(List<Pair> pairs, List<Integer> indices, SimilarityMatrix[] out) {
        int dim = pairs.get(indices.getFirst()).left().dim();
        int maxLeft = 0;
        int maxRight = 0;
        for (int p : indices) {
            Pair pair = pairs.get(p);
            if (pair.left().dim() != dim) {
                throw new IllegalArgumentException("pair " + p + " has dimension " + pair.left().dim()
                        + " but pair " + indices.getFirst() + " has " + dim + "; one batch must use one encoder");
            }
            maxLeft = Math.max(maxLeft, pair.left().rows());
            maxRight = Math.max(maxRight, pair.right().rows());
        }
        int batch = indices.size();
        float[] leftPacked = new float[batch * maxLeft * dim];
        float[] rightPacked = new float[batch * maxRight * dim];
        for (int b = 0; b < batch; b++) {
            Pair pair = pairs.get(indices.get(b));
            System.arraycopy(pair.left().data(), 0, leftPacked, b * maxLeft * dim, pair.left().data().length);
            System.arraycopy(pair.right().data(), 0, rightPacked, b * maxRight * dim, pair.right().data().length);
        }
        float[] sims;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            INDArray left = unitRows(Nd4j.create(leftPacked, new long[] {batch, maxLeft, dim}, DataType.FLOAT));
            INDArray right = unitRows(Nd4j.create(rightPacked, new long[] {batch, maxRight, dim}, DataType.FLOAT));
            // [batch, maxLeft, dim] x [batch, maxRight, dim]^T -> [batch, maxLeft, maxRight]
            sims = Nd4j.matmul(left, right, false, true, false).ravel().toFloatVector();
        }
        for (int b = 0; b < batch; b++) {
            Pair pair = pairs.get(indices.get(b));
            int rows = pair.left().rows();
            int cols = pair.right().rows();
            float[] values = new float[rows * cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(sims, (b * maxLeft + i) * maxRight, values, i * cols, cols);
            }
            out[indices.get(b)] = new SimilarityMatrix(values, rows, cols);
        }
    }

    /** Divides each row by its L2 norm in place; zero rows are divided by a tiny positive number and stay zero. */
    private static INDArray unitRows(INDArray x) {
        INDArray norms = Transforms.max(x.norm2(true, 2), Float.MIN_NORMAL, false);
        return x.divi(norms);
    }
}
