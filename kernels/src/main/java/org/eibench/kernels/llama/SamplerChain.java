package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;

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
