package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A token batch for {@link LlamaContext#decode} ({@code struct llama_batch} from {@code llama_batch_init}).
 *
 * <p>Ownership (llama.h): "The batch has to be freed with llama_batch_free()": {@link #close()} does that. Each token
 * may belong to up to {@code maxSequencesPerToken} sequences (tokens shared by several sequences need a context with
 * {@code kv_unified}). {@link #add} validates every field before it is written, so a bad id never reaches
 * {@code llama_decode}: the token must be in the vocabulary, each sequence id below the context's
 * {@code n_seq_max}, positions non-negative and, per sequence, consecutive within the batch.
 *
 * <p>Not thread-safe. Create one with {@link LlamaContext#newBatch(int, int)}.
 */
public final class LlamaBatch extends NativeHandle {
    private final Arena arena;
    private final MemorySegment struct;
    private final int capacity;
    private final int maxSequencesPerToken;
    private final int vocabSize;
    private final int contextSequences;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment seqCounts;
    private final MemorySegment seqIds;
    private final MemorySegment logits;
    /** Each token's seq_id array (n_seq_max ints), resolved once instead of per {@link #add}. */
    private final MemorySegment[] tokenSeqIds;
    /**
     * First and last position added per sequence id (-1: none since the last clear): the last to check that positions
     * within the batch are consecutive, the first for {@link LlamaContext#decode}'s check against the KV cache.
     */
    private final int[] firstPosition;
    private final int[] lastPosition;
    /** The sequence ids with positions in this batch, in the order they first appeared. */
    private final int[] sequencesInBatch;
    private int sequenceCount;
    private int size;

    private LlamaBatch(Arena arena, MemorySegment struct, int capacity, int maxSequencesPerToken, int vocabSize,
            int contextSequences) {
        super(struct, "llama batch of " + capacity);
        this.arena = arena;
        this.struct = struct;
        this.capacity = capacity;
        this.maxSequencesPerToken = maxSequencesPerToken;
        this.vocabSize = vocabSize;
        this.contextSequences = contextSequences;
        this.tokens = pointerField("token").reinterpret(4L * capacity);
        this.positions = pointerField("pos").reinterpret(4L * capacity);
        this.seqCounts = pointerField("n_seq_id").reinterpret(4L * capacity);
        this.seqIds = pointerField("seq_id").reinterpret(8L * capacity);
        this.logits = pointerField("logits").reinterpret(capacity);
        this.tokenSeqIds = new MemorySegment[capacity];
        for (int i = 0; i < capacity; i++) {
            tokenSeqIds[i] = seqIds.getAtIndex(Layouts.C_POINTER, i).reinterpret(4L * maxSequencesPerToken);
        }
        this.firstPosition = new int[contextSequences];
        this.lastPosition = new int[contextSequences];
        Arrays.fill(firstPosition, -1);
        Arrays.fill(lastPosition, -1);
        this.sequencesInBatch = new int[contextSequences];
    }

    static LlamaBatch allocate(int capacity, int maxSequencesPerToken, int vocabSize, int contextSequences) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("batch capacity must be positive, got " + capacity);
        }
        if (maxSequencesPerToken <= 0 || maxSequencesPerToken > contextSequences) {
            throw new IllegalArgumentException("sequences per token must be in 1.." + contextSequences + ", got "
                    + maxSequencesPerToken);
        }
        NativeLibraries.get();
        Arena arena = Arena.ofShared();
        // llama_batch_init returns the struct by value: it lives in this batch's arena and is passed back by value
        MemorySegment struct = LlamaNative.llama_batch_init(arena, capacity, 0, maxSequencesPerToken);
        return new LlamaBatch(arena, struct, capacity, maxSequencesPerToken, vocabSize, contextSequences);
    }

    private MemorySegment pointerField(String name) {
        return struct.get(Layouts.C_POINTER, Layouts.offset(Layouts.LLAMA_BATCH, name));
    }

    /**
     * Appends one token.
     *
     * @param token token id, in {@code [0, vocabulary size)}
     * @param position its position in each of its sequences
     * @param output whether logits are wanted for it
     * @param sequenceIds the sequences it belongs to (one or more, each below the context's n_seq_max)
     * @return when {@code output} is true, this token's index in the batch: the index that
     *     {@link LlamaContext#logits(int)} and {@link SamplerChain#sample} take after the decode; else -1
     */
    public int add(int token, int position, boolean output, int... sequenceIds) {
        pointer();
        if (size == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + " tokens); decode it or make a larger one");
        }
        if (token < 0 || token >= vocabSize) {
            throw new IllegalArgumentException("token id " + token + " is outside the vocabulary [0, " + vocabSize
                    + ")");
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must be non-negative, got " + position);
        }
        if (sequenceIds.length == 0 || sequenceIds.length > maxSequencesPerToken) {
            throw new IllegalArgumentException("a token needs 1.." + maxSequencesPerToken + " sequence ids, got "
                    + sequenceIds.length);
        }
        for (int seq : sequenceIds) {
            if (seq < 0 || seq >= contextSequences) {
                throw new IllegalArgumentException("sequence id " + seq + " is outside [0, " + contextSequences
                        + ") of this context (n_seq_max)");
            }
            int last = lastPosition[seq];
            if (last >= 0 && position != last + 1) {
                throw new IllegalArgumentException("sequence " + seq + " gets position " + position + " after "
                        + last + " in the same batch; positions must be consecutive");
            }
        }
        for (int seq : sequenceIds) {
            if (lastPosition[seq] < 0) {
                firstPosition[seq] = position;
                sequencesInBatch[sequenceCount++] = seq;
            }
            lastPosition[seq] = position;
        }
        tokens.setAtIndex(JAVA_INT, size, token);
        positions.setAtIndex(JAVA_INT, size, position);
        seqCounts.setAtIndex(JAVA_INT, size, sequenceIds.length);
        MemorySegment ids = tokenSeqIds[size];
        for (int i = 0; i < sequenceIds.length; i++) {
            ids.setAtIndex(JAVA_INT, i, sequenceIds[i]);
        }
        logits.set(JAVA_BYTE, size, (byte) (output ? 1 : 0));
        int index = size++;
        struct.set(JAVA_INT, 0, size);
        return output ? index : -1;
    }

    /** Empties the batch (the native buffers are reused). */
    public void clear() {
        pointer();
        size = 0;
        for (int i = 0; i < sequenceCount; i++) {
            firstPosition[sequencesInBatch[i]] = -1;
            lastPosition[sequencesInBatch[i]] = -1;
        }
        sequenceCount = 0;
        struct.set(JAVA_INT, 0, 0);
    }

    /** Tokens added since the last {@link #clear()}. */
    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Number of distinct sequences with tokens in this batch; {@link #sequenceAt} lists them. */
    int sequenceCount() {
        return sequenceCount;
    }

    /** The {@code i}-th distinct sequence id of this batch, in order of first appearance. */
    int sequenceAt(int i) {
        return sequencesInBatch[i];
    }

    /** The first position of sequence {@code seq} in this batch (checked against the KV cache by the context). */
    int firstPosition(int seq) {
        return firstPosition[seq];
    }

    /** The by-value struct to pass to {@code llama_decode}. */
    MemorySegment struct() {
        pointer();
        return struct;
    }

    @Override
    void free(MemorySegment pointer) {
        LlamaNative.llama_batch_free(struct);
        arena.close();
    }
}
