package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Struct layouts against the sizes and offsets measured with offsetof on the pinned source (native-facts.md). */
class LayoutsTest {
    @Test
    void sizesMatchThePinnedHeaders() {
        assertEquals(80, Layouts.LLAMA_MODEL_PARAMS.byteSize());
        assertEquals(160, Layouts.LLAMA_CONTEXT_PARAMS.byteSize());
        assertEquals(56, Layouts.LLAMA_BATCH.byteSize());
        assertEquals(96, Layouts.MTMD_CONTEXT_PARAMS.byteSize());
        assertEquals(16, Layouts.MTMD_HELPER_BITMAP_WRAPPER.byteSize());
        assertEquals(24, Layouts.MTMD_HELPER_INIT_OPT.byteSize());
        assertEquals(24, Layouts.MTMD_INPUT_TEXT.byteSize());
        assertEquals(16, Layouts.LLAMA_CHAT_MESSAGE.byteSize());
        assertEquals(12, Layouts.LLAMA_TOKEN_DATA.byteSize());
        assertEquals(32, Layouts.LLAMA_TOKEN_DATA_ARRAY.byteSize());
    }

    @Test
    void offsetsMatchThePinnedHeaders() {
        assertEquals(16, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "n_gpu_layers"));
        assertEquals(24, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "load_mode"));
        assertEquals(40, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "tensor_split"));
        assertEquals(48, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "progress_callback"));
        assertEquals(72, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "vocab_only"));
        assertEquals(77, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "load_mtp"));
        assertEquals(52, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "flash_attn_type"));
        assertEquals(80, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "yarn_orig_ctx"));
        assertEquals(88, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "cb_eval"));
        assertEquals(104, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "type_k"));
        assertEquals(112, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "abort_callback"));
        assertEquals(128, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "embeddings"));
        assertEquals(133, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "kv_unified"));
        assertEquals(136, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "samplers"));
        assertEquals(144, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "n_samplers"));
        assertEquals(152, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "ctx_other"));
        assertEquals(48, Layouts.offset(Layouts.LLAMA_BATCH, "logits"));
        assertEquals(8, Layouts.offset(Layouts.LLAMA_TOKEN_DATA, "p"));
        assertEquals(16, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "selected"));
        assertEquals(24, Layouts.offset(Layouts.LLAMA_TOKEN_DATA_ARRAY, "sorted"));
        assertEquals(20, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "n_threads"));
        assertEquals(32, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "media_marker"));
        assertEquals(40, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "flash_attn_type"));
        assertEquals(44, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "warmup"));
        assertEquals(72, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "batch_max_tokens"));
        assertEquals(88, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "progress_callback_user_data"));
    }

    @Test
    void defaultsReadBackThroughTheLayouts() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment context = LlamaContext.defaultParams(arena);
            assertEquals(512, context.get(JAVA_INT, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "n_ctx")));
            assertEquals(2048, context.get(JAVA_INT, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "n_batch")));
            assertEquals(512, context.get(JAVA_INT, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "n_ubatch")));
            assertEquals(1, context.get(JAVA_INT, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "n_seq_max")));
            assertEquals(-1, context.get(JAVA_INT, Layouts.offset(Layouts.LLAMA_CONTEXT_PARAMS, "flash_attn_type")));

            MemorySegment model = LlamaNative.llama_model_default_params(arena);
            assertEquals(-1, model.get(JAVA_INT, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "n_gpu_layers")),
                    "llama.cpp's default offloads all layers (-1)");

            MemorySegment mtmd = MtmdNative.mtmd_context_params_default(arena);
            MemorySegment marker = mtmd.get(Layouts.C_POINTER, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS,
                    "media_marker"));
            assertEquals("<__media__>", marker.reinterpret(64).getString(0));

            MemorySegment opt = MtmdNative.mtmd_helper_init_opt_default(arena);
            assertEquals(5000L, opt.get(java.lang.foreign.ValueLayout.JAVA_LONG,
                    Layouts.offset(Layouts.MTMD_HELPER_INIT_OPT, "timestamp_interval_ms")));
        }
    }
}
