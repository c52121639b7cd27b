package org.eibench.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.metrics.LongTermCoherence;
import org.eibench.engine.metrics.SemanticCalibration;
import org.eibench.engine.metrics.SemanticRecall;
import org.eibench.engine.scores.CalibrationRows;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.SampleMetric;
import org.eibench.engine.scores.ScoredSample;
import org.eibench.engine.scores.SemanticSection;
import org.eibench.engine.stats.Bootstrap;
import org.eibench.engine.stats.StatisticsSettings;
import org.eibench.kernels.similarity.CosineKernel;
import org.eibench.kernels.similarity.CosineKernels;
import org.eibench.models.scorer.SentenceEncoder;
import org.eibench.models.scorer.SentenceEncoders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intervals and calibration rows of the semantic scorer, with the embedded MiniLM on the mini EIBench. */
class RunScorerStatisticsTest {
    private static final Path MINI = Path.of("..", "data", "mini-eibench");
    private static SentenceEncoder encoder;
    private static CosineKernel kernel;

    @BeforeAll
    static void open() throws Exception {
        encoder = SentenceEncoders.open(SentenceEncoders.DEFAULT);
        kernel = CosineKernels.byName("java");
    }

    @AfterAll
    static void close() throws Exception {
        kernel.close();
        encoder.close();
    }

    /** A hand-made predictions folder: three samples in four answer with their ground truth, the rest off topic. */
    private static ScoringInput input(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode truth = json.readTree(MINI.resolve("basic_ground_truth.json").toFile());
        StringBuilder lines = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = truth.fields();
        for (int i = 0; it.hasNext(); i++) {
            var e = it.next();
            String answer = i % 4 != 3 ? e.getValue().asText()
                    : "The weather report says rain. Traffic was slow this morning. Prices went up.";
            lines.append(json.createObjectNode().put(e.getKey(), answer)).append('\n');
        }
        Files.writeString(dir.resolve("predictions.jsonl"), lines);
        return ScoringInput.load(dir, MINI, Benchmark.BASIC);
    }

    @Test
    void everySemanticFigureCarriesTheIntervalOfItsSamplesAndTheCalibrationBracketsTheRun(@TempDir Path dir)
            throws Exception {
        StatisticsSettings settings = new StatisticsSettings(2_000, 10_000, 5);
        RunScorer scorer = new RunScorer(input(dir), settings);
        SemanticRecall recall = new SemanticRecall(encoder, kernel, SemanticCalibration.load().threshold());
        SemanticSection section = scorer.semantic(recall, encoder.name(), kernel.name(), "test");

        JudgeCategories categories = JudgeCategories.load("basic");
        Bootstrap bootstrap = new Bootstrap(2_000, 5);
        for (String category : List.of("happy", "angry", "sad", "excitement", "overall")) {
            List<Double> values = new ArrayList<>();
            for (ScoredSample s : scorer.samples()) {
                if (category.equals("overall") || categories.categoryOf(s.image()).orElse("").equals(category)) {
                    values.add(SampleMetric.SEMANTIC_RECALL.of(s).getAsDouble());
                }
            }
            var figures = section.categories().get(category);
            assertEquals(bootstrap.mean(values.stream().mapToDouble(Double::doubleValue).toArray()), figures.ci95(),
                    category);
            assertEquals(figures.n(), figures.ci95().n());
            assertTrue(figures.ci95().contains(figures.recall()), category + ": " + figures);
        }

        CalibrationRows rows = section.calibration();
        assertNotNull(rows);
        assertEquals(5, rows.seed());
        double run = section.categories().get("overall").recall();
        double ceiling = rows.groundTruthAsAnswer().get("overall").recall();
        double chance = rows.otherImageGroundTruth().get("overall").recall();
        assertEquals(1.0, ceiling, 1e-9, "each trigger written as a sentence is found again");
        assertTrue(chance < run && run < ceiling, chance + " < " + run + " < " + ceiling);
        assertEquals(8, rows.otherImageGroundTruth().get("overall").n());
        assertEquals(List.copyOf(section.categories().keySet()), List.copyOf(rows.groundTruthAsAnswer().keySet()));

        SemanticSection again = new RunScorer(input(dir), settings).semantic(recall, encoder.name(), kernel.name(), "test");
        assertEquals(section, again, "seeded: the same intervals and the same chance row");
    }

    @Test
    void coherenceCarriesBothIntervals(@TempDir Path dir) throws Exception {
        RunScorer scorer = new RunScorer(input(dir), StatisticsSettings.DEFAULT);
        CoherenceSection c = scorer.coherence(new LongTermCoherence(encoder), encoder.name(), "minilm");
        assertEquals(c.nUsed(), c.ci95().n());
        assertEquals(c.referenceUsed(), c.referenceCi95().n());
        assertTrue(c.ci95().contains(c.mean()), c.toString());
        double[] scored = scorer.samples().stream().map(SampleMetric.COHERENCE::of).filter(v -> v.isPresent())
                .mapToDouble(v -> v.getAsDouble()).toArray();
        assertEquals(StatisticsSettings.DEFAULT.bootstrap().mean(scored), c.ci95());
    }

    @Test
    void theCeilingAnswerIsTheTriggersAsSentences() {
        assertEquals("Smiling mouth. Calm eyes! A cake.",
                RunScorer.groundTruthAsAnswer("1. Smiling mouth\n2. Calm eyes!\n3. A cake."));
    }
}
