package org.eibench.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eibench.kernels.similarity.CosineKernel;
import org.eibench.kernels.similarity.CosineKernels;
import org.eibench.kernels.similarity.SimilarityMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole Basic run's cosine matrices in one {@code cosineAll} call: 1615 samples, each 5 to 10 triggers against 5
 * to 40 answer units (uniform, seeded), 384 dims.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimilarityBatchBenchmark {
    @Param({"nd4j", "java"})
    public String kernel;

    private CosineKernel cosine;
    private List<CosineKernel.Pair> pairs;

    @Setup
    public void setUp() {
        Random random = new Random(11);
        cosine = CosineKernels.byName(kernel);
        pairs = new ArrayList<>(GroundTruths.BASIC_SAMPLES);
        for (int s = 0; s < GroundTruths.BASIC_SAMPLES; s++) {
            pairs.add(new CosineKernel.Pair(Embeddings.random(5 + random.nextInt(6), random),
                    Embeddings.random(5 + random.nextInt(36), random)));
        }
    }

    @TearDown
    public void tearDown() {
        cosine.close();
    }

    @Benchmark
    public List<SimilarityMatrix> allBasicSamples() {
        return cosine.cosineAll(pairs);
    }
}
