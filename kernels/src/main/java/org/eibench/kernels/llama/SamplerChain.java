package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A sampler chain ({@code llama_sampler_chain_init}): samplers applied in order, the last one selecting the token.
 *
 * <p>Ownership (llama.h): the chain owns every sampler added to it and frees them with itself
 * ({@code llama_sampler_free} on the chain), so {@link #add(Sampler)} moves the sampler in and closes its wrapper.
 * Not thread-safe: each sequence gets its own chain (samplers carry state: RNG, grammar position).
 */
public final class SamplerChain extends NativeHandle {
    private final List<String> names = new ArrayList<>();

    private SamplerChain(MemorySegment pointer) {
        super(pointer, "sampler chain");
    }

    /** An empty chain with performance counters off. */
    public static SamplerChain create() {
        NativeLibraries.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = LlamaNative.llama_sampler_chain_default_params(arena);
            params.set(JAVA_BOOLEAN, 0, true); // no_perf
            MemorySegment chain = LlamaNative.llama_sampler_chain_init(params);
            if (chain.equals(MemorySegment.NULL)) {
                throw new LlamaException("llama_sampler_chain_init failed");
            }
            return new SamplerChain(chain);
        }
    }

    /**
     * Appends a sampler; the chain takes ownership and {@code sampler} is closed afterwards.
     *
     * @return this chain
     */
    public SamplerChain add(Sampler sampler) {
        MemorySegment chain = pointer();
        String name = sampler.name();
        LlamaNative.llama_sampler_chain_add(chain, sampler.transferOwnership());
        names.add(name);
        return this;
    }

    /** Number of samplers in the chain. */
    public int size() {
        return LlamaNative.llama_sampler_chain_n(pointer());
    }

    /** Names of the samplers, in order. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /**
     * Samples a token from one output of the context's last decode and accepts it into the chain's state
     * ({@code llama_sampler_sample}).
     *
     * @param outputIndex the batch index {@link LlamaBatch#add} returned for a token with output requested (or -1
     *     for the last output)
     */
    public int sample(LlamaContext context, int outputIndex) {
        MemorySegment ctx = context.pointer();
        // llama_sampler_sample asserts (aborts the JVM) when the index has no logits; llama_get_logits_ith checks
        if (outputIndex < -1 || LlamaNative.llama_get_logits_ith(ctx, outputIndex).equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("no logits for batch index " + outputIndex + " in the last decode");
        }
        return LlamaNative.llama_sampler_sample(pointer(), ctx, outputIndex);
    }

    /**
     * What the chain kept of a logit vector and which token it drew.
     *
     * @param tokens the surviving candidates' token ids, in the order the samplers left them
     * @param probabilities each survivor's probability as the last sampler computed it
     * @param selected the drawn token id, or -1 when the chain selected none
     */
    public record Candidates(int[] tokens, float[] probabilities, int selected) {}

    /**
     * Runs the chain on {@code logits} (token id = index), as {@link #sample} does on a decode's output, without
     * {@code accept}: for checking what the chain computes on a known vector. Advances the random generator.
     */
    public Candidates apply(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no logits to sample from"); // llama.cpp asserts on an empty array
        }
        try (Arena arena = Arena.ofConfined()) {
            long stride = Layouts.LLAMA_TOKEN_DATA.byteSize();
            long logitAt = Layouts.offset(Layouts.LLAMA_TOKEN_DATA, "logit");
            long pAt = Layouts.offset(Layouts.LLAMA_TOKEN_DATA, "p");
            MemorySegment data = arena.allocate(Layouts.LLAMA_TOKEN_DATA, logits.length);
            for (int i = 0; i < logits.length; i++) {
                data.set(JAVA_INT, i * stride, i);
                data.set(JAVA_FLOAT, i * stride + logitAt, logits[i]);
            }
            MemorySegment array = arena.allocate(Layouts.LLAMA_TOKEN_DATA_ARRAY);
            array.set(Layouts.C_POINTER, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "data"), data);
            array.set(Layouts.C_SIZE_T, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "size"), logits.length);
            array.set(JAVA_LONG, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "selected"), -1L);
            array.set(JAVA_BOOLEAN, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "sorted"), false);
            LlamaNative.llama_sampler_apply(pointer(), array);
            // samplers may point data elsewhere (top-p's sort buffer) and shrink size: read what they left
            long size = array.get(Layouts.C_SIZE_T, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "size"));
            MemorySegment kept = array.get(Layouts.C_POINTER, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "data"))
                    .reinterpret(size * stride);
            long selected = array.get(JAVA_LONG, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "selected"));
            int[] tokens = new int[(int) size];
            float[] probabilities = new float[(int) size];
            for (int i = 0; i < size; i++) {
                tokens[i] = kept.get(JAVA_INT, i * stride);
                probabilities[i] = kept.get(JAVA_FLOAT, i * stride + pAt);
            }
            return new Candidates(tokens, probabilities, selected < 0 || selected >= size ? -1
                    : tokens[(int) selected]);
        }
    }

    /** Tells stateful samplers (grammar, penalties) about a token chosen elsewhere. */
    public void accept(int token) {
        LlamaNative.llama_sampler_accept(pointer(), token);
    }

    /** Resets sampler state (grammar position, RNG is kept). */
    public void reset() {
        LlamaNative.llama_sampler_reset(pointer());
    }

    @Override
    void free(MemorySegment pointer) {
        LlamaNative.llama_sampler_free(pointer);
    }
}
