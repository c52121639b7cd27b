package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The encoder output for one image chunk ({@code mtmd_get_output_embd} after {@code mtmd_encode_chunk}), copied out
 * of the mtmd context so it survives the next encode and can be decoded into any number of sequences with
 * {@link MtmdContext#decodeImage}.
 *
 * <p>Memory: off-heap, owned by an automatic arena (freed by the garbage collector once unreachable), so a cache can
 * simply drop entries.
 */
public final class ImageEmbedding {
    private final MemorySegment data;
    private final int tokens;
    private final int width;

    private ImageEmbedding(MemorySegment data, int tokens, int width) {
        this.data = data;
        this.tokens = tokens;
        this.width = width;
    }

    static ImageEmbedding copyOf(MemorySegment source, int tokens, int width) {
        long bytes = 4L * tokens * width;
        MemorySegment copy = Arena.ofAuto().allocate(bytes, 64);
        MemorySegment.copy(source.reinterpret(bytes), 0, copy, 0, bytes);
        return new ImageEmbedding(copy, tokens, width);
    }

    /** Number of embedding vectors (image positions). */
    public int tokens() {
        return tokens;
    }

    /** Length of each vector (the text model's input embedding size). */
    public int width() {
        return width;
    }

    /** Off-heap bytes held. */
    public long byteSize() {
        return data.byteSize();
    }

    /** A copy of the values, row-major {@code [tokens][width]}. */
    public float[] toArray() {
        return data.toArray(JAVA_FLOAT);
    }

    MemorySegment segment() {
        return data;
    }
}
