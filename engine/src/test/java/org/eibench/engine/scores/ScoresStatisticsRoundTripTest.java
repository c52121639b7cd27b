package org.eibench.engine.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eibench.engine.judge.CategoryRecall;
import org.eibench.engine.judge.JudgePolicy;
import org.eibench.engine.stats.ConfidenceInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intervals, calibration rows and agreement survive scores.json, under the field names the report reads. */
class ScoresStatisticsRoundTripTest {
    private static ConfidenceInterval ci(double low, double high, int n) {
        return new ConfidenceInterval(low, high, "percentile bootstrap", 2_000, 42, n);
    }

    @Test
    void everyStatisticReadsBackEqualUnderItsFieldName(@TempDir Path dir) throws IOException {
        CategoryRecall overall = new CategoryRecall(0.4, 10, 9, 0, 1, 0, 0, 0.45, 9, 0, ci(0.3, 0.5, 10),
                ci(0.35, 0.55, 9));
        JudgeSection judge = new JudgeSection("judge.gguf", JudgePolicy.load("grammar"), 1, "basic",
                Map.of("overall", overall));
        SemanticFigures run = new SemanticFigures(0.2, 0.3, 0.24, 0.1, 0.5, 10, ci(0.1, 0.3, 10));
        CalibrationRows calibration = new CalibrationRows(
                Map.of("overall", new SemanticFigures(0.95, 0.9, 0.92, 0.9, 0.5, 10, ci(0.9, 1, 10))),
                Map.of("overall", new SemanticFigures(0.05, 0.1, 0.07, 0.05, 0.5, 10, ci(0, 0.1, 10))), 7, "prose");
        SemanticSection semantic = new SemanticSection("minilm", Map.of("overall", run), Map.of("kernel", "java"),
                calibration);
        CoherenceSection coherence = new CoherenceSection("minilm (CLS)", 0.6, 8, 2, 0.61, 7, "minilm", "seg",
                false, ci(0.55, 0.65, 8), ci(0.56, 0.66, 7));
        AgreementSection agreement = new AgreementSection("judge", "semantic recall",
                Map.of("overall", new RankAgreement(9, 0.5, 0.4)));
        Scores scores = ScoresWriter.assemble(new RunIdentity("run", "m", "user", "none", "basic"), judge, semantic,
                coherence, null, agreement);
        ScoresWriter.write(dir, scores, List.of());

        assertEquals(scores, RunScores.read(dir).scores());
        JsonNode tree = new ObjectMapper().readTree(dir.resolve(Scores.FILE).toFile());
        assertEquals(0.3, tree.at("/judge/categories/overall/ci95/low").asDouble());
        assertEquals(0.55, tree.at("/judge/categories/overall/referenceCi95/high").asDouble());
        assertEquals("percentile bootstrap", tree.at("/semantic/categories/overall/ci95/method").asText());
        assertEquals(2_000, tree.at("/semantic/categories/overall/ci95/resamples").asInt());
        assertEquals(42, tree.at("/semantic/categories/overall/ci95/seed").asLong());
        assertEquals(10, tree.at("/semantic/categories/overall/ci95/n").asInt());
        assertEquals(0.95, tree.at("/semantic/calibration/groundTruthAsAnswer/overall/recall").asDouble());
        assertEquals(0.05, tree.at("/semantic/calibration/otherImageGroundTruth/overall/recall").asDouble());
        assertEquals(7, tree.at("/semantic/calibration/seed").asLong());
        assertEquals(8, tree.at("/coherence/ci95/n").asInt());
        assertEquals(7, tree.at("/coherence/referenceCi95/n").asInt());
        assertEquals(0.4, tree.at("/agreement/categories/overall/kendallTauB").asDouble());
        assertEquals(0.5, tree.at("/agreement/categories/overall/spearmanRho").asDouble());
    }
}
