package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import com.sun.management.OperatingSystemMXBean;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * An inference context over a {@link LlamaModel} ({@code struct llama_context}): the KV cache of up to
 * {@code n_seq_max} sequences, the compute buffers and the logits of the last decode.
 *
 * <p>Ownership (llama.h): freed with {@code llama_free} ("Frees all allocated memory") before its model; the model
 * closes still-open contexts when it is closed. Not thread-safe: one thread drives a context at a time.
 */
public final class LlamaContext extends NativeHandle {
    /** llama.cpp's {@code LLAMA_MAX_SEQ} (src/llama-cparams.h): more sequences make context creation fail. */
    public static final int MAX_SEQUENCES = 256;
    /** What to change when a context does not fit, in the words of the command line. */
    static final String FIX = "use a smaller context (--ctx) or fewer parallel sequences (--parallel)";
    private static final double GIB = 1L << 30;

    /** {@code enum llama_flash_attn_type}. */
    public enum FlashAttention {
        AUTO(-1), DISABLED(0), ENABLED(1);

        final int code;

        FlashAttention(int code) {
            this.code = code;
        }
    }

    /**
     * Context settings; 0 keeps llama.cpp's default for that field ({@code llama_context_default_params()}).
     *
     * @param contextSize total KV cells over all sequences ({@code n_ctx}; 0 = the model's trained length)
     * @param batchSize most tokens one {@link #decode} call may carry ({@code n_batch})
     * @param microBatchSize physical batch ({@code n_ubatch})
     * @param sequences how many sequences the cache holds ({@code n_seq_max})
     * @param threads generation threads (0 = llama.cpp default)
     * @param batchThreads prompt-processing threads (0 = same as threads)
     * @param flashAttention flash attention mode
     * @param kvUnified one KV buffer shared by all sequences: needed for tokens that belong to several sequences
     *     and for {@link #seqCopy} prefix sharing
     */
    public record Params(int contextSize, int batchSize, int microBatchSize, int sequences, int threads,
            int batchThreads, FlashAttention flashAttention, boolean kvUnified) {
        public Params {
            if (contextSize < 0 || batchSize < 0 || microBatchSize < 0 || sequences < 0 || threads < 0
                    || batchThreads < 0) {
                throw new IllegalArgumentException("context sizes and thread counts must not be negative");
            }
            if (sequences > MAX_SEQUENCES) {
                throw new IllegalArgumentException(sequences + " parallel sequences asked for; llama.cpp holds at most "
                        + MAX_SEQUENCES + " in one context (LLAMA_MAX_SEQ): use fewer parallel sequences (--parallel)");
            }
            if (contextSize > 0 && contextSize < Math.max(1, sequences)) {
                throw new IllegalArgumentException("a context of " + contextSize + " cells cannot hold " + sequences
                        + " sequences (each needs at least one cell): " + FIX);
            }
        }

        /** llama.cpp's defaults: n_ctx 512... except context size 0 here means "from the model". */
        public static Params defaults() {
            return new Params(0, 0, 0, 1, 0, 0, FlashAttention.AUTO, false);
        }

        public Params withContextSize(int n) {
            return new Params(n, batchSize, microBatchSize, sequences, threads, batchThreads, flashAttention,
                    kvUnified);
        }

        public Params withBatchSize(int n) {
            return new Params(contextSize, n, microBatchSize, sequences, threads, batchThreads, flashAttention,
                    kvUnified);
        }

        public Params withMicroBatchSize(int n) {
            return new Params(contextSize, batchSize, n, sequences, threads, batchThreads, flashAttention, kvUnified);
        }

        public Params withSequences(int n) {
            return new Params(contextSize, batchSize, microBatchSize, n, threads, batchThreads, flashAttention,
                    kvUnified);
        }

        public Params withThreads(int n) {
            return new Params(contextSize, batchSize, microBatchSize, sequences, n, n, flashAttention, kvUnified);
        }

        public Params withFlashAttention(FlashAttention mode) {
            return new Params(contextSize, batchSize, microBatchSize, sequences, threads, batchThreads, mode,
                    kvUnified);
        }

        public Params withKvUnified(boolean unified) {
            return new Params(contextSize, batchSize, microBatchSize, sequences, threads, batchThreads,
                    flashAttention, unified);
        }
    }

    private final LlamaModel model;
    private final MemorySegment memory;
    private final int vocabSize;
    private final int sequences;
    private final int batchSize;
    private final boolean kvUnified;
    private int lastDecodeCode;

    private LlamaContext(MemorySegment pointer, LlamaModel model, boolean kvUnified) {
        super(pointer, "llama context on " + model.file().getFileName());
        this.model = model;
        this.memory = LlamaNative.llama_get_memory(pointer);
        this.vocabSize = model.vocab().size();
        this.sequences = LlamaNative.llama_n_seq_max(pointer);
        this.batchSize = LlamaNative.llama_n_batch(pointer);
        this.kvUnified = kvUnified;
    }

