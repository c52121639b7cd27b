package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.eibench.models.chat.ChatTemplate;
import org.junit.jupiter.api.Test;

/**
 * KV prefix reuse on the tiny LLaVA: at temperature 0 answers are the same with and without it (CPU, flash attention
 * off), and the counters show the image's positions were not decoded again.
 */
class PrefixReuseTest {
    private static final int IMAGE_POSITIONS = 576;
    private static final String[] QUESTIONS = {"Describe the image.", "What is in the picture?", "Why is she sad?",
        "Tell me a story about this image, please.", "Colors?", "Describe the image. Be brief."};

    private static GenerationRequest ask(String question, int maxTokens) {
        return GenerationRequest.raw("USER: " + ChatTemplate.MEDIA_MARKER + question + "\nASSISTANT:",
                List.of(ImageInput.of(TinyLlava.image())), SamplingParams.greedy(maxTokens).withIgnoreEos(true))
                .withId(question);
    }

    private static List<GenerationRequest> sameImage() {
        List<GenerationRequest> list = new ArrayList<>();
        for (int i = 0; i < QUESTIONS.length; i++) {
            list.add(ask(QUESTIONS[i], 8 + i));
        }
        return list;
    }

    private static List<List<Integer>> answers(List<BatchResult> results) {
        return results.stream().map(r -> r.orThrow().tokens()).toList();
    }

    private static VisionLanguageModel load(int parallel, boolean reuse) {
        return VisionLanguageModel.load(TinyLlava.spec().optParallel(parallel).optContextSize(parallel * 1024)
                .optPrefixReuse(reuse).build());
    }

    private static List<List<Integer>> withoutReuse(List<GenerationRequest> requests) {
        try (VisionLanguageModel plain = load(1, false)) {
            List<List<Integer>> answers = answers(plain.generateAll(requests, null));
            assertEquals(0, plain.batchGenerator().stats().reusedPositions(), "reuse switched off");
            return answers;
        }
    }

    @Test
    void answersAreTheSameWithAndWithoutReuse() {
        List<GenerationRequest> requests = sameImage();
        List<List<Integer>> expected = withoutReuse(requests);
        try (VisionLanguageModel one = load(1, true)) {
            assertEquals(expected, answers(one.generateAll(requests, null)), "N=1 with reuse");
            GenerationStats stats = one.batchGenerator().stats();
            assertEquals(requests.size() - 1, stats.prefixReuseHits(), "every request after the first reuses");
            assertTrue(stats.reusedPositions() >= (requests.size() - 1L) * (IMAGE_POSITIONS + 4),
                    "BOS, 'USER: ' and the image are not decoded again: " + stats.reusedPositions());
            assertEquals(1, stats.imageDecodeCalls(), "the image is decoded into the KV cache once");
        }
        try (VisionLanguageModel four = load(4, true)) {
            assertEquals(expected, answers(four.generateAll(requests, null)), "N=4 with reuse");
            assertTrue(four.batchGenerator().stats().reusedPositions() >= 2L * IMAGE_POSITIONS,
                    "the two requests admitted after the first four reuse a finished sequence: "
                            + four.batchGenerator().stats());
            List<GenerationRequest> again = requests.reversed();
            assertEquals(expected.reversed(), answers(four.generateAll(again, null)), "N=4, reversed, warm slots");
        }
    }

    @Test
    void aSequenceCopiesThePrefixAnotherOneIsDecoding() {
        List<GenerationRequest> pair = List.of(ask(QUESTIONS[0], 12), ask(QUESTIONS[3], 12));
        List<List<Integer>> expected = withoutReuse(pair);
        try (VisionLanguageModel two = load(2, true)) {
            BatchGenerator generator = two.batchGenerator();
            BatchResult[] results = new BatchResult[2];
            generator.submit(pair.get(0), r -> results[0] = r);
            while (generator.stats().imageDecodeCalls() == 0) {
                generator.step();
            }
            generator.submit(pair.get(1), r -> results[1] = r);
            generator.runUntilIdle();
            assertEquals(expected, answers(List.of(results)));
            GenerationStats stats = generator.stats();
            assertEquals(1, stats.prefixReuseHits(), stats.toString());
            assertEquals(1, stats.imageDecodeCalls(), "the second sequence got the image's cells by seq_cp");
            assertTrue(stats.reusedPositions() >= IMAGE_POSITIONS + 4, stats.toString());
        }
    }

