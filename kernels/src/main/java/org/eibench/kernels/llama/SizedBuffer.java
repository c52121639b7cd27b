package org.eibench.kernels.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/**
 * llama.cpp's size-then-retry contract, written once: a function fills a caller buffer and, when the buffer is too
 * small, reports the size it needs; the call is then repeated once with a buffer of that size.
 */
final class SizedBuffer {
    /** How a function reports "too small". */
    enum Convention {
        /** {@code llama_tokenize}, {@code llama_token_to_piece}, {@code llama_detokenize}: minus the needed count. */
        NEGATIVE_NEEDED,
        /**
         * {@code llama_chat_apply_template}, {@code llama_model_meta_val_str}, {@code llama_model_desc}: the full
         * length (snprintf style; string functions need one more byte for the terminator), -1 on failure.
         */
        FULL_LENGTH
    }

    /** A C function that writes at most {@code capacity} elements into {@code buffer}. */
    @FunctionalInterface
    interface Call {
        int call(MemorySegment buffer, int capacity);
    }

    private SizedBuffer() {
    }

    /**
     * Runs the call with a buffer of {@code initialCapacity} elements, growing it once if asked.
     *
     * @param terminator 1 when the function writes a NUL after the data (snprintf-style string functions), else 0
     * @return the buffer sliced to the written elements, or {@code null} when a FULL_LENGTH function returned a
     *     negative value (failure, e.g. a missing metadata key)
     */
    static MemorySegment fill(Arena arena, MemoryLayout element, int initialCapacity, Convention convention,
            int terminator, String what, Call call) {
        int capacity = Math.max(1, initialCapacity);
        for (int attempt = 0; attempt < 2; attempt++) {
            MemorySegment buffer = arena.allocate(element, capacity);
            int result = call.call(buffer, capacity);
            int needed;
            if (convention == Convention.NEGATIVE_NEEDED) {
                if (result == Integer.MIN_VALUE) {
                    throw new LlamaException(what + ": the result does not fit in 2^31 elements");
                }
                if (result >= 0) {
                    return buffer.asSlice(0, result * element.byteSize());
                }
                needed = -result;
            } else {
                if (result < 0) {
                    return null;
                }
                if (result + terminator <= capacity) {
                    return buffer.asSlice(0, result * element.byteSize());
                }
                needed = result + terminator;
            }
            capacity = needed;
        }
        throw new LlamaException(what + ": buffer still too small after resizing to " + capacity);
    }
}
