package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.eibench.kernels.llama.Downcalls.callBoolean;
import static org.eibench.kernels.llama.Downcalls.callInt;
import static org.eibench.kernels.llama.Downcalls.callLong;
import static org.eibench.kernels.llama.Downcalls.callSegment;
import static org.eibench.kernels.llama.Downcalls.callVoid;
import static org.eibench.kernels.llama.Downcalls.downcall;
import static org.eibench.kernels.llama.Layouts.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
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
        static final MethodHandle mtmd_decode_use_non_causal = downcall("mtmd_decode_use_non_causal", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER, C_POINTER));
        static final MethodHandle mtmd_decode_use_mrope = downcall("mtmd_decode_use_mrope", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER));
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
    }

    // ---- context
    static MemorySegment mtmd_context_params_default(SegmentAllocator allocator) {
        return callSegment("mtmd_context_params_default",
                () -> (MemorySegment) H.mtmd_context_params_default.invokeExact(allocator));
    }

    static MemorySegment mtmd_default_marker() {
        return callSegment("mtmd_default_marker", () -> (MemorySegment) H.mtmd_default_marker.invokeExact());
    }

    static MemorySegment mtmd_init_from_file(MemorySegment mmproj_fname, MemorySegment text_model, MemorySegment ctx_params) {
        return callSegment("mtmd_init_from_file",
                () -> (MemorySegment) H.mtmd_init_from_file.invokeExact(mmproj_fname, text_model, ctx_params));
    }

    static void mtmd_free(MemorySegment ctx) {
        callVoid("mtmd_free", () -> { H.mtmd_free.invokeExact(ctx); });
    }

    static boolean mtmd_support_vision(MemorySegment ctx) {
        return callBoolean("mtmd_support_vision", () -> (boolean) H.mtmd_support_vision.invokeExact(ctx));
    }

    static boolean mtmd_decode_use_non_causal(MemorySegment ctx, MemorySegment chunk) {
        return callBoolean("mtmd_decode_use_non_causal",
                () -> (boolean) H.mtmd_decode_use_non_causal.invokeExact(ctx, chunk));
    }

    static boolean mtmd_decode_use_mrope(MemorySegment ctx) {
        return callBoolean("mtmd_decode_use_mrope", () -> (boolean) H.mtmd_decode_use_mrope.invokeExact(ctx));
    }

    static void mtmd_helper_log_set(MemorySegment callback, MemorySegment user_data) {
        callVoid("mtmd_helper_log_set", () -> { H.mtmd_helper_log_set.invokeExact(callback, user_data); });
    }

    // ---- bitmaps
    static MemorySegment mtmd_helper_init_opt_default(SegmentAllocator allocator) {
        return callSegment("mtmd_helper_init_opt_default",
                () -> (MemorySegment) H.mtmd_helper_init_opt_default.invokeExact(allocator));
    }

    static MemorySegment mtmd_helper_bitmap_init_from_file(SegmentAllocator allocator, MemorySegment ctx, MemorySegment fname, boolean placeholder, MemorySegment opt) {
        return callSegment("mtmd_helper_bitmap_init_from_file",
                () -> (MemorySegment) H.mtmd_helper_bitmap_init_from_file.invokeExact(allocator, ctx, fname, placeholder, opt));
    }

    static MemorySegment mtmd_helper_bitmap_init_from_buf(SegmentAllocator allocator, MemorySegment ctx, MemorySegment buf, long len, boolean placeholder, MemorySegment opt) {
        return callSegment("mtmd_helper_bitmap_init_from_buf",
                () -> (MemorySegment) H.mtmd_helper_bitmap_init_from_buf.invokeExact(allocator, ctx, buf, len, placeholder, opt));
    }

    static void mtmd_helper_video_free(MemorySegment video) {
        callVoid("mtmd_helper_video_free", () -> { H.mtmd_helper_video_free.invokeExact(video); });
    }

    static int mtmd_bitmap_get_nx(MemorySegment bitmap) {
        return callInt("mtmd_bitmap_get_nx", () -> (int) H.mtmd_bitmap_get_nx.invokeExact(bitmap));
    }

    static int mtmd_bitmap_get_ny(MemorySegment bitmap) {
        return callInt("mtmd_bitmap_get_ny", () -> (int) H.mtmd_bitmap_get_ny.invokeExact(bitmap));
    }

    static MemorySegment mtmd_bitmap_get_id(MemorySegment bitmap) {
        return callSegment("mtmd_bitmap_get_id", () -> (MemorySegment) H.mtmd_bitmap_get_id.invokeExact(bitmap));
    }

    static void mtmd_bitmap_free(MemorySegment bitmap) {
        callVoid("mtmd_bitmap_free", () -> { H.mtmd_bitmap_free.invokeExact(bitmap); });
    }

    // ---- chunks
    static MemorySegment mtmd_input_chunks_init() {
        return callSegment("mtmd_input_chunks_init", () -> (MemorySegment) H.mtmd_input_chunks_init.invokeExact());
    }

    static long mtmd_input_chunks_size(MemorySegment chunks) {
        return callLong("mtmd_input_chunks_size", () -> (long) H.mtmd_input_chunks_size.invokeExact(chunks));
    }

    static MemorySegment mtmd_input_chunks_get(MemorySegment chunks, long idx) {
        return callSegment("mtmd_input_chunks_get",
                () -> (MemorySegment) H.mtmd_input_chunks_get.invokeExact(chunks, idx));
    }

    static void mtmd_input_chunks_free(MemorySegment chunks) {
        callVoid("mtmd_input_chunks_free", () -> { H.mtmd_input_chunks_free.invokeExact(chunks); });
    }

    static int mtmd_input_chunk_get_type(MemorySegment chunk) {
        return callInt("mtmd_input_chunk_get_type", () -> (int) H.mtmd_input_chunk_get_type.invokeExact(chunk));
    }

    static MemorySegment mtmd_input_chunk_get_tokens_text(MemorySegment chunk, MemorySegment n_tokens_output) {
        return callSegment("mtmd_input_chunk_get_tokens_text",
                () -> (MemorySegment) H.mtmd_input_chunk_get_tokens_text.invokeExact(chunk, n_tokens_output));
    }

    static long mtmd_input_chunk_get_n_tokens(MemorySegment chunk) {
        return callLong("mtmd_input_chunk_get_n_tokens",
                () -> (long) H.mtmd_input_chunk_get_n_tokens.invokeExact(chunk));
    }

    static int mtmd_input_chunk_get_n_pos(MemorySegment chunk) {
        return callInt("mtmd_input_chunk_get_n_pos", () -> (int) H.mtmd_input_chunk_get_n_pos.invokeExact(chunk));
    }

    static MemorySegment mtmd_input_chunk_get_id(MemorySegment chunk) {
        return callSegment("mtmd_input_chunk_get_id",
                () -> (MemorySegment) H.mtmd_input_chunk_get_id.invokeExact(chunk));
    }

    static MemorySegment mtmd_input_chunk_copy(MemorySegment chunk) {
        return callSegment("mtmd_input_chunk_copy", () -> (MemorySegment) H.mtmd_input_chunk_copy.invokeExact(chunk));
    }

    static void mtmd_input_chunk_free(MemorySegment chunk) {
        callVoid("mtmd_input_chunk_free", () -> { H.mtmd_input_chunk_free.invokeExact(chunk); });
    }

    static int mtmd_tokenize(MemorySegment ctx, MemorySegment output, MemorySegment text, MemorySegment bitmaps, long n_bitmaps) {
        return callInt("mtmd_tokenize", () -> (int) H.mtmd_tokenize.invokeExact(ctx, output, text, bitmaps, n_bitmaps));
    }

    // ---- encode / decode
    static int mtmd_encode_chunk(MemorySegment ctx, MemorySegment chunk) {
        return callInt("mtmd_encode_chunk", () -> (int) H.mtmd_encode_chunk.invokeExact(ctx, chunk));
    }

    static MemorySegment mtmd_get_output_embd(MemorySegment ctx) {
        return callSegment("mtmd_get_output_embd", () -> (MemorySegment) H.mtmd_get_output_embd.invokeExact(ctx));
    }

    static MemorySegment mtmd_batch_init(MemorySegment ctx) {
        return callSegment("mtmd_batch_init", () -> (MemorySegment) H.mtmd_batch_init.invokeExact(ctx));
    }

    static void mtmd_batch_free(MemorySegment batch) {
        callVoid("mtmd_batch_free", () -> { H.mtmd_batch_free.invokeExact(batch); });
    }

    static int mtmd_batch_add_chunk(MemorySegment batch, MemorySegment chunk) {
        return callInt("mtmd_batch_add_chunk", () -> (int) H.mtmd_batch_add_chunk.invokeExact(batch, chunk));
    }

    static int mtmd_batch_encode(MemorySegment batch) {
        return callInt("mtmd_batch_encode", () -> (int) H.mtmd_batch_encode.invokeExact(batch));
    }

    static MemorySegment mtmd_batch_get_output_embd(MemorySegment batch, MemorySegment chunk) {
        return callSegment("mtmd_batch_get_output_embd",
                () -> (MemorySegment) H.mtmd_batch_get_output_embd.invokeExact(batch, chunk));
    }

    static int mtmd_helper_decode_image_chunk(MemorySegment ctx, MemorySegment lctx, MemorySegment chunk, MemorySegment encoded_embd, int n_past, int seq_id, int n_batch, MemorySegment new_n_past, MemorySegment callback, MemorySegment user_data) {
        return callInt("mtmd_helper_decode_image_chunk",
                () -> (int) H.mtmd_helper_decode_image_chunk.invokeExact(ctx, lctx, chunk, encoded_embd, n_past, seq_id, n_batch, new_n_past, callback, user_data));
    }

    static int mtmd_helper_eval_chunks(MemorySegment ctx, MemorySegment lctx, MemorySegment chunks, int n_past, int seq_id, int n_batch, boolean logits_last, MemorySegment new_n_past) {
        return callInt("mtmd_helper_eval_chunks",
                () -> (int) H.mtmd_helper_eval_chunks.invokeExact(ctx, lctx, chunks, n_past, seq_id, n_batch, logits_last, new_n_past));
    }
}
