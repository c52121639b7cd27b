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
 * Downcalls into libllama (and two ggml-base helpers), one static method per C function, named exactly like the
 * symbol in {@code include/llama.h}. No validation happens here: callers are the wrapper classes of this package.
 * Functions returning a struct by value take a {@link SegmentAllocator} first.
 */
final class LlamaNative {
    private LlamaNative() {
    }

    /** The downcall handles, resolved when first used (after the libraries are loaded). */
    private static final class H {
        static final MethodHandle llama_backend_init = downcall("llama_backend_init", FunctionDescriptor.ofVoid());
        static final MethodHandle llama_print_system_info = downcall("llama_print_system_info", FunctionDescriptor.of(C_POINTER));
        static final MethodHandle llama_log_set = downcall("llama_log_set", FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
        static final MethodHandle llama_model_default_params = downcall("llama_model_default_params", FunctionDescriptor.of(Layouts.LLAMA_MODEL_PARAMS));
        static final MethodHandle llama_context_default_params = downcall("llama_context_default_params", FunctionDescriptor.of(Layouts.LLAMA_CONTEXT_PARAMS));
        static final MethodHandle llama_sampler_chain_default_params = downcall("llama_sampler_chain_default_params", FunctionDescriptor.of(Layouts.LLAMA_SAMPLER_CHAIN_PARAMS));
        static final MethodHandle llama_model_load_from_file = downcall("llama_model_load_from_file", FunctionDescriptor.of(C_POINTER, C_POINTER, Layouts.LLAMA_MODEL_PARAMS));
        static final MethodHandle llama_model_free = downcall("llama_model_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle llama_model_get_vocab = downcall("llama_model_get_vocab", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle llama_model_n_ctx_train = downcall("llama_model_n_ctx_train", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_model_n_embd = downcall("llama_model_n_embd", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_model_n_embd_inp = downcall("llama_model_n_embd_inp", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_model_n_layer = downcall("llama_model_n_layer", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_model_n_head = downcall("llama_model_n_head", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_model_n_head_kv = downcall("llama_model_n_head_kv", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle ggml_backend_dev_count = downcall("ggml_backend_dev_count", FunctionDescriptor.of(JAVA_LONG));
        static final MethodHandle ggml_backend_dev_get = downcall("ggml_backend_dev_get", FunctionDescriptor.of(C_POINTER, JAVA_LONG));
        static final MethodHandle ggml_backend_dev_name = downcall("ggml_backend_dev_name", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle ggml_backend_dev_description = downcall("ggml_backend_dev_description", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle ggml_backend_dev_type = downcall("ggml_backend_dev_type", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle ggml_backend_dev_memory = downcall("ggml_backend_dev_memory", FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
        static final MethodHandle llama_model_meta_val_str = downcall("llama_model_meta_val_str", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, C_POINTER, JAVA_LONG));
        static final MethodHandle llama_model_meta_count = downcall("llama_model_meta_count", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_model_meta_key_by_index = downcall("llama_model_meta_key_by_index", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT, C_POINTER, JAVA_LONG));
        static final MethodHandle llama_model_meta_val_str_by_index = downcall("llama_model_meta_val_str_by_index", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT, C_POINTER, JAVA_LONG));
        static final MethodHandle llama_model_desc = downcall("llama_model_desc", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, JAVA_LONG));
        static final MethodHandle llama_model_size = downcall("llama_model_size", FunctionDescriptor.of(JAVA_LONG, C_POINTER));
        static final MethodHandle llama_model_n_params = downcall("llama_model_n_params", FunctionDescriptor.of(JAVA_LONG, C_POINTER));
        static final MethodHandle llama_model_chat_template = downcall("llama_model_chat_template", FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
        static final MethodHandle llama_model_has_encoder = downcall("llama_model_has_encoder", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER));
        static final MethodHandle llama_model_has_decoder = downcall("llama_model_has_decoder", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER));
        static final MethodHandle llama_init_from_model = downcall("llama_init_from_model", FunctionDescriptor.of(C_POINTER, C_POINTER, Layouts.LLAMA_CONTEXT_PARAMS));
        static final MethodHandle llama_free = downcall("llama_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle llama_n_ctx = downcall("llama_n_ctx", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_n_ctx_seq = downcall("llama_n_ctx_seq", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_n_batch = downcall("llama_n_batch", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_n_ubatch = downcall("llama_n_ubatch", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_n_seq_max = downcall("llama_n_seq_max", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_set_n_threads = downcall("llama_set_n_threads", FunctionDescriptor.ofVoid(C_POINTER, JAVA_INT, JAVA_INT));
        static final MethodHandle llama_n_threads = downcall("llama_n_threads", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_get_memory = downcall("llama_get_memory", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle llama_decode = downcall("llama_decode", FunctionDescriptor.of(JAVA_INT, C_POINTER, Layouts.LLAMA_BATCH));
        static final MethodHandle llama_get_logits_ith = downcall("llama_get_logits_ith", FunctionDescriptor.of(C_POINTER, C_POINTER, JAVA_INT));
        static final MethodHandle llama_memory_clear = downcall("llama_memory_clear", FunctionDescriptor.ofVoid(C_POINTER, JAVA_BOOLEAN));
        static final MethodHandle llama_memory_seq_rm = downcall("llama_memory_seq_rm", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle llama_memory_seq_cp = downcall("llama_memory_seq_cp", FunctionDescriptor.ofVoid(C_POINTER, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle llama_memory_seq_keep = downcall("llama_memory_seq_keep", FunctionDescriptor.ofVoid(C_POINTER, JAVA_INT));
        static final MethodHandle llama_memory_seq_pos_min = downcall("llama_memory_seq_pos_min", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT));
        static final MethodHandle llama_memory_seq_pos_max = downcall("llama_memory_seq_pos_max", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT));
        static final MethodHandle llama_batch_init = downcall("llama_batch_init", FunctionDescriptor.of(Layouts.LLAMA_BATCH, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle llama_batch_free = downcall("llama_batch_free", FunctionDescriptor.ofVoid(Layouts.LLAMA_BATCH));
        static final MethodHandle llama_vocab_n_tokens = downcall("llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_vocab_bos = downcall("llama_vocab_bos", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_vocab_eot = downcall("llama_vocab_eot", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_vocab_is_eog = downcall("llama_vocab_is_eog", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER, JAVA_INT));
        static final MethodHandle llama_vocab_is_control = downcall("llama_vocab_is_control", FunctionDescriptor.of(JAVA_BOOLEAN, C_POINTER, JAVA_INT));
        static final MethodHandle llama_tokenize = downcall("llama_tokenize", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, JAVA_INT, C_POINTER, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        static final MethodHandle llama_token_to_piece = downcall("llama_token_to_piece", FunctionDescriptor.of(JAVA_INT, C_POINTER, JAVA_INT, C_POINTER, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
        static final MethodHandle llama_detokenize = downcall("llama_detokenize", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, JAVA_INT, C_POINTER, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        static final MethodHandle llama_chat_apply_template = downcall("llama_chat_apply_template", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, JAVA_LONG, JAVA_BOOLEAN, C_POINTER, JAVA_INT));
        static final MethodHandle llama_sampler_chain_init = downcall("llama_sampler_chain_init", FunctionDescriptor.of(C_POINTER, Layouts.LLAMA_SAMPLER_CHAIN_PARAMS));
        static final MethodHandle llama_sampler_chain_add = downcall("llama_sampler_chain_add", FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
        static final MethodHandle llama_sampler_chain_n = downcall("llama_sampler_chain_n", FunctionDescriptor.of(JAVA_INT, C_POINTER));
        static final MethodHandle llama_sampler_init_greedy = downcall("llama_sampler_init_greedy", FunctionDescriptor.of(C_POINTER));
        static final MethodHandle llama_sampler_init_dist = downcall("llama_sampler_init_dist", FunctionDescriptor.of(C_POINTER, JAVA_INT));
        static final MethodHandle llama_sampler_init_top_k = downcall("llama_sampler_init_top_k", FunctionDescriptor.of(C_POINTER, JAVA_INT));
        static final MethodHandle llama_sampler_init_top_p = downcall("llama_sampler_init_top_p", FunctionDescriptor.of(C_POINTER, JAVA_FLOAT, JAVA_LONG));
        static final MethodHandle llama_sampler_init_min_p = downcall("llama_sampler_init_min_p", FunctionDescriptor.of(C_POINTER, JAVA_FLOAT, JAVA_LONG));
        static final MethodHandle llama_sampler_init_temp = downcall("llama_sampler_init_temp", FunctionDescriptor.of(C_POINTER, JAVA_FLOAT));
        static final MethodHandle llama_sampler_init_grammar = downcall("llama_sampler_init_grammar", FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER));
        static final MethodHandle llama_sampler_name = downcall("llama_sampler_name", FunctionDescriptor.of(C_POINTER, C_POINTER));
        static final MethodHandle llama_sampler_sample = downcall("llama_sampler_sample", FunctionDescriptor.of(JAVA_INT, C_POINTER, C_POINTER, JAVA_INT));
        static final MethodHandle llama_sampler_apply = downcall("llama_sampler_apply", FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
        static final MethodHandle llama_sampler_accept = downcall("llama_sampler_accept", FunctionDescriptor.ofVoid(C_POINTER, JAVA_INT));
        static final MethodHandle llama_sampler_reset = downcall("llama_sampler_reset", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle llama_sampler_free = downcall("llama_sampler_free", FunctionDescriptor.ofVoid(C_POINTER));
        static final MethodHandle ggml_blck_size = downcall("ggml_blck_size", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        static final MethodHandle ggml_type_size = downcall("ggml_type_size", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    }

    // ---- backend, logging
    static void llama_backend_init() {
        callVoid("llama_backend_init", () -> { H.llama_backend_init.invokeExact(); });
    }

    static MemorySegment llama_print_system_info() {
        return callSegment("llama_print_system_info", () -> (MemorySegment) H.llama_print_system_info.invokeExact());
    }

    static void llama_log_set(MemorySegment callback, MemorySegment user_data) {
        callVoid("llama_log_set", () -> { H.llama_log_set.invokeExact(callback, user_data); });
    }

    // ---- defaults
    static MemorySegment llama_model_default_params(SegmentAllocator allocator) {
        return callSegment("llama_model_default_params",
                () -> (MemorySegment) H.llama_model_default_params.invokeExact(allocator));
    }

    static MemorySegment llama_context_default_params(SegmentAllocator allocator) {
        return callSegment("llama_context_default_params",
                () -> (MemorySegment) H.llama_context_default_params.invokeExact(allocator));
    }

    static MemorySegment llama_sampler_chain_default_params(SegmentAllocator allocator) {
        return callSegment("llama_sampler_chain_default_params",
                () -> (MemorySegment) H.llama_sampler_chain_default_params.invokeExact(allocator));
    }

    // ---- model
    static MemorySegment llama_model_load_from_file(MemorySegment path_model, MemorySegment params) {
        return callSegment("llama_model_load_from_file",
                () -> (MemorySegment) H.llama_model_load_from_file.invokeExact(path_model, params));
    }

    static void llama_model_free(MemorySegment model) {
        callVoid("llama_model_free", () -> { H.llama_model_free.invokeExact(model); });
    }

    static MemorySegment llama_model_get_vocab(MemorySegment model) {
        return callSegment("llama_model_get_vocab", () -> (MemorySegment) H.llama_model_get_vocab.invokeExact(model));
    }

    static int llama_model_n_ctx_train(MemorySegment model) {
        return callInt("llama_model_n_ctx_train", () -> (int) H.llama_model_n_ctx_train.invokeExact(model));
    }

    static int llama_model_n_embd(MemorySegment model) {
        return callInt("llama_model_n_embd", () -> (int) H.llama_model_n_embd.invokeExact(model));
    }

    static int llama_model_n_embd_inp(MemorySegment model) {
        return callInt("llama_model_n_embd_inp", () -> (int) H.llama_model_n_embd_inp.invokeExact(model));
    }

    static int llama_model_n_layer(MemorySegment model) {
        return callInt("llama_model_n_layer", () -> (int) H.llama_model_n_layer.invokeExact(model));
    }

    static int llama_model_n_head(MemorySegment model) {
        return callInt("llama_model_n_head", () -> (int) H.llama_model_n_head.invokeExact(model));
    }

    static int llama_model_n_head_kv(MemorySegment model) {
        return callInt("llama_model_n_head_kv", () -> (int) H.llama_model_n_head_kv.invokeExact(model));
    }

    // ---- ggml backend devices (ggml-backend.h)
    static long ggml_backend_dev_count() {
        return callLong("ggml_backend_dev_count", () -> (long) H.ggml_backend_dev_count.invokeExact());
    }

    static MemorySegment ggml_backend_dev_get(long index) {
        return callSegment("ggml_backend_dev_get", () -> (MemorySegment) H.ggml_backend_dev_get.invokeExact(index));
    }

    static MemorySegment ggml_backend_dev_name(MemorySegment device) {
        return callSegment("ggml_backend_dev_name", () -> (MemorySegment) H.ggml_backend_dev_name.invokeExact(device));
    }

    static MemorySegment ggml_backend_dev_description(MemorySegment device) {
        return callSegment("ggml_backend_dev_description",
                () -> (MemorySegment) H.ggml_backend_dev_description.invokeExact(device));
    }

    static int ggml_backend_dev_type(MemorySegment device) {
        return callInt("ggml_backend_dev_type", () -> (int) H.ggml_backend_dev_type.invokeExact(device));
    }

    static void ggml_backend_dev_memory(MemorySegment device, MemorySegment free, MemorySegment total) {
        callVoid("ggml_backend_dev_memory", () -> { H.ggml_backend_dev_memory.invokeExact(device, free, total); });
    }

    static int llama_model_meta_val_str(MemorySegment model, MemorySegment key, MemorySegment buf, long buf_size) {
        return callInt("llama_model_meta_val_str",
                () -> (int) H.llama_model_meta_val_str.invokeExact(model, key, buf, buf_size));
    }

    static int llama_model_meta_count(MemorySegment model) {
        return callInt("llama_model_meta_count", () -> (int) H.llama_model_meta_count.invokeExact(model));
    }

    static int llama_model_meta_key_by_index(MemorySegment model, int i, MemorySegment buf, long buf_size) {
        return callInt("llama_model_meta_key_by_index",
                () -> (int) H.llama_model_meta_key_by_index.invokeExact(model, i, buf, buf_size));
    }

    static int llama_model_meta_val_str_by_index(MemorySegment model, int i, MemorySegment buf, long buf_size) {
        return callInt("llama_model_meta_val_str_by_index",
                () -> (int) H.llama_model_meta_val_str_by_index.invokeExact(model, i, buf, buf_size));
    }

    static int llama_model_desc(MemorySegment model, MemorySegment buf, long buf_size) {
        return callInt("llama_model_desc", () -> (int) H.llama_model_desc.invokeExact(model, buf, buf_size));
    }

    static long llama_model_size(MemorySegment model) {
        return callLong("llama_model_size", () -> (long) H.llama_model_size.invokeExact(model));
    }

    static long llama_model_n_params(MemorySegment model) {
        return callLong("llama_model_n_params", () -> (long) H.llama_model_n_params.invokeExact(model));
    }

    static MemorySegment llama_model_chat_template(MemorySegment model, MemorySegment name) {
        return callSegment("llama_model_chat_template",
                () -> (MemorySegment) H.llama_model_chat_template.invokeExact(model, name));
    }

    static boolean llama_model_has_encoder(MemorySegment model) {
        return callBoolean("llama_model_has_encoder", () -> (boolean) H.llama_model_has_encoder.invokeExact(model));
    }

    static boolean llama_model_has_decoder(MemorySegment model) {
        return callBoolean("llama_model_has_decoder", () -> (boolean) H.llama_model_has_decoder.invokeExact(model));
    }

    // ---- context
    static MemorySegment llama_init_from_model(MemorySegment model, MemorySegment params) {
        return callSegment("llama_init_from_model",
                () -> (MemorySegment) H.llama_init_from_model.invokeExact(model, params));
    }

    static void llama_free(MemorySegment ctx) {
        callVoid("llama_free", () -> { H.llama_free.invokeExact(ctx); });
    }

    static int llama_n_ctx(MemorySegment ctx) {
        return callInt("llama_n_ctx", () -> (int) H.llama_n_ctx.invokeExact(ctx));
    }

    static int llama_n_ctx_seq(MemorySegment ctx) {
        return callInt("llama_n_ctx_seq", () -> (int) H.llama_n_ctx_seq.invokeExact(ctx));
    }

    static int llama_n_batch(MemorySegment ctx) {
        return callInt("llama_n_batch", () -> (int) H.llama_n_batch.invokeExact(ctx));
    }

    static int llama_n_ubatch(MemorySegment ctx) {
        return callInt("llama_n_ubatch", () -> (int) H.llama_n_ubatch.invokeExact(ctx));
    }

    static int llama_n_seq_max(MemorySegment ctx) {
        return callInt("llama_n_seq_max", () -> (int) H.llama_n_seq_max.invokeExact(ctx));
    }

    static void llama_set_n_threads(MemorySegment ctx, int n_threads, int n_threads_batch) {
        callVoid("llama_set_n_threads", () -> { H.llama_set_n_threads.invokeExact(ctx, n_threads, n_threads_batch); });
    }

    static int llama_n_threads(MemorySegment ctx) {
        return callInt("llama_n_threads", () -> (int) H.llama_n_threads.invokeExact(ctx));
    }

    static MemorySegment llama_get_memory(MemorySegment ctx) {
        return callSegment("llama_get_memory", () -> (MemorySegment) H.llama_get_memory.invokeExact(ctx));
    }

    static int llama_decode(MemorySegment ctx, MemorySegment batch) {
        return callInt("llama_decode", () -> (int) H.llama_decode.invokeExact(ctx, batch));
    }

    static MemorySegment llama_get_logits_ith(MemorySegment ctx, int i) {
        return callSegment("llama_get_logits_ith", () -> (MemorySegment) H.llama_get_logits_ith.invokeExact(ctx, i));
    }

    // ---- memory (KV cache)
    static void llama_memory_clear(MemorySegment mem, boolean data) {
        callVoid("llama_memory_clear", () -> { H.llama_memory_clear.invokeExact(mem, data); });
    }

    static boolean llama_memory_seq_rm(MemorySegment mem, int seq_id, int p0, int p1) {
        return callBoolean("llama_memory_seq_rm",
                () -> (boolean) H.llama_memory_seq_rm.invokeExact(mem, seq_id, p0, p1));
    }

    static void llama_memory_seq_cp(MemorySegment mem, int seq_id_src, int seq_id_dst, int p0, int p1) {
        callVoid("llama_memory_seq_cp",
                () -> { H.llama_memory_seq_cp.invokeExact(mem, seq_id_src, seq_id_dst, p0, p1); });
    }

    static void llama_memory_seq_keep(MemorySegment mem, int seq_id) {
        callVoid("llama_memory_seq_keep", () -> { H.llama_memory_seq_keep.invokeExact(mem, seq_id); });
    }

    static int llama_memory_seq_pos_min(MemorySegment mem, int seq_id) {
        return callInt("llama_memory_seq_pos_min", () -> (int) H.llama_memory_seq_pos_min.invokeExact(mem, seq_id));
    }

    static int llama_memory_seq_pos_max(MemorySegment mem, int seq_id) {
        return callInt("llama_memory_seq_pos_max", () -> (int) H.llama_memory_seq_pos_max.invokeExact(mem, seq_id));
    }

    // ---- batch
    static MemorySegment llama_batch_init(SegmentAllocator allocator, int n_tokens, int embd, int n_seq_max) {
        return callSegment("llama_batch_init",
                () -> (MemorySegment) H.llama_batch_init.invokeExact(allocator, n_tokens, embd, n_seq_max));
    }

    static void llama_batch_free(MemorySegment batch) {
        callVoid("llama_batch_free", () -> { H.llama_batch_free.invokeExact(batch); });
    }

    // ---- vocab
    static int llama_vocab_n_tokens(MemorySegment vocab) {
        return callInt("llama_vocab_n_tokens", () -> (int) H.llama_vocab_n_tokens.invokeExact(vocab));
    }

    static int llama_vocab_bos(MemorySegment vocab) {
        return callInt("llama_vocab_bos", () -> (int) H.llama_vocab_bos.invokeExact(vocab));
    }

    static int llama_vocab_eot(MemorySegment vocab) {
        return callInt("llama_vocab_eot", () -> (int) H.llama_vocab_eot.invokeExact(vocab));
    }

    static boolean llama_vocab_is_eog(MemorySegment vocab, int token) {
        return callBoolean("llama_vocab_is_eog", () -> (boolean) H.llama_vocab_is_eog.invokeExact(vocab, token));
    }

    static boolean llama_vocab_is_control(MemorySegment vocab, int token) {
        return callBoolean("llama_vocab_is_control",
                () -> (boolean) H.llama_vocab_is_control.invokeExact(vocab, token));
    }

    static int llama_tokenize(MemorySegment vocab, MemorySegment text, int text_len, MemorySegment tokens, int n_tokens_max, boolean add_special, boolean parse_special) {
        return callInt("llama_tokenize",
                () -> (int) H.llama_tokenize.invokeExact(vocab, text, text_len, tokens, n_tokens_max, add_special, parse_special));
    }

    static int llama_token_to_piece(MemorySegment vocab, int token, MemorySegment buf, int length, int lstrip, boolean special) {
        return callInt("llama_token_to_piece",
                () -> (int) H.llama_token_to_piece.invokeExact(vocab, token, buf, length, lstrip, special));
    }

    static int llama_detokenize(MemorySegment vocab, MemorySegment tokens, int n_tokens, MemorySegment text, int text_len_max, boolean remove_special, boolean unparse_special) {
        return callInt("llama_detokenize",
                () -> (int) H.llama_detokenize.invokeExact(vocab, tokens, n_tokens, text, text_len_max, remove_special, unparse_special));
    }

    static int llama_chat_apply_template(MemorySegment tmpl, MemorySegment chat, long n_msg, boolean add_ass, MemorySegment buf, int length) {
        return callInt("llama_chat_apply_template",
                () -> (int) H.llama_chat_apply_template.invokeExact(tmpl, chat, n_msg, add_ass, buf, length));
    }

    // ---- samplers
    static MemorySegment llama_sampler_chain_init(MemorySegment params) {
        return callSegment("llama_sampler_chain_init",
                () -> (MemorySegment) H.llama_sampler_chain_init.invokeExact(params));
    }

    static void llama_sampler_chain_add(MemorySegment chain, MemorySegment smpl) {
        callVoid("llama_sampler_chain_add", () -> { H.llama_sampler_chain_add.invokeExact(chain, smpl); });
    }

    static int llama_sampler_chain_n(MemorySegment chain) {
        return callInt("llama_sampler_chain_n", () -> (int) H.llama_sampler_chain_n.invokeExact(chain));
    }

    static MemorySegment llama_sampler_init_greedy() {
        return callSegment("llama_sampler_init_greedy",
                () -> (MemorySegment) H.llama_sampler_init_greedy.invokeExact());
    }

    static MemorySegment llama_sampler_init_dist(int seed) {
        return callSegment("llama_sampler_init_dist",
                () -> (MemorySegment) H.llama_sampler_init_dist.invokeExact(seed));
    }

    static MemorySegment llama_sampler_init_top_k(int k) {
        return callSegment("llama_sampler_init_top_k", () -> (MemorySegment) H.llama_sampler_init_top_k.invokeExact(k));
    }

    static MemorySegment llama_sampler_init_top_p(float p, long min_keep) {
        return callSegment("llama_sampler_init_top_p",
                () -> (MemorySegment) H.llama_sampler_init_top_p.invokeExact(p, min_keep));
    }

    static MemorySegment llama_sampler_init_min_p(float p, long min_keep) {
        return callSegment("llama_sampler_init_min_p",
                () -> (MemorySegment) H.llama_sampler_init_min_p.invokeExact(p, min_keep));
    }

    static MemorySegment llama_sampler_init_temp(float t) {
        return callSegment("llama_sampler_init_temp", () -> (MemorySegment) H.llama_sampler_init_temp.invokeExact(t));
    }

    static MemorySegment llama_sampler_init_grammar(MemorySegment vocab, MemorySegment grammar_str, MemorySegment grammar_root) {
        return callSegment("llama_sampler_init_grammar",
                () -> (MemorySegment) H.llama_sampler_init_grammar.invokeExact(vocab, grammar_str, grammar_root));
    }

    static MemorySegment llama_sampler_name(MemorySegment smpl) {
        return callSegment("llama_sampler_name", () -> (MemorySegment) H.llama_sampler_name.invokeExact(smpl));
    }

    static int llama_sampler_sample(MemorySegment smpl, MemorySegment ctx, int idx) {
        return callInt("llama_sampler_sample", () -> (int) H.llama_sampler_sample.invokeExact(smpl, ctx, idx));
    }

    static void llama_sampler_accept(MemorySegment smpl, int token) {
        callVoid("llama_sampler_accept", () -> { H.llama_sampler_accept.invokeExact(smpl, token); });
    }

    static void llama_sampler_apply(MemorySegment smpl, MemorySegment cur_p) {
        callVoid("llama_sampler_apply", () -> { H.llama_sampler_apply.invokeExact(smpl, cur_p); });
    }

    static void llama_sampler_reset(MemorySegment smpl) {
        callVoid("llama_sampler_reset", () -> { H.llama_sampler_reset.invokeExact(smpl); });
    }

    static void llama_sampler_free(MemorySegment smpl) {
        callVoid("llama_sampler_free", () -> { H.llama_sampler_free.invokeExact(smpl); });
    }

    // ---- ggml type sizes (libggml-base), for GGUF validation
    static long ggml_blck_size(int type) {
        return callLong("ggml_blck_size", () -> (long) H.ggml_blck_size.invokeExact(type));
    }

    static long ggml_type_size(int type) {
        return callLong("ggml_type_size", () -> (long) H.ggml_type_size.invokeExact(type));
    }
}
