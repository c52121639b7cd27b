package org.eibench.kernels.similarity;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes cosine-similarity matrices between two sets of row vectors.
 *
 * <p>Defined behaviour shared by all implementations:
 * <ul>
 *   <li>a row whose L2 norm is zero has similarity {@code 0} with every row (as scikit-learn's
 *       {@code cosine_similarity}, which the EIBench reference scripts use);</li>
 *   <li>an empty set on either side gives a matrix with zero rows or zero columns;</li>
 *   <li>sets of different dimension are rejected with {@link IllegalArgumentException}.</li>
 * </ul>
 * Implementations are not required to be thread-safe.
 */
public interface CosineKernel extends AutoCloseable {

    /** One comparison of a batch: the left set gives the rows, the right set the columns. */
    record Pair(RowVectors left, RowVectors right) {
        public Pair {
            checkSameDim(left, right);
        }
    }

    /** The kernel's name as the benchmark reports it, e.g. {@code nd4j} or {@code java}. */
    String name();

    /** The cosine-similarity matrix of {@code left} (rows) against {@code right} (columns). */
    SimilarityMatrix cosine(RowVectors left, RowVectors right);

    /**
     * Computes many independent matrices, one per pair, in input order. Implementations batch the work; the
     * result equals calling {@link #cosine} on each pair.
     */
    default List<SimilarityMatrix> cosineAll(List<Pair> pairs) {
        List<SimilarityMatrix> out = new ArrayList<>(pairs.size());
        for (Pair p : pairs) {
            out.add(cosine(p.left(), p.right()));
        }
        return out;
    }

    /** Releases native resources; the plain-Java kernel has none. */
    @Override
    default void close() {}

    /** Throws a clear error when the two sets cannot be compared. */
    static void checkSameDim(RowVectors left, RowVectors right) {
        if (left.dim() != right.dim()) {
            throw new IllegalArgumentException("cannot compare vectors of dimension " + left.dim() + " with vectors of dimension "
                    + right.dim() + "; embed both sides with the same encoder");
        }
    }
}
