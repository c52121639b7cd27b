package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Context settings llama.cpp cannot honour are refused in Java with the fix, before any native allocation. */
class LlamaContextLimitsTest extends OnTinyModel {
    @Test
    void moreSequencesThanLlamaMaxSeqAreRefused() {
        LlamaContext.Params.defaults().withSequences(LlamaContext.MAX_SEQUENCES);
        var e = assertThrows(IllegalArgumentException.class,
                () -> LlamaContext.Params.defaults().withSequences(LlamaContext.MAX_SEQUENCES + 1));
        assertTrue(e.getMessage().contains("256") && e.getMessage().contains("--parallel"), e.getMessage());
    }

    @Test
    void fewerCellsThanSequencesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LlamaContext.Params.defaults().withSequences(8).withContextSize(4));
        assertTrue(e.getMessage().contains("--ctx"), e.getMessage());
    }

    @Test
    void aKvCacheLargerThanMemoryIsRefusedWithTheFix() {
        // 2^30 cells of the tiny model: 2 TiB of KV cache; llama.cpp itself would try to allocate it
        var e = assertThrows(LlamaException.class, () -> LlamaContext.create(model,
                LlamaContext.Params.defaults().withContextSize(1 << 30)).close());
        assertTrue(e.getMessage().contains("GiB of KV cache") && e.getMessage().contains("--ctx")
                && e.getMessage().contains("--parallel"), e.getMessage());
        try (LlamaContext ok = LlamaContext.create(model, LlamaContext.Params.defaults().withContextSize(512))) {
            assertTrue(ok.contextSize() >= 512, "a sane context still works afterwards");
        }
    }

    @Test
    void theKvEstimateMatchesTheTinyModel() {
        // 2 layers x (K + V) x 256 wide x 2 bytes: llama.cpp allocated exactly 32 GiB for 2^24 cells of this model
        assertTrue(model.kvBytesPerCell() == 2048, "bytes per cell " + model.kvBytesPerCell());
    }
}