    /**
     * Creates a context ({@code llama_init_from_model}), starting from {@code llama_context_default_params()}.
     *
     * @throws LlamaException when llama.cpp refuses (e.g. out of memory for the KV cache)
     */
    public static LlamaContext create(LlamaModel model, Params params) {
        MemorySegment modelPointer = model.pointer();
        requireKvCacheFitsInMemory(model, params);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = LlamaNative.llama_context_default_params(arena);
            setIfPositive(p, "n_ctx", params.contextSize());
            setIfPositive(p, "n_batch", params.batchSize());
            setIfPositive(p, "n_ubatch", params.microBatchSize());
            setIfPositive(p, "n_seq_max", params.sequences());
            setIfPositive(p, "n_threads", params.threads());
            setIfPositive(p, "n_threads_batch", params.batchThreads() > 0 ? params.batchThreads() : params.threads());
            p.set(JAVA_INT, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "flash_attn_type"),
                    params.flashAttention().code);
            p.set(JAVA_BOOLEAN, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "kv_unified"), params.kvUnified());
            p.set(JAVA_BOOLEAN, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "no_perf"), true);
            NativeLog.clearErrors();
            MemorySegment context = LlamaNative.llama_init_from_model(modelPointer, p);
            if (context.equals(MemorySegment.NULL)) {
                throw new LlamaException("llama.cpp could not create a context for " + model.file() + " with "
                        + params + NativeLog.nativeReason() + "; if memory ran out, " + FIX);
            }
            LlamaContext created = new LlamaContext(context, model, params.kvUnified());
            model.register(created);
            return created;
        }
    }

    /**
     * Refuses a context whose KV cache alone (f16 keys and values, every layer) would exceed this machine's physical
     * memory: llama.cpp would try to allocate it and, depending on the allocator and overcommit, fail late or get the
     * process killed instead of returning an error.
     */
    static void requireKvCacheFitsInMemory(LlamaModel model, Params params) {
        long cells = params.contextSize() > 0 ? params.contextSize() : model.trainedContextSize();
        long needed = cells * model.kvBytesPerCell();
        long physical = physicalMemoryBytes();
        if (physical > 0 && needed > physical) {
            throw new LlamaException(String.format(Locale.ROOT, "a context of %d cells for %d sequence(s)"
                    + " of %s needs about %.1f GiB of KV cache, more than this machine's %.1f GiB of memory: %s",
                    cells, Math.max(1, params.sequences()), model.file().getFileName(), needed / GIB, physical / GIB,
                    FIX));
        }
    }

    /** Keys and values of one cell in f16 over all layers, from the GGUF head counts (an upper bound). */
    private static long physicalMemoryBytes() {
        return ManagementFactory.getOperatingSystemMXBean()
                instanceof OperatingSystemMXBean os ? os.getTotalMemorySize() : -1;
    }

    private static void setIfPositive(MemorySegment params, String field, int value) {
        if (value > 0) {
            params.set(JAVA_INT, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, field), value);
        }
    }

    /** Reads back the defaults llama.cpp would use (for tests and for documentation of the binding). */
    static MemorySegment defaultParams(Arena arena) {
        NativeLibraries.get();
        return LlamaNative.llama_context_default_params(arena);
    }

    public LlamaModel model() {
        return model;
    }

    /** Total KV cells ({@code llama_n_ctx}). */
    public int contextSize() {
        return LlamaNative.llama_n_ctx(pointer());
    }

    /** KV cells available to one sequence ({@code llama_n_ctx_seq}). */
    public int contextSizePerSequence() {
        return LlamaNative.llama_n_ctx_seq(pointer());
    }

    /** Most tokens per {@link #decode} call ({@code llama_n_batch}). */
    public int batchSize() {
        pointer();
        return batchSize;
    }

    public int microBatchSize() {
        return LlamaNative.llama_n_ubatch(pointer());
    }

    /** Whether all sequences share one KV buffer ({@link Params#kvUnified()}), so that {@link #seqCopy} may be partial. */
    public boolean kvUnified() {
        return kvUnified;
    }

    /** Number of sequences ({@code llama_n_seq_max}); valid sequence ids are {@code [0, maxSequences())}. */
    public int maxSequences() {
        pointer();
        return sequences;
    }

    public int threads() {
        return LlamaNative.llama_n_threads(pointer());
    }

    public void setThreads(int threads, int batchThreads) {
        if (threads <= 0 || batchThreads <= 0) {
            throw new IllegalArgumentException("thread counts must be positive");
        }
        LlamaNative.llama_set_n_threads(pointer(), threads, batchThreads);
    }

    /**
     * A batch whose {@link LlamaBatch#add} checks tokens and sequence ids against this context.
     *
     * @param capacity most tokens; at most {@link #batchSize()}
     * @param sequencesPerToken most sequence ids one token can carry
     */
    public LlamaBatch newBatch(int capacity, int sequencesPerToken) {
        pointer();
        if (capacity > batchSize) {
            throw new IllegalArgumentException("batch capacity " + capacity + " exceeds the context's n_batch "
                    + batchSize);
        }
        return LlamaBatch.allocate(capacity, sequencesPerToken, vocabSize, sequences);
    }

    /**
     * Runs the model on a batch ({@code llama_decode}) after checking it: not empty, and each sequence's first
     * position continues that sequence in the KV cache (so positions are consistent).
     *
     * @return the typed outcome; see {@link DecodeStatus}
     * @throws IllegalArgumentException for an empty batch or positions that do not continue the cache
     */
    public DecodeStatus decode(LlamaBatch batch) {
        MemorySegment context = pointer();
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("cannot decode an empty batch");
        }
        for (int i = 0; i < batch.sequenceCount(); i++) {
            int seq = batch.sequenceAt(i);
            int next = seqPosMax(seq) + 1;
            if (batch.firstPosition(seq) > next) {
                throw new IllegalArgumentException("sequence " + seq + " continues at position "
                        + batch.firstPosition(seq) + " but its KV cache ends at " + (next - 1));
            }
        }
        NativeLog.clearErrors();
        lastDecodeCode = LlamaNative.llama_decode(context, batch.struct());
        return DecodeStatus.of(lastDecodeCode);
    }

    /** {@link #decode} that throws {@link DecodeException} unless the outcome is OK. */
    public void decodeOrThrow(LlamaBatch batch, String what) {
        DecodeStatus status = decode(batch);
        if (status != DecodeStatus.OK) {
            throw new DecodeException(status, lastDecodeCode, what + NativeLog.nativeReason());
        }
    }

    /**
     * A copy of the logits of one token of the last decode ({@code llama_get_logits_ith}).
     *
     * @param outputIndex the batch index {@link LlamaBatch#add} returned for a token with output requested, or -1
     *     for the last output
     */
    public float[] logits(int outputIndex) {
        MemorySegment row = LlamaNative.llama_get_logits_ith(pointer(), outputIndex);
        if (row.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("no logits for output " + outputIndex + " of the last decode");
        }
        return row.reinterpret(4L * vocabSize).toArray(JAVA_FLOAT);
    }

    // ---- llama_memory (KV cache) of this context

    /** Clears the whole KV cache ({@code llama_memory_clear}, data buffers too). */
    public void memoryClear() {
        LlamaNative.llama_memory_clear(live(), true);
    }

    /**
     * Removes a sequence's cells with positions in {@code [p0, p1)} ({@code llama_memory_seq_rm}); negative bounds
     * are open. Removing a whole sequence never fails.
     *
     * @return false if a partial range cannot be removed
     */
    public boolean seqRemove(int seq, int p0, int p1) {
        requireSequence(seq, true);
        return LlamaNative.llama_memory_seq_rm(live(), seq, p0, p1);
    }

    /**
     * Copies a sequence's cells in {@code [p0, p1)} to another sequence ({@code llama_memory_seq_cp}); negative
     * bounds are open.
     *
     * <p>Without {@link Params#kvUnified()} each sequence is its own KV stream, and llama.cpp copies between streams
     * only whole: it replaces the target's cells with all of the source's and copies the stream's buffers (every
     * layer) at the start of the next decode; a partial range would abort the process ({@code GGML_ASSERT} in
     * {@code llama_kv_cache::seq_cp}), so it is refused here. Copy whole, then {@link #seqRemove} the tail. With a
     * unified cache the copy only tags the cells with the target too (no data is copied).
     *
     * @throws IllegalArgumentException for a partial range between two sequences of a non-unified cache
     */
    public void seqCopy(int source, int target, int p0, int p1) {
        requireSequence(source, false);
        requireSequence(target, false);
        if (!kvUnified && sequences > 1 && source != target && (p0 > 0 || p1 > 0)) {
            throw new IllegalArgumentException("sequences " + source + " and " + target + " are separate KV streams"
                    + " (kv_unified off): llama.cpp copies only whole sequences between them, not [" + p0 + ", " + p1
                    + "); copy with p0 = p1 = -1 and remove the tail with seqRemove");
        }
        LlamaNative.llama_memory_seq_cp(live(), source, target, p0, p1);
    }

    /** Removes every cell that does not belong to the sequence ({@code llama_memory_seq_keep}). */
    public void seqKeep(int seq) {
        requireSequence(seq, false);
        LlamaNative.llama_memory_seq_keep(live(), seq);
    }

    /** Largest cached position of a sequence, -1 when empty ({@code llama_memory_seq_pos_max}). */
    public int seqPosMax(int seq) {
        requireSequence(seq, false);
        return LlamaNative.llama_memory_seq_pos_max(live(), seq);
    }

    /** Smallest cached position of a sequence, -1 when empty ({@code llama_memory_seq_pos_min}). */
    public int seqPosMin(int seq) {
        requireSequence(seq, false);
        return LlamaNative.llama_memory_seq_pos_min(live(), seq);
    }

    private MemorySegment live() {
        pointer();
        return memory;
    }

    private void requireSequence(int seq, boolean allowAny) {
        if ((allowAny && seq == -1) || (seq >= 0 && seq < sequences)) {
            return;
        }
        throw new IllegalArgumentException("sequence id " + seq + " is outside [0, " + sequences
                + ") of this context");
    }

    @Override
    public void close() {
        model.unregister(this);
        super.close();
    }

    @Override
    void free(MemorySegment pointer) {
        LlamaNative.llama_free(pointer);
    }
}
