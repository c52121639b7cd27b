package org.eibench.kernels.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One llama.cpp sampler ({@code struct llama_sampler}) not yet in a chain.
 *
 * <p>Ownership (llama.h): "important: do not free if the sampler has been added to a llama_sampler_chain";
 * {@code llama_sampler_chain_add} "takes ownership of the sampler object and will free it when llama_sampler_free is
 * called" on the chain. So {@link SamplerChain#add} moves the native object into the chain: afterwards this object is
 * closed (use throws {@link IllegalStateException}) and its {@link #close()} frees nothing.
 */
public final class Sampler extends NativeHandle {
    private Sampler(MemorySegment pointer, String description) {
        super(pointer, description);
    }

    private static Sampler of(MemorySegment pointer, String description) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw new LlamaException("llama.cpp could not create sampler " + description + NativeLog.nativeReason());
        }
        return new Sampler(pointer, description);
    }

    /** Picks the most likely token. */
    public static Sampler greedy() {
        NativeLibraries.get();
        return of(LlamaNative.llama_sampler_init_greedy(), "greedy");
    }

    /** Samples from the distribution with its own random generator seeded by {@code seed} (unsigned 32 bit). */
    public static Sampler distribution(int seed) {
        NativeLibraries.get();
        return of(LlamaNative.llama_sampler_init_dist(seed), "dist(seed=" + Integer.toUnsignedString(seed) + ")");
    }

    /** Divides logits by the temperature ({@code t <= 0} keeps only the maximum). */
    public static Sampler temperature(float t) {
        NativeLibraries.get();
        return of(LlamaNative.llama_sampler_init_temp(t), "temp(" + t + ")");
    }

    /** Keeps the k most likely tokens ({@code k <= 0} does nothing). */
    public static Sampler topK(int k) {
        NativeLibraries.get();
        return of(LlamaNative.llama_sampler_init_top_k(k), "top_k(" + k + ")");
    }

    /** Keeps the smallest set of tokens whose probability mass reaches {@code p}, at least {@code minKeep}. */
    public static Sampler topP(float p, int minKeep) {
        if (!(p > 0f && p <= 1f)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + p);
        }
        NativeLibraries.get();
        return of(LlamaNative.llama_sampler_init_top_p(p, Math.max(1, minKeep)), "top_p(" + p + ")");
    }

    /** Keeps tokens with probability at least {@code p} times the top one. */
    public static Sampler minP(float p, int minKeep) {
        NativeLibraries.get();
        return of(LlamaNative.llama_sampler_init_min_p(p, Math.max(1, minKeep)), "min_p(" + p + ")");
    }

    /**
     * Constrains output to a GBNF grammar ({@code llama_sampler_init_grammar}).
     *
     * @param root the start symbol, usually {@code root}
     * @throws LlamaException when the grammar does not parse (the message carries llama.cpp's reason)
     */
    public static Sampler grammar(LlamaVocab vocab, String gbnf, String root) {
        try (Arena arena = Arena.ofConfined()) {
            NativeLog.clearErrors();
            MemorySegment pointer = LlamaNative.llama_sampler_init_grammar(vocab.pointer(), arena.allocateFrom(gbnf),
                    arena.allocateFrom(root));
            if (pointer.equals(MemorySegment.NULL)) {
                throw new LlamaException("GBNF grammar does not parse" + NativeLog.nativeReason() + ": "
                        + (gbnf.length() > 120 ? gbnf.substring(0, 120) + "..." : gbnf));
            }
            return new Sampler(pointer, "grammar");
        }
    }

    /** llama.cpp's name of the sampler. */
    public String name() {
        return LlamaNative.llama_sampler_name(pointer()).reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Hands the native object to a chain: this wrapper is closed afterwards and will not free it. */
    MemorySegment transferOwnership() {
        return release();
    }

    @Override
    void free(MemorySegment pointer) {
        LlamaNative.llama_sampler_free(pointer);
    }
}
