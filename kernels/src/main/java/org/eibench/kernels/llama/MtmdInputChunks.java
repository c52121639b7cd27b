package org.eibench.kernels.llama;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of {@link MtmdContext#tokenize}: text and image chunks in prompt order ({@code mtmd_input_chunks}).
 *
 * <p>Ownership (mtmd.h): freed with {@code mtmd_input_chunks_free}; each {@link MtmdInputChunk} "will be freed along
 * with mtmd_input_chunks", so a chunk obtained from {@link #get(int)} is only usable while this list is open.
 */
public final class MtmdInputChunks extends NativeHandle {
    MtmdInputChunks(MemorySegment pointer) {
        super(pointer, "mtmd input chunks");
    }

    /** Number of chunks. */
    public int size() {
        return Math.toIntExact(MtmdNative.mtmd_input_chunks_size(pointer()));
    }

    /** One chunk (a view that lives as long as this list). */
    public MtmdInputChunk get(int index) {
        int size = size();
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("chunk " + index + " of " + size);
        }
        return new MtmdInputChunk(this, MtmdNative.mtmd_input_chunks_get(pointer(), index));
    }

    /** All chunks, in order. */
    public List<MtmdInputChunk> chunks() {
        List<MtmdInputChunk> list = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            list.add(get(i));
        }
        return list;
    }

    /** Sum of the chunks' token counts (text tokens plus image embedding positions). */
    public int tokenCount() {
        return chunks().stream().mapToInt(MtmdInputChunk::tokenCount).sum();
    }

    /** Sum of the chunks' position counts (equal to the token count except for M-RoPE models). */
    public int positionCount() {
        return chunks().stream().mapToInt(MtmdInputChunk::positionCount).sum();
    }

    @Override
    void free(MemorySegment pointer) {
        MtmdNative.mtmd_input_chunks_free(pointer);
    }
}
