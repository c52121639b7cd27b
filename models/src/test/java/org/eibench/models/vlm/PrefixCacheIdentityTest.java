package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eibench.kernels.llama.LlamaModel;
import org.eibench.models.chat.ChatTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prefix cache changes what is computed, not what is answered: 104 requests shaped like CFSA samples (per sample,
 * image calls under three stage instructions, the questions of a stage fanned out, and a text-only call in between;
 * half greedy, half sampled with their own seeds) give the same tokens, and the same logits to the last bit, with the
 * cache (parked prefixes copied back into other slots) as one sequence at a time without any prefix reuse. More samples run than slots, so a sample's image prefix survives only in the cache.
 */
class PrefixCacheIdentityTest {
    private static final String[] STAGES = {"Describe the scene first.", "Answer the question about the people.",
        "Summarise what the people feel."};
    private static final int SAMPLES = 13;
    private static final int MAX_TOKENS = 4;

    /** Per sample: stage 0 once, stage 1 three questions, a text-only call, stage 2 once, stage 1 twice more. */
    static List<List<GenerationRequest>> rounds(Path dir) throws IOException {
        Random random = new Random(12);
        List<List<GenerationRequest>> rounds = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            rounds.add(new ArrayList<>());
        }
        for (int s = 0; s < SAMPLES; s++) {
            Path file = TinyLlava.noiseImage(dir.resolve("sample-" + s + ".png"), random);
            String sample = "sample-" + s;
            rounds.get(0).add(request(sample, "0", 0, "What is in the image?", file, s));
            for (int q = 1; q <= 3; q++) {
                rounds.get(1).add(request(sample, "1/" + q, 1, "Question " + q + ": who is there?", file, s + q));
            }
            rounds.get(2).add(request(sample, "text", -1, "Write three questions about sample " + s + ".", null, s));
            rounds.get(3).add(request(sample, "2", 2, "How do they feel?", file, s));
            for (int q = 4; q <= 5; q++) {
                rounds.get(4).add(request(sample, "1/" + q, 1, "Question " + q + ": why?", file, s + q));
            }
        }
        return rounds;
    }

    private static GenerationRequest request(String sample, String step, int stage, String question, Path image,
            int seed) {
        SamplingParams sampling = SamplingParams.greedy(MAX_TOKENS).withIgnoreEos(true);
        if (seed % 2 == 1) {
            sampling = sampling.withTemperature(0.8f).withTopK(40).withSeed(1000L + seed);
        }
        String system = stage < 0 ? "SYSTEM: You write questions." : "SYSTEM: " + STAGES[stage];
        String user = image == null ? question : ChatTemplate.MEDIA_MARKER + "\n" + question;
        return GenerationRequest.raw(system + "\nUSER: " + user + "\nASSISTANT:",
                image == null ? List.of() : List.of(ImageInput.of(image)), sampling)
                .withId(sample + "/" + step).withGroup(sample);
    }

    /**
     * Submits the rounds as a runner would: a sample's next round once its previous round finished, samples
     * interleaved, so later samples' calls take the slots of earlier ones.
     */
    static List<DecodeOutcome> run(VisionLanguageModel vlm, List<List<GenerationRequest>> rounds) {
        BatchGenerator generator = vlm.batchGenerator();
        List<DecodeOutcome> outcomes = new ArrayList<>();
        for (List<GenerationRequest> round : rounds) {
            DecodeOutcome[] results = new DecodeOutcome[round.size()];
            for (int i = 0; i < round.size(); i++) {
                int index = i;
                DecodeOutcome.submit(generator, round.get(i), outcome -> results[index] = outcome);
                generator.step();
            }
            generator.runUntilIdle();
            outcomes.addAll(List.of(results));
        }
        return outcomes;
    }

    @Test
    void answersWithTheCacheAreBitIdenticalToAnswersWithoutAnyReuse(@TempDir Path dir) throws IOException {
        List<List<GenerationRequest>> rounds = rounds(dir);
        assertTrue(rounds.stream().mapToInt(List::size).sum() >= 100);
        List<DecodeOutcome> plain;
        WorkCounts without;
        try (VisionLanguageModel one = VisionLanguageModel.load(TinyLlava.spec().optParallel(1)
                .optPrefixReuse(false).build())) {
            plain = run(one, rounds);
            without = one.batchGenerator().stats().work();
        }
        assertEquals(0, without.prefixesCached());
        // room for both image prefixes of every sample (its stage-1 prefix must survive its stage-2 call)
        int cacheSequences = 2 * SAMPLES + 4;
        try (VisionLanguageModel cached = VisionLanguageModel.load(TinyLlava.spec().optParallel(3)
                .optContextSize(3 * 1024).optPrefixCache(cacheSequences * 1024 * tinyBytesPerCell()).build())) {
            assertEquals(plain, run(cached, rounds), "N=3 with " + cacheSequences + " cache sequences");
            WorkCounts with = cached.batchGenerator().stats().work();
            assertTrue(with.prefixesCached() >= SAMPLES, "prefixes were cached: " + with);
            assertTrue(with.cacheCopies() >= SAMPLES, "cached prefixes were copied back: " + with);
            assertEquals(with.distinctImages() * STAGES.length, with.imagePrefills(),
                    "each image is prefilled once per stage instruction before it: " + with);
            assertTrue(with.promptPositionsDecoded() < without.promptPositionsDecoded(), with.toString());
            assertEquals(without.minimumPromptPositions(), with.minimumPromptPositions());
            assertEquals(without.generatedTokens(), with.generatedTokens());
        }
    }

    @Test
    void anEndedSamplesPrefixIsNotCachedUnlessACallOfItIsStillOutstanding(@TempDir Path dir) throws IOException {
        Random random = new Random(5);
        List<GenerationRequest> single = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Path file = TinyLlava.noiseImage(dir.resolve("single-" + s + ".png"), random);
            single.add(request("single-" + s, "0", 0, "What is in the image?", file, 2 * s));
        }
        List<GenerationRequest> ended = single.stream().map(r -> r.withImagesDone(true)).toList();
        // sample a's second call waits behind sample b's only call: a's prefix must survive b in the cache
        Path a = TinyLlava.noiseImage(dir.resolve("a.png"), random);
        Path b = TinyLlava.noiseImage(dir.resolve("b.png"), random);
        List<GenerationRequest> interleaved = List.of(request("a", "1/1", 1, "Question 1?", a, 0),
                request("b", "0", 0, "What is in the image?", b, 2), request("a", "1/2", 1, "Question 2?", a, 4))
                .stream().map(r -> r.withImagesDone(true)).toList();
        try (VisionLanguageModel vlm = VisionLanguageModel.load(TinyLlava.spec().optParallel(1)
                .optContextSize(1024).optPrefixCache(8 * 1024 * tinyBytesPerCell()).build())) {
            List<DecodeOutcome> open = run(vlm, List.of(single));
            WorkCounts afterOpen = vlm.batchGenerator().stats().work();
            assertEquals(single.size() - 1, afterOpen.prefixesCached(), "more calls may follow: " + afterOpen);
            assertEquals(open, run(vlm, List.of(ended)), "the same answers");
            WorkCounts afterEnded = vlm.batchGenerator().stats().work().minus(afterOpen);
            assertEquals(1, afterEnded.prefixesCached(),
                    "only the last open sample's prefix, when the first ended one takes its slot: " + afterEnded);
            run(vlm, List.of(interleaved));
            WorkCounts afterInterleaved = vlm.batchGenerator().stats().work().minus(afterOpen).minus(afterEnded);
            assertEquals(1, afterInterleaved.prefixesCached(), afterInterleaved.toString());
            assertEquals(1, afterInterleaved.cacheCopies(), "a's second call copies the image prefix back: "
                    + afterInterleaved);
        }
    }

    /** KV bytes of one cell of the tiny fixture. */
    static long tinyBytesPerCell() {
        try (LlamaModel model = LlamaModel.load(TinyLlava.model(), LlamaModel.Params.defaults().withGpuLayers(0))) {
            return model.kvBytesPerCell();
        }
    }
}
