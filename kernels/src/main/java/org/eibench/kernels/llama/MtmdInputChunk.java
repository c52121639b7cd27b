package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One chunk of a tokenized multimodal prompt ({@code mtmd_input_chunk}): text tokens, or the placeholder for one
 * image's embedding positions.
 *
 * <p>Ownership (mtmd.h): "it will be freed along with mtmd_input_chunks"; this view checks that its list is open.
 */
public final class MtmdInputChunk {
    /** {@code enum mtmd_input_chunk_type}. */
    public enum Type { TEXT, IMAGE, AUDIO }

    private final MtmdInputChunks owner;
    private final MemorySegment chunk;

    MtmdInputChunk(MtmdInputChunks owner, MemorySegment chunk) {
        this.owner = owner;
        this.chunk = chunk;
    }

    MemorySegment pointer() {
        owner.pointer();
        return chunk;
    }

    public Type type() {
        int code = MtmdNative.mtmd_input_chunk_get_type(pointer());
        return switch (code) {
            case 0 -> Type.TEXT;
            case 1 -> Type.IMAGE;
            case 2 -> Type.AUDIO;
            default -> throw new LlamaException("unknown mtmd chunk type " + code);
        };
    }

    /** Tokens in the chunk: text tokens, or the number of image embeddings. */
    public int tokenCount() {
        return Math.toIntExact(MtmdNative.mtmd_input_chunk_get_n_tokens(pointer()));
    }

    /** Positions the chunk occupies in the sequence (equals {@link #tokenCount()} except for M-RoPE). */
    public int positionCount() {
        return MtmdNative.mtmd_input_chunk_get_n_pos(pointer());
    }

    /** The text token ids of a TEXT chunk. */
    public int[] textTokens() {
        if (type() != Type.TEXT) {
            throw new IllegalStateException("chunk is " + type() + ", not TEXT");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_LONG);
            MemorySegment tokens = MtmdNative.mtmd_input_chunk_get_tokens_text(pointer(), count);
            long n = count.get(JAVA_LONG, 0);
            return n == 0 ? new int[0] : tokens.reinterpret(4 * n).toArray(JAVA_INT);
        }
    }

    /** The id of a media chunk (the bitmap's SHA-256 for helper-made bitmaps), or "" for text. */
    public String id() {
        MemorySegment id = MtmdNative.mtmd_input_chunk_get_id(pointer());
        return id.equals(MemorySegment.NULL) ? "" : id.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
