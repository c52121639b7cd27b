package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.ScoredSample;
import org.eibench.engine.scores.ScoresWriter;
import org.eibench.engine.scores.SemanticFigures;
import org.eibench.engine.scores.SemanticSection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explorer at the size of a full EI Basic comparison: 1,615 samples, each with its own photo-like image, answered
 * by 4 runs, written by the real writers (samples.jsonl, report) and opened in headless Chromium. Measures the page's
 * size, the time to write it and the time until the first cards show; the figures go to target/explorer-scale.txt.
 */
class ExplorerScaleChromiumTest {
    static final int SAMPLES = 1_615;
    static final int RUNS = 4;
    private static final String[] CATEGORIES = {"Happy", "Angry", "sadness", "excitement"};
    private static final String WORDS = "the man woman child crowd smiles shouts frowns cries laughs because of a"
            + " broken car lost dog birthday party concert rain argument gift exam result friend hug storm news";

    @TempDir
    static Path work;

    @Test
    void aFullBasicComparisonOfFourRunsOpensQuicklyAndStaysResponsive() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "headless Chromium is missing at "
                + HeadlessChromium.BINARY + "; install it with: apt-get install -y chromium");
        Path images = work.resolve("images");
        IntStream.range(0, SAMPLES).parallel().forEach(i -> image(images.resolve(key(i)), i));
        List<Path> runs = new ArrayList<>();
        for (int r = 0; r < RUNS; r++) {
            runs.add(run(work.resolve("run-" + r), r));
        }

        long writeStart = System.nanoTime();
        ReportWriter.write(runs, List.of(), List.of(images), work.resolve("report"));
        Duration write = Duration.ofNanos(System.nanoTime() - writeStart);
        Path html = work.resolve("report").resolve(ReportWriter.HTML);
        long bytes = Files.size(html);
        String page = Files.readString(html);
        long imageBytes = java.util.regex.Pattern.compile("data:image/jpeg;base64,[A-Za-z0-9+/=]*").matcher(page)
                .results().mapToLong(m -> m.end() - m.start()).sum();

        try (HeadlessChromium chromium = HeadlessChromium.launch(work, 1280, 1000)) {
            String ready = "document.getElementById('explorer').dataset.ready === 'true'";
            chromium.open(html.toUri().toString(), ready); // a first open warms the disk cache and Chromium
            chromium.open("about:blank", "true");
            Duration wall = chromium.open(html.toUri().toString(), ready);
            int readyMs = chromium.evaluate("Number(document.getElementById('explorer').dataset.readyMs)").asInt();
            String count = "document.querySelectorAll('#explorer-cards article.card').length";
            int firstCards = chromium.evaluate(count).asInt();
            assertTrue(firstCards > 0 && firstCards <= 24, "lazy: " + firstCards + " cards rendered at first");
            assertEquals(SAMPLES, chromium.evaluate("Number(document.getElementById('explorer-count').dataset"
                    + ".matching)").asInt());
            assertEquals(RUNS, chromium.evaluate("document.querySelectorAll('article.card')[0]"
                    + ".querySelectorAll('.entry').length").asInt(), "four runs side by side");

            // a filter over all 1,615 x 4 answers, timed in the page
            double filterMs = chromium.evaluate("(() => { const t = performance.now();"
                    + " const s = document.getElementById('explorer-triggers'); s.value = 'none-found';"
                    + " s.dispatchEvent(new Event('change')); return performance.now() - t; })()").asDouble();
            int matching = chromium.evaluate("Number(document.getElementById('explorer-count').dataset.matching)")
                    .asInt();
            assertTrue(matching > 0 && matching < SAMPLES, matching + " samples where some run found no trigger");
            double sortMs = chromium.evaluate("(() => { const t = performance.now();"
                    + " const s = document.getElementById('explorer-sort'); s.value = 'judge-desc';"
                    + " s.dispatchEvent(new Event('change')); return performance.now() - t; })()").asDouble();

            // scrolling to the end of the list renders the next batch
            chromium.evaluate("window.scrollTo(0, document.body.scrollHeight)");
            chromium.waitFor(() -> chromium.evaluate(count).asInt() > Math.min(24, matching) || matching <= 24,
                    "the next batch after scrolling");
            int thumbnails = chromium.evaluate("[...document.querySelectorAll('#explorer .thumb img')]"
                    + ".filter(i => i.complete && i.naturalWidth > 0).length").asInt();
            assertTrue(thumbnails > 0, "thumbnails decode");
            Files.write(Path.of("target", "explorer-scale.png"), chromium.screenshot());

            String figures = String.format(Locale.ROOT, "explorer at %d samples x %d runs: report.html %.1f MB"
                    + " (%d bytes, thumbnails %.1f MB); written in %.1f s (thumbnails included); in headless Chromium ready %d ms after"
                    + " navigation start (%d ms wall from navigate), %d cards rendered at first; a trigger filter"
                    + " %.0f ms, a sort %.0f ms; %d CPUs%n", SAMPLES, RUNS, bytes / 1e6, bytes, imageBytes / 1e6,
                    write.toMillis() / 1000.0, readyMs, wall.toMillis(), firstCards, filterMs, sortMs,
                    Runtime.getRuntime().availableProcessors());
            System.out.print(figures);
            Files.writeString(Path.of("target", "explorer-scale.txt"), figures);
            assertTrue(bytes < 40_000_000L, figures);
            assertTrue(readyMs < 15_000, figures);
            assertTrue(filterMs < 3_000 && sortMs < 3_000, figures);
        }
    }

    private static String key(int i) {
        String category = CATEGORIES[i % CATEGORIES.length];
        return i % 2 == 0 ? String.format(Locale.ROOT, "CAER-S/train/%s/%04d.png", category, i)
                : String.format(Locale.ROOT, "EmoSet-118k/image/%s/%s_%05d.jpg", category, category, i);
    }

    /** A photo-like picture (gradient, shapes, noise), so its thumbnail weighs what a photo's does. */
    private static void image(Path file, int seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xffffff)), 400, 300,
                new Color(random.nextInt(0xffffff))));
        g.fillRect(0, 0, 400, 300);
        for (int k = 0; k < 12; k++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillOval(random.nextInt(400), random.nextInt(300), 20 + random.nextInt(120), 20 + random.nextInt(120));
        }
        g.dispose();
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                int noise = random.nextInt(25) - 12;
                int rgb = img.getRGB(x, y);
                int r = Math.clamp(((rgb >> 16) & 0xff) + noise, 0, 255);
                int gr = Math.clamp(((rgb >> 8) & 0xff) + noise, 0, 255);
                int b = Math.clamp((rgb & 0xff) + noise, 0, 255);
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(img, file.toString().endsWith(".png") ? "png" : "jpeg", file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sentence(Random random, int words) {
        String[] vocabulary = WORDS.split(" ");
        StringBuilder s = new StringBuilder();
        for (int w = 0; w < words; w++) {
            s.append(w == 0 ? "" : " ").append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    /** A scored run folder as eibench score writes it: answers of about 600 characters, judge replies, matches. */
    private static Path run(Path dir, int r) throws IOException {
        Random random = new Random(1000 + r);
        List<ScoredSample> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            Random sample = new Random(i); // the same question and ground truth in every run
            String question = "Why does the person in the image feel this way? " + sentence(sample, 6);
            List<String> triggers = IntStream.range(0, 3 + sample.nextInt(3)).mapToObj(k -> sentence(sample, 5))
                    .toList();
            StringBuilder truth = new StringBuilder();
            for (int k = 0; k < triggers.size(); k++) {
                truth.append(k == 0 ? "" : "\n").append(k + 1).append(". ").append(triggers.get(k));
            }
            List<String> answer = IntStream.range(0, 6).mapToObj(k -> sentence(random, 14)).toList();
            List<ScoredSample.TriggerResult> matches = new ArrayList<>();
            List<String> found = new ArrayList<>();
            for (String t : triggers) {
                double similarity = Math.round(random.nextDouble() * 10_000) / 10_000d;
                boolean hit = similarity >= 0.6;
                if (hit) {
                    found.add(t);
                }
                matches.add(new ScoredSample.TriggerResult(t, hit, answer.get(random.nextInt(answer.size())),
                        similarity));
            }
            long correct = random.nextInt(triggers.size() + 1);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("semanticRecall", (double) found.size() / triggers.size());
            samples.add(new ScoredSample(Integer.toString(i), key(i), question, String.join(" ", answer),
                    truth.toString(), "{score: " + correct + "/" + triggers.size() + "} " + sentence(random, 30),
                    "VALID", correct, (long) triggers.size(), 1, found, metrics, matches));
        }
        SemanticSection semantic = new SemanticSection("all-MiniLM-L6-v2",
                Map.of("overall", new SemanticFigures(0.5, 0.5, 0.5, 0.5, 0.6, SAMPLES)), Map.of());
        ScoresWriter.write(dir, ScoresWriter.assemble(new RunIdentity("run-" + r, "model-" + r, "cfsa",
                "emotion-expert", "basic"), null, semantic, null), samples);
        return dir;
    }
}
