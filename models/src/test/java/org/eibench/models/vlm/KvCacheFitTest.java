package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eibench.kernels.llama.LlamaModel;
import org.junit.jupiter.api.Test;

/** Sizing the KV cache to the memory it may take: the arithmetic, and a real load of the tiny LLaVA under a cap. */
class KvCacheFitTest {
    private static final long MIB = 1L << 20;

    @Test
    void aRequestThatFitsIsUnchanged() {
        KvCacheFit fit = KvCacheFit.fit(8, 8 * 1024, 512 * 1024, 8L * 1024 * 512 * 1024, "free");
        assertEquals(new KvCacheFit(8, 8192, null), fit);
    }

    @Test
    void tooManySequencesBecomeFewerOfTheSameSize() {
        // 7B f16: 512 KiB per cell; 64 x 1024 cells need 32 GiB, 20 GiB are free
        KvCacheFit fit = KvCacheFit.fit(64, 64 * 1024, 512 * 1024, 20L * 1024 * MIB, "free on [CUDA0]");
        assertEquals(40, fit.parallel());
        assertEquals(40 * 1024, fit.contextSize());
        assertTrue(fit.adjustment().contains("running 40 sequences of 1024 cells")
                && fit.adjustment().contains("free on [CUDA0]") && fit.adjustment().contains("--parallel 40"),
                fit.adjustment());
    }

    @Test
    void oneLongSequenceIsShortenedDownToTheFloor() {
        KvCacheFit fit = KvCacheFit.fit(1, 32768, 512 * 1024, 2L * 1024 * MIB, "free");
        assertEquals(1, fit.parallel());
        assertEquals(4096, fit.contextSize());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> KvCacheFit.fit(1, 4096, 512 * 1024, 256 * MIB, "free on [CUDA0]"));
        assertTrue(none.getMessage().contains("-ngl") && none.getMessage().contains("256.0 MiB"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KvCacheFit.fit(1, 4096, 512 * 1024, -5, "free"));
        assertThrows(IllegalArgumentException.class, () -> KvCacheFit.fit(0, 4096, 512 * 1024, MIB, "free"));
    }

    @Test
    void theTinyModelUnderACapRunsFewerSequencesAndStillAnswers() {
        long bytesPerCell;
        try (LlamaModel model = LlamaModel.load(TinyLlava.model(), LlamaModel.Params.defaults().withGpuLayers(0))) {
            bytesPerCell = model.kvBytesPerCell();
        }
        // room for 2.5 sequences of 1024 cells: 4 are asked for, 2 run
        long cap = bytesPerCell * 1024 * 5 / 2;
        try (VisionLanguageModel vlm = VisionLanguageModel.load(TinyLlava.spec().optParallel(4).optContextSize(4096)
                .optKvMemoryLimit(cap).build())) {
            assertEquals(2, vlm.batchGenerator().parallelism());
            assertEquals(1024, vlm.batchGenerator().positionsPerSequence());
            assertEquals(2, vlm.info().parallel());
            List<BatchResult> results = vlm.generateAll(List.of(
                    GenerationRequest.raw(TinyLlava.PROMPT, List.of(ImageInput.of(TinyLlava.image())),
                            SamplingParams.greedy(4).withIgnoreEos(true)),
                    GenerationRequest.raw("USER: hello\nASSISTANT:", List.of(), SamplingParams.greedy(4)),
                    GenerationRequest.raw("USER: again\nASSISTANT:", List.of(), SamplingParams.greedy(4))), null);
            results.forEach(r -> assertTrue(r.succeeded(), () -> r.failure().getMessage()));
        }
        try (VisionLanguageModel roomy = VisionLanguageModel.load(TinyLlava.spec().optParallel(2).optContextSize(2048)
                .build())) {
            assertEquals(2, roomy.batchGenerator().parallelism(), "host memory is plenty for the tiny model");
        }
        assertNull(KvCacheFit.fit(2, 2048, bytesPerCell, cap, "cap").adjustment());
    }
}
