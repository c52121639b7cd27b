package org.eibench.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eibench.kernels.llama.LlamaBatch;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.kernels.llama.LlamaModel;
import org.eibench.kernels.llama.LlamaVocab;
import org.eibench.kernels.llama.Sampler;
import org.eibench.kernels.llama.SamplerChain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-token cost of a greedy decode loop through the FFM wrappers on the tiny LLaVA fixture (text only, one
 * sequence), split into the Java-side pieces of a step and the whole step.
 *
 * <p>{@link #decodeStep} is what the generator does per token: fill the batch, {@code llama_decode}, sample, turn
 * the token into its text piece. The other benchmarks time one piece each against the last decode's logits;
 * the native decode is the step minus those pieces. The tiny model (hidden 256, 2 layers, vocabulary 1024) makes
 * the native part as small as it gets, so the Java share here is an upper bound for real models.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmark {
    /** Tokens generated per {@link #decodeStep} invocation, after which the KV cache is cut back to the prompt. */
    public static final int STEPS = 64;
    private static final String PROMPT = "USER: What might have caused the woman to become agitated?\nASSISTANT:";

    /** llama.cpp threads for the decode; 1 keeps a shared 2-core machine steady. */
    @Param({"1"})
    public int threads;

    private LlamaModel model;
    private LlamaContext context;
    private LlamaVocab vocab;
    private LlamaBatch batch;
    private SamplerChain sampler;
    private int promptLength;
    private int firstToken;
    private int lastOutput;
    private int lastToken;

    @Setup
    public void loadModel() {
        model = LlamaModel.load(tinyModel(), LlamaModel.Params.defaults());
        context = LlamaContext.create(model, LlamaContext.Params.defaults().withContextSize(512).withBatchSize(128)
                .withThreads(threads));
        vocab = model.vocab();
        batch = context.newBatch(128, 1);
        sampler = SamplerChain.create().add(Sampler.greedy());
        int[] prompt = vocab.tokenize(PROMPT, true, true);
        promptLength = prompt.length;
        for (int i = 0; i < prompt.length; i++) {
            lastOutput = batch.add(prompt[i], i, i == prompt.length - 1, 0);
        }
        context.decodeOrThrow(batch, "the benchmark prompt");
        firstToken = sampler.sample(context, lastOutput);
        lastToken = firstToken;
    }

    @TearDown
    public void close() {
        sampler.close();
        batch.close();
        context.close();
        model.close();
    }

    /**
     * One whole greedy step per token: batch fill, llama_decode, sample, token piece. Each invocation first cuts the
     * KV cache back to the prompt (one llama_memory_seq_rm per 64 steps), so every invocation decodes the same
     * positions.
     */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public int decodeStep() {
        context.seqRemove(0, promptLength, -1);
        lastToken = firstToken;
        int pieces = 0;
        for (int i = 0; i < STEPS; i++) {
            batch.clear();
            lastOutput = batch.add(lastToken, promptLength + i, true, 0);
            context.decodeOrThrow(batch, "decode step " + i);
            lastToken = sampler.sample(context, lastOutput);
            pieces += vocab.tokenToPiece(lastToken, false).length;
        }
        return pieces;
    }

    /** Java side: clear the batch and add one token (writes into the native llama_batch). */
    @Benchmark
    public int batchFill() {
        batch.clear();
        return batch.add(firstToken, promptLength, true, 0);
    }

    /** Sampler call through FFM (greedy over the vocabulary) on the last decode's logits. */
    @Benchmark
    public int sample() {
        return sampler.sample(context, lastOutput);
    }

    /** Copying one logits row (vocabulary 1024 floats) into a Java array, as parity traces do. */
    @Benchmark
    public float[] logitsRead() {
        return context.logits(lastOutput);
    }

    /** Token id to its text bytes (llama_token_to_piece with a confined arena). */
    @Benchmark
    public byte[] tokenPiece() {
        return vocab.tokenToPiece(firstToken, false);
    }

    static Path tinyModel() {
        String repo = System.getProperty("eibench.repo.dir", Path.of("").toAbsolutePath().toString());
        Path file = Path.of(repo, "data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the tiny model is missing at " + file + "; set -Deibench.repo.dir to the"
                    + " repository root (run-jmh.sh does)");
        }
        return file;
    }
}
