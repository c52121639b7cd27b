package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.eibench.kernels.llama.Layouts.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into libmtmd ({@code tools/mtmd/mtmd.h} and the helper functions of {@code mtmd-helper.h}), one static
 * method per C function, named exactly like the symbol. No validation happens here: callers are the wrapper classes
 * of this package. Functions returning a struct by value take a {@link SegmentAllocator} first.
 */
final class MtmdNative {
    private MtmdNative() {
    }

    /** The downcall handles, resolved when first used (after the libraries are loaded). */
    private static final class H {
        static final MethodHandle mtmd_context_params_default = downcall("mtmd_context_params_default", FunctionDescriptor.of(Layouts.MTMD_CONTEXT_PARAMS));
        static final MethodHandle mtmd_default_marker = downcall("mtmd_default_marker", FunctionDescriptor.of(C_POINTER));
        static final MethodHandle mtmd_init_from_file = downcall("mtmd_init_from_file", FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, Layouts.MTMD_CONTEXT_PARAMS));
        static final MethodHandle mtmd_free = downcall("mtmd_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle mtmd_support_vision = downcall("mtmd_support_vision", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER));
        static final MethodHandle mtmd_decode_use_mrope = downcall("mtmd_decode_use_mrope", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER));
        static final MethodHandle mtmd_decode_use_non_causal = downcall("mtmd_decode_use_non_causal", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER, C_POINTER));
        static final MethodHandle mtmd_helper_log_set = downcall("mtmd_helper_log_set", FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
        static final MethodHandle mtmd_helper_init_opt_default = downcall("mtmd_helper_init_opt_default", FunctionDescriptor.of(Layouts.MTMD_HELPER_INIT_OPT));
        static final MethodHandle mtmd_helper_bitmap_init_from_file = downcall("mtmd_helper_bitmap_init_from_file", FunctionDescriptor.of(Layouts.MTMD_HELPER_BITMAP_WRAPPER, C_POINTER, C_POINTER, JAVA_BOOLEAN, Layouts.MTMD_HELPER_INIT_OPT));
        static final MethodHandle mtmd_helper_bitmap_init_from_buf = downcall("mtmd_helper_bitmap_init_from_buf", FunctionDescriptor.of(Layouts.MTMD_HELPER_BITMAP_WRAPPER, C_POINTER, C_POINTER, JAVA_LONG, JAVA_BOOLEAN, Layouts.MTMD_HELPER_INIT_OPT));
        static final MethodHandle mtmd_helper_video_free = downcall("mtmd_helper_video_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle mtmd_bitmap_get_nx = downcall("mtmd_bitmap_get_nx", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle mtmd_bitmap_get_ny = downcall("mtmd_bitmap_get_ny", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle mtmd_bitmap_get_id = downcall("mtmd_bitmap_get_id", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle mtmd_bitmap_free = downcall("mtmd_bitmap_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle mtmd_input_chunks_init = downcall("mtmd_input_chunks_init", FunctionDescriptor.of(C_POINTER));
        static final MethodHandle mtmd_input_chunks_size = downcall("mtmd_input_chunks_size", FunctionDescriptor.of(JAVA_LONG, C_POINTER));
        static final MethodHandle mtmd_input_chunks_get = downcall("mtmd_input_chunks_get", FunctionDescriptor.of(C_POINTER, C_POINTER, JAVA_LONG));
        static final MethodHandle mtmd_input_chunks_free = downcall("mtmd_input_chunks_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle mtmd_input_chunk_get_type = downcall("mtmd_input_chunk_get_type", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle mtmd_input_chunk_get_tokens_text = downcall("mtmd_input_chunk_get_tokens_text", FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
        static final MethodHandle mtmd_input_chunk_get_n_tokens = downcall("mtmd_input_chunk_get_n_tokens", FunctionDescriptor.of(JAVA_LONG, C_POINTER));
        static final MethodHandle mtmd_input_chunk_get_n_pos = downcall("mtmd_input_chunk_get_n_pos", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle mtmd_input_chunk_get_id = downcall("mtmd_input_chunk_get_id", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle mtmd_input_chunk_copy = downcall("mtmd_input_chunk_copy", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle mtmd_input_chunk_free = downcall("mtmd_input_chunk_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle mtmd_tokenize = downcall("mtmd_tokenize", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, JAVA_LONG));
        static final MethodHandle mtmd_encode_chunk = downcall("mtmd_encode_chunk", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER));
        static final MethodHandle mtmd_get_output_embd = downcall("mtmd_get_output_embd", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle mtmd_batch_init = downcall("mtmd_batch_init", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle mtmd_batch_free = downcall("mtmd_batch_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle mtmd_batch_add_chunk = downcall("mtmd_batch_add_chunk", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER));
        static final MethodHandle mtmd_batch_encode = downcall("mtmd_batch_encode", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle mtmd_batch_get_output_embd = downcall("mtmd_batch_get_output_embd", FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
        static final MethodHandle mtmd_helper_decode_image_chunk = downcall("mtmd_helper_decode_image_chunk", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, JAVA_INT, JAVA_INT, JAVA_INT, C_POINTER, C_POINTER, C_POINTER));
        static final MethodHandle mtmd_helper_eval_chunks = downcall("mtmd_helper_eval_chunks", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, C_POINTER, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_BOOLEAN, C_POINTER));

        private static MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
            return Linker.nativeLinker().downcallHandle(NativeLibraries.loaded().require(symbol), descriptor);
        }
    }

    private static RuntimeException rethrow(String symbol, Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call " + symbol + " failed", t);
    }

    // ---- context
    static MemorySegment mtmd_context_params_default(SegmentAllocator allocator) {
        try {
            return (MemorySegment) H.mtmd_context_params_default.invokeExact(allocator);
        } catch (Throwable failure) {
            throw rethrow("mtmd_context_params_default", failure);
        }
    }

    static MemorySegment mtmd_default_marker() {
        try {
            return (MemorySegment) H.mtmd_default_marker.invokeExact();
        } catch (Throwable failure) {
            throw rethrow("mtmd_default_marker", failure);
        }
    }

    static MemorySegment mtmd_init_from_file(MemorySegment mmproj_fname, MemorySegment text_model, MemorySegment ctx_params) {
        try {
            return (MemorySegment) H.mtmd_init_from_file.invokeExact(mmproj_fname, text_model, ctx_params);
        } catch (Throwable failure) {
            throw rethrow("mtmd_init_from_file", failure);
        }
    }

    static void mtmd_free(MemorySegment ctx) {
        try {
            H.mtmd_free.invokeExact(ctx);
        } catch (Throwable failure) {
            throw rethrow("mtmd_free", failure);
        }
    }

    static boolean mtmd_support_vision(MemorySegment ctx) {
        try {
            return (boolean) H.mtmd_support_vision.invokeExact(ctx);
        } catch (Throwable failure) {
            throw rethrow("mtmd_support_vision", failure);
        }
    }

    static boolean mtmd_decode_use_mrope(MemorySegment ctx) {
        try {
            return (boolean) H.mtmd_decode_use_mrope.invokeExact(ctx);
        } catch (Throwable failure) {
            throw rethrow("mtmd_decode_use_mrope", failure);
        }
    }

    static boolean mtmd_decode_use_non_causal(MemorySegment ctx, MemorySegment chunk) {
        try {
            return (boolean) H.mtmd_decode_use_non_causal.invokeExact(ctx, chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_decode_use_non_causal", failure);
        }
    }

    static void mtmd_helper_log_set(MemorySegment callback, MemorySegment user_data) {
        try {
            H.mtmd_helper_log_set.invokeExact(callback, user_data);
        } catch (Throwable failure) {
            throw rethrow("mtmd_helper_log_set", failure);
        }
    }

    // ---- bitmaps
    static MemorySegment mtmd_helper_init_opt_default(SegmentAllocator allocator) {
        try {
            return (MemorySegment) H.mtmd_helper_init_opt_default.invokeExact(allocator);
        } catch (Throwable failure) {
            throw rethrow("mtmd_helper_init_opt_default", failure);
        }
    }

    static MemorySegment mtmd_helper_bitmap_init_from_file(SegmentAllocator allocator, MemorySegment ctx, MemorySegment fname, boolean placeholder, MemorySegment opt) {
        try {
            return (MemorySegment) H.mtmd_helper_bitmap_init_from_file.invokeExact(allocator, ctx, fname, placeholder, opt);
        } catch (Throwable failure) {
            throw rethrow("mtmd_helper_bitmap_init_from_file", failure);
        }
    }

    static MemorySegment mtmd_helper_bitmap_init_from_buf(SegmentAllocator allocator, MemorySegment ctx, MemorySegment buf, long len, boolean placeholder, MemorySegment opt) {
        try {
            return (MemorySegment) H.mtmd_helper_bitmap_init_from_buf.invokeExact(allocator, ctx, buf, len, placeholder, opt);
        } catch (Throwable failure) {
            throw rethrow("mtmd_helper_bitmap_init_from_buf", failure);
        }
    }

    static void mtmd_helper_video_free(MemorySegment video) {
        try {
            H.mtmd_helper_video_free.invokeExact(video);
        } catch (Throwable failure) {
            throw rethrow("mtmd_helper_video_free", failure);
        }
    }

    static int mtmd_bitmap_get_nx(MemorySegment bitmap) {
        try {
            return (int) H.mtmd_bitmap_get_nx.invokeExact(bitmap);
        } catch (Throwable failure) {
            throw rethrow("mtmd_bitmap_get_nx", failure);
        }
    }

    static int mtmd_bitmap_get_ny(MemorySegment bitmap) {
        try {
            return (int) H.mtmd_bitmap_get_ny.invokeExact(bitmap);
        } catch (Throwable failure) {
            throw rethrow("mtmd_bitmap_get_ny", failure);
        }
    }

    static MemorySegment mtmd_bitmap_get_id(MemorySegment bitmap) {
        try {
            return (MemorySegment) H.mtmd_bitmap_get_id.invokeExact(bitmap);
        } catch (Throwable failure) {
            throw rethrow("mtmd_bitmap_get_id", failure);
        }
    }

    static void mtmd_bitmap_free(MemorySegment bitmap) {
        try {
            H.mtmd_bitmap_free.invokeExact(bitmap);
        } catch (Throwable failure) {
            throw rethrow("mtmd_bitmap_free", failure);
        }
    }

    // ---- chunks
    static MemorySegment mtmd_input_chunks_init() {
        try {
            return (MemorySegment) H.mtmd_input_chunks_init.invokeExact();
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunks_init", failure);
        }
    }

    static long mtmd_input_chunks_size(MemorySegment chunks) {
        try {
            return (long) H.mtmd_input_chunks_size.invokeExact(chunks);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunks_size", failure);
        }
    }

    static MemorySegment mtmd_input_chunks_get(MemorySegment chunks, long idx) {
        try {
            return (MemorySegment) H.mtmd_input_chunks_get.invokeExact(chunks, idx);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunks_get", failure);
        }
    }

    static void mtmd_input_chunks_free(MemorySegment chunks) {
        try {
            H.mtmd_input_chunks_free.invokeExact(chunks);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunks_free", failure);
        }
    }

    static int mtmd_input_chunk_get_type(MemorySegment chunk) {
        try {
            return (int) H.mtmd_input_chunk_get_type.invokeExact(chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunk_get_type", failure);
        }
    }

    static MemorySegment mtmd_input_chunk_get_tokens_text(MemorySegment chunk, MemorySegment n_tokens_output) {
        try {
            return (MemorySegment) H.mtmd_input_chunk_get_tokens_text.invokeExact(chunk, n_tokens_output);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunk_get_tokens_text", failure);
        }
    }

    static long mtmd_input_chunk_get_n_tokens(MemorySegment chunk) {
        try {
            return (long) H.mtmd_input_chunk_get_n_tokens.invokeExact(chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunk_get_n_tokens", failure);
        }
    }

    static int mtmd_input_chunk_get_n_pos(MemorySegment chunk) {
        try {
            return (int) H.mtmd_input_chunk_get_n_pos.invokeExact(chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunk_get_n_pos", failure);
        }
    }

    static MemorySegment mtmd_input_chunk_get_id(MemorySegment chunk) {
        try {
            return (MemorySegment) H.mtmd_input_chunk_get_id.invokeExact(chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunk_get_id", failure);
        }
    }

    static MemorySegment mtmd_input_chunk_copy(MemorySegment chunk) {
        try {
            return (MemorySegment) H.mtmd_input_chunk_copy.invokeExact(chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunk_copy", failure);
        }
    }

    static void mtmd_input_chunk_free(MemorySegment chunk) {
        try {
            H.mtmd_input_chunk_free.invokeExact(chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_input_chunk_free", failure);
        }
    }

    static int mtmd_tokenize(MemorySegment ctx, MemorySegment output, MemorySegment text, MemorySegment bitmaps, long n_bitmaps) {
        try {
            return (int) H.mtmd_tokenize.invokeExact(ctx, output, text, bitmaps, n_bitmaps);
        } catch (Throwable failure) {
            throw rethrow("mtmd_tokenize", failure);
        }
    }

    // ---- encode / decode
    static int mtmd_encode_chunk(MemorySegment ctx, MemorySegment chunk) {
        try {
            return (int) H.mtmd_encode_chunk.invokeExact(ctx, chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_encode_chunk", failure);
        }
    }

    static MemorySegment mtmd_get_output_embd(MemorySegment ctx) {
        try {
            return (MemorySegment) H.mtmd_get_output_embd.invokeExact(ctx);
        } catch (Throwable failure) {
            throw rethrow("mtmd_get_output_embd", failure);
        }
    }

    static MemorySegment mtmd_batch_init(MemorySegment ctx) {
        try {
            return (MemorySegment) H.mtmd_batch_init.invokeExact(ctx);
        } catch (Throwable failure) {
            throw rethrow("mtmd_batch_init", failure);
        }
    }

    static void mtmd_batch_free(MemorySegment batch) {
        try {
            H.mtmd_batch_free.invokeExact(batch);
        } catch (Throwable failure) {
            throw rethrow("mtmd_batch_free", failure);
        }
    }

    static int mtmd_batch_add_chunk(MemorySegment batch, MemorySegment chunk) {
        try {
            return (int) H.mtmd_batch_add_chunk.invokeExact(batch, chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_batch_add_chunk", failure);
        }
    }

    static int mtmd_batch_encode(MemorySegment batch) {
        try {
            return (int) H.mtmd_batch_encode.invokeExact(batch);
        } catch (Throwable failure) {
            throw rethrow("mtmd_batch_encode", failure);
        }
    }

    static MemorySegment mtmd_batch_get_output_embd(MemorySegment batch, MemorySegment chunk) {
        try {
            return (MemorySegment) H.mtmd_batch_get_output_embd.invokeExact(batch, chunk);
        } catch (Throwable failure) {
            throw rethrow("mtmd_batch_get_output_embd", failure);
        }
    }

    static int mtmd_helper_decode_image_chunk(MemorySegment ctx, MemorySegment lctx, MemorySegment chunk, MemorySegment encoded_embd, int n_past, int seq_id, int n_batch, MemorySegment new_n_past, MemorySegment callback, MemorySegment user_data) {
        try {
            return (int) H.mtmd_helper_decode_image_chunk.invokeExact(ctx, lctx, chunk, encoded_embd, n_past, seq_id, n_batch, new_n_past, callback, user_data);
        } catch (Throwable failure) {
            throw rethrow("mtmd_helper_decode_image_chunk", failure);
        }
    }

    static int mtmd_helper_eval_chunks(MemorySegment ctx, MemorySegment lctx, MemorySegment chunks, int n_past, int seq_id, int n_batch, boolean logits_last, MemorySegment new_n_past) {
        try {
            return (int) H.mtmd_helper_eval_chunks.invokeExact(ctx, lctx, chunks, n_past, seq_id, n_batch, logits_last, new_n_past);
        } catch (Throwable failure) {
            throw rethrow("mtmd_helper_eval_chunks", failure);
        }
    }
}
