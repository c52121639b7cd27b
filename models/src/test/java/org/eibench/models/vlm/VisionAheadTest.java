package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.eibench.models.chat.ChatTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preparation stage ({@link Preparation}): requests are read and tokenized (and with {@code --vision-ahead on} their
 * images encoded) on their own thread while the decoding thread decodes; answers, failures and (tokenizing ahead) the
 * work counts are the same as with inline preparation, and the time accounting says which thread did what.
 */
class VisionAheadTest {
    private static Path secondImage(Path dir) throws Exception {
        BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 140, 200));
        g.fillRect(0, 0, 96, 64);
        g.setColor(Color.ORANGE);
        g.fillOval(20, 10, 40, 40);
        g.dispose();
        Path file = dir.resolve("second.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static GenerationRequest ask(String id, String question, Path image, int maxTokens) {
        String prompt = "USER: " + (image == null ? "" : ChatTemplate.MEDIA_MARKER) + question + "\nASSISTANT:";
        return GenerationRequest.raw(prompt, image == null ? List.of() : List.of(ImageInput.of(image)),
                SamplingParams.greedy(maxTokens).withIgnoreEos(true)).withId(id);
    }

    private static VisionLanguageModel load(int parallel, boolean ahead) {
        return load(parallel, ahead ? Preparation.ENCODE_AHEAD : Preparation.INLINE);
    }

    private static VisionLanguageModel load(int parallel, Preparation preparation) {
        VisionLanguageModel vlm = VisionLanguageModel.load(TinyLlava.spec().optParallel(parallel)
                .optContextSize(parallel * 1024).optVisionAhead(preparation == Preparation.ENCODE_AHEAD)
                .optPrepareAhead(preparation == Preparation.TOKENIZE_AHEAD).build());
        assertEquals(preparation, vlm.batchGenerator().preparation());
        return vlm;
    }

    /** Eight requests: two readable images, text-only ones and an unreadable image (request r3). */
    private static List<GenerationRequest> mixedRequests(Path tmp) throws Exception {
        Path second = secondImage(tmp);
        Path broken = Files.writeString(tmp.resolve("broken.jpg"), "not a jpeg at all");
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path image = switch (i % 4) {
                case 0 -> TinyLlava.image();
                case 1 -> second;
                case 2 -> null;
                default -> i == 3 ? broken : second;
            };
            requests.add(ask("r" + i, "Question " + i + ": what do you see?", image, 6 + i));
        }
        return requests;
    }

    @Test
    void tokenizingAheadGivesTheInlineAnswersScheduleAndCountsAndAccountsForBothThreads(@TempDir Path tmp)
            throws Exception {
        List<GenerationRequest> requests = mixedRequests(tmp);
        List<String> inline;
        GenerationStats inlineStats;
        try (VisionLanguageModel plain = load(3, Preparation.INLINE)) {
            inline = describe(plain.batchGenerator().runAll(requests));
            inlineStats = plain.batchGenerator().stats();
        }
        assertEquals(PreparationTimes.NONE, inlineStats.ahead(), "nothing ran off the decoding thread");
        assertEquals(8, inlineStats.admission().requests());
        assertTrue(inlineStats.admission().imageReadNanos() > 0 && inlineStats.admission().tokenizeNanos() > 0
                && inlineStats.admission().encodeNanos() > 0, inlineStats.toString());
        assertAddsUp(inlineStats);
        try (VisionLanguageModel ahead = load(3, Preparation.TOKENIZE_AHEAD)) {
            List<BatchResult> results = ahead.batchGenerator().runAll(requests);
            assertEquals(inline, describe(results));
            assertTrue(results.get(3).failure().getMessage().contains("not an image"),
                    results.get(3).failure().getMessage());
            GenerationStats stats = ahead.batchGenerator().stats();
            assertEquals(inlineStats.work(), stats.work(), "the same groups admitted at the same steps");
            assertEquals(inlineStats.decodeCalls(), stats.decodeCalls());
            assertEquals(2, stats.imagesEncoded());
            assertEquals(8, stats.ahead().requests(), "every request read and tokenized on the stage thread");
            assertTrue(stats.ahead().imageReadNanos() > 0 && stats.ahead().tokenizeNanos() > 0, stats.toString());
            assertEquals(0, stats.ahead().encodeNanos(), "the encoder stays on the decoding thread");
            assertEquals(0, stats.admission().requests());
            assertEquals(0, stats.admission().imageReadNanos() + stats.admission().tokenizeNanos());
            assertTrue(stats.admission().encodeNanos() > 0, stats.toString());
            assertEquals(stats.imageEncodeNanos(), stats.admission().encodeNanos());
            assertAddsUp(stats);
            assertTrue(ahead.batchGenerator().isIdle());
        }
    }

    /** The decoding thread's steps are their native calls, admission's preparation and the step loop's Java. */
    private static void assertAddsUp(GenerationStats stats) {
        PreparationTimes admission = stats.admission();
        assertTrue(admission.javaNanos() >= 0, "admission's native calls are inside it: " + admission);
        assertTrue(stats.loopJavaNanos() >= 0, stats.toString());
        assertEquals(stats.stepNanos(), stats.decodeNanos() + stats.imageDecodeNanos() + stats.sampleNanos()
                + admission.imageReadNanos() + admission.tokenizeNanos() + admission.encodeNanos()
                + admission.javaNanos() + stats.loopJavaNanos());
        assertEquals(stats.javaNanos(), admission.javaNanos() + stats.loopJavaNanos());
        assertTrue(stats.steps() >= stats.decodeCalls(), stats.toString());
    }

    @Test
    void answersAndFailuresAreTheSameAsWithInlinePreparation(@TempDir Path tmp) throws Exception {
        List<GenerationRequest> requests = mixedRequests(tmp);
        List<String> inline;
        try (VisionLanguageModel plain = load(1, false)) {
            assertFalse(plain.batchGenerator().visionAhead());
            inline = describe(plain.generateAll(requests, null));
        }
        try (VisionLanguageModel ahead = load(3, true)) {
            assertTrue(ahead.batchGenerator().visionAhead());
            List<BatchResult> results = ahead.generateAll(requests, null);
            assertEquals(inline, describe(results));
            assertTrue(results.get(3).failure().getMessage().contains("not an image"),
                    results.get(3).failure().getMessage());
            GenerationStats stats = ahead.batchGenerator().stats();
            assertEquals(2, stats.imagesEncoded(), "two distinct readable images, each encoded once: " + stats);
            assertEquals(7, stats.completed());
            assertEquals(1, stats.failed());
            assertTrue(ahead.batchGenerator().isIdle());
        }
    }

    @Test
    void theNextImageIsEncodedWhileTheSlotIsStillDecoding(@TempDir Path tmp) throws Exception {
        Path second = secondImage(tmp);
        for (boolean ahead : new boolean[] {false, true}) {
            try (VisionLanguageModel vlm = load(1, ahead)) {
                BatchGenerator generator = vlm.batchGenerator();
                List<BatchResult> results = new ArrayList<>();
                generator.submit(ask("first", "Describe the image.", TinyLlava.image(), 24), results::add);
                generator.submit(ask("second", "Describe the image.", second, 4), results::add);
                while (generator.activeSequences() == 0) {
                    generator.step();
                }
                generator.step();
                // the one slot is busy with the first request; no step runs while we wait
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (ahead && generator.stats().imagesEncoded() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(1, generator.activeSequences());
                assertEquals(1, generator.pendingRequests());
                assertEquals(ahead ? 2 : 1, generator.stats().imagesEncoded(),
                        ahead ? "the vision thread encoded the waiting request's image" : "inline: at admission");
                generator.runUntilIdle();
                assertEquals(2, results.size());
                results.forEach(r -> assertTrue(r.succeeded(), () -> r.failure().getMessage()));
            }
        }
    }

    @Test
    void closingWithPreparedRequestsFreesThem(@TempDir Path tmp) throws Exception {
        Path second = secondImage(tmp);
        VisionLanguageModel vlm = load(1, true);
        BatchGenerator generator = vlm.batchGenerator();
        List<BatchResult> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            generator.submit(ask("q" + i, "Question " + i, i % 2 == 0 ? TinyLlava.image() : second, 4), results::add);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (generator.stats().imagesEncoded() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, generator.stats().imagesEncoded(), "requests were prepared before any step");
        vlm.close(); // stops the vision thread, frees the prepared requests' chunks and samplers
        assertEquals(List.of(), results, "dropped requests are not reported");
    }

    private static List<String> describe(List<BatchResult> results) {
        return results.stream().map(r -> r.request().id() + " " + (r.succeeded() ? r.generation().tokens()
                : "failed")).toList();
    }
}