    @Test
    void requestsAdmittedTogetherDecodeTheirSharedImageOnce() {
        List<GenerationRequest> requests = sameImage().subList(0, 4);
        List<List<Integer>> expected = withoutReuse(requests);
        try (VisionLanguageModel four = load(4, true)) {
            BatchGenerator generator = four.batchGenerator();
            assertEquals(expected, answers(four.generateAll(requests, null)), "four at once, three waiting");
            GenerationStats stats = generator.stats();
            assertEquals(1, stats.imageDecodeCalls(), "only the leader decodes the image: " + stats);
            assertEquals(3, stats.prefixWaits(), stats.toString());
            assertEquals(3, stats.prefixReuseHits(), stats.toString());
            assertTrue(stats.reusedPositions() >= 3L * (IMAGE_POSITIONS + 4), stats.toString());
        }
    }

    @Test
    void aWaitingRequestTakesWhatIsLeftWhenItsLeadersSlotIsReused() {
        // the leader stops after one token; before the follower starts, a text-only request takes the leader's slot
        // and cuts its cells to their few shared text positions, so the follower must decode the image itself
        GenerationRequest leader = ask(QUESTIONS[0], 1);
        GenerationRequest follower = ask(QUESTIONS[2], 8);
        GenerationRequest textOnly = GenerationRequest.raw("USER: Hello\nASSISTANT:", List.of(),
                SamplingParams.greedy(4).withIgnoreEos(true)).withId("text");
        List<GenerationRequest> requests = List.of(leader, follower, textOnly);
        List<List<Integer>> expected = withoutReuse(requests);
        try (VisionLanguageModel two = load(2, true)) {
            assertEquals(expected, answers(two.generateAll(requests, null)));
            GenerationStats stats = two.batchGenerator().stats();
            assertEquals(1, stats.prefixWaits(), "the follower waited for the leader: " + stats);
            assertEquals(2, stats.imageDecodeCalls(), "the follower found the image gone and decoded it: " + stats);
        }
    }

    @Test
    void aPromptInsideTheRetainedOneStillDecodesItsLastToken() {
        GenerationRequest full = ask("Describe the image. Be brief.", 10);
        GenerationRequest shorter = ask("Describe the image.", 10);
        GenerationRequest cut = GenerationRequest.raw("USER: " + ChatTemplate.MEDIA_MARKER + "Describe the image.",
                full.images(), full.sampling()).withId("cut");
        List<GenerationRequest> requests = List.of(full, full, shorter, cut);
        List<List<Integer>> expected = withoutReuse(requests);
        try (VisionLanguageModel one = load(1, true)) {
            List<BatchResult> results = one.generateAll(requests, null);
            assertEquals(expected, answers(results));
            results.forEach(r -> assertEquals(10, r.orThrow().generatedTokens(), r.request().id()));
            GenerationStats stats = one.batchGenerator().stats();
            assertEquals(3, stats.prefixReuseHits());
            int fullPrompt = results.get(0).orThrow().promptTokens();
            int cutPrompt = results.get(3).orThrow().promptTokens();
            assertTrue(cutPrompt < fullPrompt, "the cut prompt is shorter: " + cutPrompt + " vs " + fullPrompt);
            assertTrue(stats.reusedPositions() >= (fullPrompt - 1) + (cutPrompt - 1),
                    "the same prompt again and a prompt inside the retained one reuse all but their last token: "
                            + stats);
        }
    }
}
