package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.eibench.kernels.llama.LlamaModel;
import org.eibench.kernels.llama.MtmdBitmap;
import org.eibench.kernels.llama.MtmdContext;
import org.eibench.kernels.llama.MtmdInputChunks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The patched llama.cpp build against HF transformers on the tiny LLaVA fixture (reference.json "hf"): prompt
 * tokens, first-token logits and the 32-token greedy continuation.
 */
class TinyLlavaParityTest {
    /** HF's own top-1 minus top-2 margin below which f16 arithmetic may legitimately flip a greedy step. */
    private static final double NEAR_TIE = 0.05;

    private static VisionLanguageModel vlm;
    private static JsonNode reference;

    @BeforeAll
    static void load() {
        reference = TinyLlava.reference();
        vlm = VisionLanguageModel.load(TinyLlava.spec().build());
    }

    @AfterAll
    static void close() {
        if (vlm != null) {
            vlm.close();
        }
    }

    private static GenerationRequest referenceRequest(int maxTokens) {
        return GenerationRequest.raw(TinyLlava.PROMPT, List.of(ImageInput.of(TinyLlava.image())),
                SamplingParams.greedy(maxTokens).withIgnoreEos(true));
    }

    @Test
    void promptTokensMatchTheReference() {
        JsonNode ids = reference.get("prompt_token_ids");
        try (LlamaModel model = LlamaModel.load(TinyLlava.model(), LlamaModel.Params.defaults().withGpuLayers(0));
                MtmdContext mtmd = MtmdContext.load(TinyLlava.mmproj(), model, new MtmdContext.Params(false, 2,
                        false));
                MtmdBitmap bitmap = mtmd.bitmapFromFile(TinyLlava.image());
                MtmdInputChunks chunks = mtmd.tokenize(TinyLlava.PROMPT, List.of(bitmap), true, true)) {
            assertEquals(ids.get("n_total").asInt(), chunks.tokenCount());
            assertEquals(3, chunks.size());
            List<Integer> first = toList(chunks.get(0).textTokens());
            assertEquals(ids.get("bos").asInt(), first.getFirst());
            assertEquals(TinyLlava.ints(ids.get("seg1")), first.subList(1, first.size()));
            assertEquals(ids.get("n_image").asInt(), chunks.get(1).tokenCount());
            assertEquals(TinyLlava.ints(ids.get("seg2")), toList(chunks.get(2).textTokens()));
        }
    }

    @Test
    void greedyContinuationMatchesHuggingFace() {
        List<Integer> expected = TinyLlava.ints(reference.get("hf").get("greedy_32_ids"));
        LogitTrace trace = vlm.trace(referenceRequest(expected.size()));
        Generation generation = trace.generation();
        assertEquals(589, generation.promptTokens());
        List<Integer> actual = generation.tokens();
        int divergence = firstDifference(expected, actual);
        if (divergence < 0) {
            return;
        }
        List<Integer> unpatched = TinyLlava.ints(reference.get("llamacpp").get("greedy_32_ids"));
        if (actual.equals(unpatched)) {
            fail("the greedy ids equal reference.json's 'llamacpp' variant, i.e. upstream llama.cpp WITHOUT the"
                    + " project's LLaVA patch: the native build at " + nativeDir() + " is unpatched; rebuild it"
                    + " with native/build.sh");
        }
        double ourMargin = trace.margin(divergence);
        String report = "greedy ids diverge from HF at step " + divergence + ": expected " + expected.get(divergence)
                + ", got " + actual.get(divergence) + "; our top-1/top-2 logit margin there is " + ourMargin;
        float[] logits = trace.logits().get(divergence);
        double gap = Math.abs(logits[expected.get(divergence)] - logits[actual.get(divergence)]);
        // on the CPU without flash attention (the default there) all 32 ids match; with its f16 accumulation the
        // near-tie of step 15 (HF margin 0.011) flips, which is why the default turns it off on the CPU
        fail(report + "; logit(HF token) vs logit(our token) there differ by " + gap
                + (gap <= NEAR_TIE ? " (a rounding-level tie: check the flash-attention setting)" : " (a real defect)"));
    }

    @Test
    void firstTokenTopFiveLogitsMatchHuggingFace() {
        LogitTrace trace = vlm.trace(referenceRequest(1));
        float[] logits = trace.logits().getFirst();
        for (JsonNode entry : reference.get("hf").get("first_token_top5")) {
            int token = entry.get(0).asInt();
            double expected = entry.get(2).asDouble();
            double relative = Math.abs(logits[token] - expected) / Math.abs(expected);
            assertTrue(relative <= 1e-2, "token " + token + " (" + entry.get(1).asText() + "): logit " + logits[token]
                    + " vs HF " + expected + ", relative difference " + relative);
        }
        int top = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[top]) {
                top = i;
            }
        }
        assertEquals(reference.get("hf").get("first_token_top5").get(0).get(0).asInt(), top);
    }

    @Test
    void greedyIsDeterministic() {
        Generation first = vlm.generate(referenceRequest(16));
        Generation second = vlm.generate(referenceRequest(16));
        assertEquals(first.tokens(), second.tokens());
        assertEquals(first.text(), second.text());
        assertEquals(StopReason.MAX_TOKENS, first.stopReason());
        assertEquals(16, first.generatedTokens());
    }

    private static String nativeDir() {
        return org.eibench.kernels.llama.NativeLibraries.get().directory().toString();
    }

    private static int firstDifference(List<Integer> expected, List<Integer> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return i;
            }
        }
        return expected.size() == actual.size() ? -1 : Math.min(expected.size(), actual.size());
    }

    private static List<Integer> toList(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int value : values) {
            out.add(value);
        }
        return out;
    }
}
