package org.eibench.kernels.llama;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Struct layouts of the pinned llama.cpp headers ({@code include/llama.h}, {@code tools/mtmd/mtmd.h},
 * {@code tools/mtmd/mtmd-helper.h}) for x86-64, with the compiler's padding written out. Values are always
 * obtained from the {@code *_default_params()} functions and only the fields we set are named here.
 */
final class Layouts {
    static final AddressLayout C_POINTER = ADDRESS;
    /** {@code size_t} on LP64. */
    static final ValueLayout.OfLong C_SIZE_T = JAVA_LONG;

    /** {@code struct llama_model_params}, 80 bytes. */
    static final StructLayout LLAMA_MODEL_PARAMS = structLayout(
            C_POINTER.withName("devices"),
            C_POINTER.withName("tensor_buft_overrides"),
            JAVA_INT.withName("n_gpu_layers"),
            JAVA_INT.withName("split_mode"),
            JAVA_INT.withName("load_mode"),
            JAVA_INT.withName("lazy_mode"),
            JAVA_INT.withName("main_gpu"),
            paddingLayout(4),
            C_POINTER.withName("tensor_split"),
            C_POINTER.withName("progress_callback"),
            C_POINTER.withName("progress_callback_user_data"),
            C_POINTER.withName("kv_overrides"),
            JAVA_BOOLEAN.withName("vocab_only"),
            JAVA_BOOLEAN.withName("check_tensors"),
            JAVA_BOOLEAN.withName("use_extra_bufts"),
            JAVA_BOOLEAN.withName("no_host"),
            JAVA_BOOLEAN.withName("no_alloc"),
            JAVA_BOOLEAN.withName("load_mtp"),
            paddingLayout(2)).withName("llama_model_params");

    /** {@code struct llama_context_params}, 160 bytes. */
    static final StructLayout LLAMA_CONTEXT_PARAMS = structLayout(
            JAVA_INT.withName("n_ctx"),
            JAVA_INT.withName("n_batch"),
            JAVA_INT.withName("n_ubatch"),
            JAVA_INT.withName("n_seq_max"),
            JAVA_INT.withName("n_rs_seq"),
            JAVA_INT.withName("n_outputs_max"),
            JAVA_INT.withName("n_outputs_max_per_seq"),
            JAVA_INT.withName("n_threads"),
            JAVA_INT.withName("n_threads_batch"),
            JAVA_INT.withName("ctx_type"),
            JAVA_INT.withName("rope_scaling_type"),
            JAVA_INT.withName("pooling_type"),
            JAVA_INT.withName("attention_type"),
            JAVA_INT.withName("flash_attn_type"),
            JAVA_FLOAT.withName("rope_freq_base"),
            JAVA_FLOAT.withName("rope_freq_scale"),
            JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"),
            JAVA_FLOAT.withName("yarn_beta_fast"),
            JAVA_FLOAT.withName("yarn_beta_slow"),
            JAVA_INT.withName("yarn_orig_ctx"),
            JAVA_FLOAT.withName("defrag_thold"),
            C_POINTER.withName("cb_eval"),
            C_POINTER.withName("cb_eval_user_data"),
            JAVA_INT.withName("type_k"),
            JAVA_INT.withName("type_v"),
            C_POINTER.withName("abort_callback"),
            C_POINTER.withName("abort_callback_data"),
            JAVA_BOOLEAN.withName("embeddings"),
            JAVA_BOOLEAN.withName("offload_kqv"),
            JAVA_BOOLEAN.withName("no_perf"),
            JAVA_BOOLEAN.withName("op_offload"),
            JAVA_BOOLEAN.withName("swa_full"),
            JAVA_BOOLEAN.withName("kv_unified"),
            paddingLayout(2),
            C_POINTER.withName("samplers"),
            C_SIZE_T.withName("n_samplers"),
            C_POINTER.withName("ctx_other")).withName("llama_context_params");

