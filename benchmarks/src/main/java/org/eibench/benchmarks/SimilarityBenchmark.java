package org.eibench.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eibench.kernels.similarity.CosineKernel;
import org.eibench.kernels.similarity.CosineKernels;
import org.eibench.kernels.similarity.RowVectors;
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

/** One sample's cosine matrix: ground-truth triggers (rows) against answer units (columns), 384 dims. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SimilarityBenchmark {
    @Param({"nd4j", "java"})
    public String kernel;

    @Param({"5", "10"})
    public int triggers;

    @Param({"5", "40"})
    public int units;

    private CosineKernel cosine;
    private RowVectors triggerVectors;
    private RowVectors unitVectors;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        cosine = CosineKernels.byName(kernel);
        triggerVectors = Embeddings.random(triggers, random);
        unitVectors = Embeddings.random(units, random);
    }

    @TearDown
    public void tearDown() {
        cosine.close();
    }

    @Benchmark
    public SimilarityMatrix singlePair() {
        return cosine.cosine(triggerVectors, unitVectors);
    }
}
