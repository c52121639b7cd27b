package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eibench.models.chat.ChatTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Greedy answers do not depend on the schedule, bit for bit: 100 requests (several questions on each of a few noise
 * images, as CFSA asks them, and text-only ones) give the same tokens and the same logits, to the last bit, whether
 * decoded one at a time or four together, with prefix reuse, in two different admission schedules. Before the CPU
 * build switched llama.cpp's llamafile sgemm off, a sequence's logits depended on which sequences shared its
 * micro-batch (see docs/reliability.md, "Greedy runs are reproducible").
 */
class ScheduleInvarianceTest {
    private static final String[] QUESTIONS = {"How many people are in the image?",
        "What are the people in the image doing?", "What facial expressions do the people in the image show?",
        "What body movements and postures do the people in the image show?"};
    private static final String[] ENDINGS = {"", " Answer briefly.", " Answer briefly, from what is visible.",
        " Why?"};
    /** Few images, many questions on each (as CFSA asks): the image decodes, not the questions, cost the time. */
    private static final int IMAGES = 5;
    private static final int TEXT_ONLY_PER_IMAGE = 4;
    private static final int MAX_TOKENS = 4;

    private static List<GenerationRequest> requests(Path dir) throws IOException {
        Random random = new Random(11);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            Path file = TinyLlava.noiseImage(dir.resolve("noise-" + i + ".png"), random);
            for (int q = 0; q < QUESTIONS.length * ENDINGS.length + TEXT_ONLY_PER_IMAGE; q++) {
                boolean withImage = q < QUESTIONS.length * ENDINGS.length;
                String question = withImage ? ChatTemplate.MEDIA_MARKER + QUESTIONS[q % QUESTIONS.length]
                        + ENDINGS[q / QUESTIONS.length] : "Why is person " + q + " in picture " + i + " sad?";
                requests.add(GenerationRequest.raw("USER: " + question + "\nASSISTANT:",
                        withImage ? List.of(ImageInput.of(file)) : List.of(),
                        SamplingParams.greedy(MAX_TOKENS).withIgnoreEos(true)).withId(i + "/" + q));
            }
        }
        return requests;
    }

    /**
     * Runs every request, submitting request {@code i} after {@code stepsBetween[i % length]} steps of the generator
     * (a schedule: how requests arrive while others decode).
     */
    private static List<DecodeOutcome> run(VisionLanguageModel vlm, List<GenerationRequest> requests,
            int... stepsBetween) {
        BatchGenerator generator = vlm.batchGenerator();
        DecodeOutcome[] outcomes = new DecodeOutcome[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            DecodeOutcome.submit(generator, requests.get(i), outcome -> outcomes[index] = outcome);
            for (int s = 0; s < stepsBetween[i % stepsBetween.length]; s++) {
                generator.step();
            }
        }
        generator.runUntilIdle();
        return List.of(outcomes);
    }

    @Test
    void oneHundredGreedyAnswersAreBitIdenticalAcrossSchedules(@TempDir Path dir) throws IOException {
        List<GenerationRequest> requests = requests(dir);
        assertTrue(requests.size() >= 100);
        List<DecodeOutcome> alone;
        try (VisionLanguageModel one = VisionLanguageModel.load(TinyLlava.spec().optParallel(1).build())) {
            alone = run(one, requests, 0);
        }
        try (VisionLanguageModel four = VisionLanguageModel.load(TinyLlava.spec().optParallel(4)
                .optContextSize(4 * 1024).build())) {
            assertEquals(alone, run(four, requests, 0), "N=4, all submitted at once");
            assertEquals(alone, run(four, requests, 1, 0, 3, 0, 0, 2), "N=4, arriving while others decode");
            GenerationStats stats = four.batchGenerator().stats();
            assertTrue(stats.prefixReuseHits() > requests.size(), "prefixes were reused and copied: " + stats);
            assertTrue(stats.prefixWaits() > 0, "some requests waited for a leader: " + stats);
        }
    }

    /**
     * Requests with an image each, as EIBench's {@code user} mode sends them: N=4 decodes the images of the requests
     * admitted together in shared calls ({@code MtmdContext#decodeImages}), also when one of them reaches its image a
     * step early because its slot already holds the text before it (a warm-up request ran there), and the answers and
     * logits stay those of N=1 to the last bit.
     */
    @Test
    void imagesDecodedTogetherGiveTheAnswersOfOneAtATime(@TempDir Path dir) throws IOException {
        Random random = new Random(5);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 9; i++) { // the first one warms a slot up alone
            Path file = TinyLlava.noiseImage(dir.resolve("own-" + i + ".png"), random);
            requests.add(GenerationRequest.raw("USER: " + ChatTemplate.MEDIA_MARKER + QUESTIONS[i % QUESTIONS.length]
                    + "\nASSISTANT:", List.of(ImageInput.of(file)),
                    SamplingParams.greedy(MAX_TOKENS).withIgnoreEos(true)).withId("own/" + i));
        }
        List<DecodeOutcome> alone;
        try (VisionLanguageModel one = VisionLanguageModel.load(TinyLlava.spec().optParallel(1).build())) {
            alone = run(one, requests, 0);
            assertEquals(0, one.batchGenerator().stats().imagesDecodedTogether(), "N=1: one image per call");
        }
        try (VisionLanguageModel four = VisionLanguageModel.load(TinyLlava.spec().optParallel(4)
                .optContextSize(4 * 1024).build())) {
            BatchGenerator generator = four.batchGenerator();
            List<DecodeOutcome> together = new ArrayList<>(run(four, requests.subList(0, 1), 0));
            together.addAll(run(four, requests.subList(1, requests.size()), 0));
            assertEquals(alone, together, "N=4, images decoded together");
            GenerationStats stats = generator.stats();
            assertEquals(9, stats.imageDecodeCalls(), "every image decoded once: " + stats);
            assertEquals(8, stats.imagesDecodedTogether(), "two rounds of four shared calls: " + stats);
        }
    }
}