    /** {@code struct llama_batch}, 56 bytes. */
    static final StructLayout LLAMA_BATCH = structLayout(
            JAVA_INT.withName("n_tokens"),
            paddingLayout(4),
            C_POINTER.withName("token"),
            C_POINTER.withName("embd"),
            C_POINTER.withName("pos"),
            C_POINTER.withName("n_seq_id"),
            C_POINTER.withName("seq_id"),
            C_POINTER.withName("logits")).withName("llama_batch");

    /** {@code struct llama_sampler_chain_params}, 1 byte. */
    static final StructLayout LLAMA_SAMPLER_CHAIN_PARAMS =
            structLayout(JAVA_BOOLEAN.withName("no_perf")).withName("llama_sampler_chain_params");

    /** {@code struct llama_token_data}, 12 bytes. */
    static final StructLayout LLAMA_TOKEN_DATA = structLayout(
            JAVA_INT.withName("id"),
            JAVA_FLOAT.withName("logit"),
            JAVA_FLOAT.withName("p")).withName("llama_token_data");

    /** {@code struct llama_token_data_array}, 32 bytes. */
    static final StructLayout LLAMA_TOKEN_DATA_ARRAY = structLayout(
            C_POINTER.withName("data"),
            C_SIZE_T.withName("size"),
            JAVA_LONG.withName("selected"),
            JAVA_BOOLEAN.withName("sorted"),
            paddingLayout(7)).withName("llama_token_data_array");

    /** {@code struct llama_chat_message}, 16 bytes. */
    static final StructLayout LLAMA_CHAT_MESSAGE =
            structLayout(C_POINTER.withName("role"), C_POINTER.withName("content")).withName("llama_chat_message");

    /** {@code struct mtmd_context_params}, 96 bytes. */
    static final StructLayout MTMD_CONTEXT_PARAMS = structLayout(
            JAVA_BOOLEAN.withName("use_gpu"),
            paddingLayout(7),
            C_POINTER.withName("device"),
            JAVA_BOOLEAN.withName("print_timings"),
            paddingLayout(3),
            JAVA_INT.withName("n_threads"),
            C_POINTER.withName("image_marker"),
            C_POINTER.withName("media_marker"),
            JAVA_INT.withName("flash_attn_type"),
            JAVA_BOOLEAN.withName("warmup"),
            paddingLayout(3),
            JAVA_INT.withName("image_min_tokens"),
            JAVA_INT.withName("image_max_tokens"),
            C_POINTER.withName("cb_eval"),
            C_POINTER.withName("cb_eval_user_data"),
            JAVA_INT.withName("batch_max_tokens"),
            paddingLayout(4),
            C_POINTER.withName("progress_callback"),
            C_POINTER.withName("progress_callback_user_data")).withName("mtmd_context_params");

    /** {@code struct mtmd_input_text}, 24 bytes. */
    static final StructLayout MTMD_INPUT_TEXT = structLayout(
            C_POINTER.withName("text"),
            C_SIZE_T.withName("text_len"),
            JAVA_BOOLEAN.withName("add_special"),
            JAVA_BOOLEAN.withName("parse_special"),
            paddingLayout(6)).withName("mtmd_input_text");

    /** {@code struct mtmd_helper_init_opt} (one {@code mtmd_helper_video_init_params}), 24 bytes. */
    static final StructLayout MTMD_HELPER_INIT_OPT = structLayout(
            JAVA_FLOAT.withName("fps_target"),
            paddingLayout(4),
            C_POINTER.withName("ffmpeg_bin_dir"),
            JAVA_LONG.withName("timestamp_interval_ms")).withName("mtmd_helper_init_opt");

    /** {@code struct mtmd_helper_bitmap_wrapper} returned by value (two registers), 16 bytes. */
    static final StructLayout MTMD_HELPER_BITMAP_WRAPPER = structLayout(
            C_POINTER.withName("bitmap"),
            C_POINTER.withName("video_ctx")).withName("mtmd_helper_bitmap_wrapper");

    private Layouts() {
    }

    /** Byte offset of a named field (for tests and for reading via {@code MemorySegment.get}). */
    static long offset(StructLayout layout, String name) {
        return layout.byteOffset(PathElement.groupElement(name));
    }
}
