package org.eibench.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.metrics.SemanticCalibration;
import org.eibench.engine.metrics.SemanticThreshold;
import org.eibench.engine.metrics.UncalibratedEncoderException;
import org.eibench.engine.stats.StatisticsSettings;
import org.eibench.models.chat.ChatTemplates;
import org.eibench.models.vlm.VlmSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Scoring#score} driven by a {@link ScoreConfig} built in code, no CLI: hand-made predictions of the mini
 * EIBench (its ground truth as the answers), and the tiny fixture as the judge.
 */
class ScoringTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFERENCE_SCORE = Pattern.compile("\\{score: (\\d+)/\\d+\\}");

    private static Path repo(String... parts) {
        Path p = Path.of(System.getProperty("eibench.repo.dir", ".."), parts);
        assumeTrue(Files.exists(p), "fixture missing: " + p);
        return p;
    }

    private static Path groundTruthAsAnswers(Path tmp) throws IOException {
        return HandMadeRuns.groundTruthAsAnswers(tmp, repo("data", "mini-eibench"));
    }

    private static ScoreConfig semantic(Path run, String encoder, Optional<Double> tau, Optional<Path> calibration) {
        return new ScoreConfig(run, repo("data", "mini-eibench"), Optional.of(Benchmark.BASIC), Optional.empty(),
                Optional.of(new ScoreConfig.Semantic("java", tau, calibration)), false, encoder, false,
                StatisticsSettings.DEFAULT);
    }

    /** The committed calibration as a file, with its threshold (and digest, when given) changed. */
    private static Path calibrationFile(Path tmp, double threshold, String encoderSha256) throws IOException {
        ObjectNode calibration;
        try (InputStream in = SemanticCalibration.class.getResourceAsStream(SemanticCalibration.RESOURCE)) {
            calibration = (ObjectNode) JSON.readTree(in);
        }
        calibration.put("threshold", threshold);
        if (encoderSha256 != null) {
            calibration.put("encoderSha256", encoderSha256);
        }
        Path file = tmp.resolve("calibration-" + threshold + ".json");
        JSON.writeValue(file.toFile(), calibration);
        return file;
    }

    @Test
    void semanticRecallAndCoherenceOfTheGroundTruthAsAnswersWithTheBuiltInCalibration(@TempDir Path tmp)
            throws Exception {
        Path run = groundTruthAsAnswers(tmp);
        List<String> notes = new ArrayList<>();
        var config = new ScoreConfig(run, repo("data", "mini-eibench"), Optional.of(Benchmark.BASIC),
                Optional.empty(), Optional.of(new ScoreConfig.Semantic("java", Optional.empty(), Optional.empty())), true,
                "minilm", false, StatisticsSettings.DEFAULT);
        Scoring.Result result = Scoring.score(config, notes::add);

        assertEquals(List.of("scoring 8 basic answers in " + run), notes);
        assertEquals(1.0, result.semantic().categories().get("overall").recall(), 1e-9,
                "the ground truth as its own answer finds every trigger");
        assertEquals(SemanticCalibration.load().threshold(), result.semantic().categories().get("overall").tau());
        assertEquals("calibrated for minilm-l6-v2 (the built-in semantic-calibration.json)",
                result.semantic().settings().get(RunScorer.TAU_SOURCE));
        assertTrue(result.coherence().nUsed() > 0);
        assertTrue(result.judge() == null && result.judgeFile().isEmpty());

        JsonNode scores = JSON.readTree(result.scoresFile().toFile());
        assertEquals("calibrated for minilm-l6-v2 (the built-in semantic-calibration.json)",
                scores.at("/semantic/settings/tau_source").asText(), scores.toPrettyString());
        double coherence = scores.at("/coherence/mean").asDouble();
        assertTrue(coherence > 0 && coherence <= 1, "a cosine mean: " + coherence);
        JsonNode sample = JSON.readTree(Files.readAllLines(result.samplesFile()).getFirst());
        assertTrue(sample.get("matchedTriggers").size() > 0, sample.toString());
        assertTrue(ScoreSummary.lines(null, result.semantic(), null).contains("  semantic threshold: calibrated for"
                + " minilm-l6-v2 (the built-in semantic-calibration.json)"), "the output says where tau came from");
    }

    @Test
    void theUsersTauIsUsedAndSaidToBeTheUsers(@TempDir Path tmp) throws Exception {
        Scoring.Result result = Scoring.score(semantic(groundTruthAsAnswers(tmp), "minilm", Optional.of(0.8),
                Optional.empty()));
        assertEquals(0.8, result.semantic().categories().get("overall").tau());
        assertEquals(SemanticThreshold.USER, result.semantic().settings().get(RunScorer.TAU_SOURCE));
        assertEquals("user --tau", JSON.readTree(result.scoresFile().toFile()).at("/semantic/settings/tau_source")
                .asText());
    }

    @Test
    void aCalibrationFileMadeForTheEncoderGivesItsThresholdAndNamesTheFile(@TempDir Path tmp) throws Exception {
        Path file = calibrationFile(tmp, 0.65, null);
        Scoring.Result result = Scoring.score(semantic(groundTruthAsAnswers(tmp), "minilm", Optional.empty(),
                Optional.of(file)));
        assertEquals(0.65, result.semantic().categories().get("overall").tau());
        assertEquals("calibrated for minilm-l6-v2 (" + file + ")", result.semantic().settings()
                .get(RunScorer.TAU_SOURCE));
    }

    @Test
    void aCalibrationMadeForOtherWeightsIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
        Path run = groundTruthAsAnswers(tmp);
        Path file = calibrationFile(tmp, 0.5, "0".repeat(64));
        var e = assertThrows(UncalibratedEncoderException.class,
                () -> Scoring.score(semantic(run, "minilm", Optional.empty(), Optional.of(file))));
        assertTrue(e.getMessage().contains(file + " was made for minilm-l6-v2 (weights sha256 000000000000...)"),
                e.getMessage());
        assertFalse(Files.exists(run.resolve("scores.json")));
    }

    @Test
    void anotherEncoderGetsNoMiniLmThresholdButTheFixOrTheUsersTau(@TempDir Path tmp) throws Exception {
        Path run = groundTruthAsAnswers(tmp);
        Path bert = Files.createDirectories(tmp.resolve("bert"));
        // refused from the weights' digest alone, before the checkpoint is loaded (these bytes would not load)
        Files.write(bert.resolve("model.pt"), new byte[] {1, 2, 3});
        Files.writeString(bert.resolve("tokenizer.json"), "{}");
        var e = assertThrows(UncalibratedEncoderException.class,
                () -> Scoring.score(semantic(run, "bert:" + bert, Optional.empty(), Optional.empty())));
        assertTrue(e.getMessage().startsWith("semantic recall with --scorer bert:" + bert + " needs a threshold"
                + " calibrated for that encoder, and the built-in semantic-calibration.json was made for"
                + " minilm-l6-v2"), e.getMessage());
        assertTrue(e.getMessage().contains("SemanticCalibration basic_ground_truth.json OUT.json 0 bert:" + bert)
                && e.getMessage().contains("--calibration OUT.json") && e.getMessage().contains("--tau X"),
                e.getMessage());
        assertFalse(Files.exists(run.resolve("scores.json")));

        assertEquals(SemanticThreshold.user(0.7), SemanticCalibration.thresholdFor("bert:" + bert, Optional.of(0.7),
                Optional.empty()), "with --tau no calibration is needed");
    }

    @Test
    void aTauAndACalibrationFileTogetherAreRefusedAsIsNothingToScore(@TempDir Path tmp) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ScoreConfig.Semantic("java", Optional.of(0.5), Optional.of(tmp.resolve("c.json"))));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
        var nothing = assertThrows(IllegalArgumentException.class, () -> new ScoreConfig(tmp, tmp, Optional.empty(),
                Optional.empty(), Optional.empty(), false, "minilm", false, StatisticsSettings.DEFAULT));
        assertTrue(nothing.getMessage().startsWith("nothing to score"), nothing.getMessage());
    }

    @Test
    void theTinyJudgeUnderTheGrammarJudgesEverySampleAndWritesItsReplies(@TempDir Path tmp) throws Exception {
        // three answers: the tiny judge rambles up to the policy's 512 tokens after its score, slow on a busy CPU
        Path run = HandMadeRuns.groundTruthAsAnswers(tmp, repo("data", "mini-eibench"), 3);
        VlmSpec judge = VlmSpec.builder().setModel(repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf"))
                .optGpuLayers(0).optThreads(2).optParallel(4).optChatTemplate(ChatTemplates.builtIn().get("vicuna"))
                .build();
        var config = new ScoreConfig(run, repo("data", "mini-eibench"), Optional.of(Benchmark.BASIC),
                Optional.of(ScoreConfig.Judge.local(judge, true, 42)), Optional.empty(), false, "minilm", false,
                StatisticsSettings.DEFAULT);
        List<String> notes = new ArrayList<>();
        Scoring.Result result = Scoring.score(config, notes::add);

        assertEquals(run.resolve("judge.jsonl"), result.judgeFile().orElseThrow());
        assertEquals("judge replies: " + run.resolve("judge.jsonl"), notes.getLast());
        List<String> judged = Files.readAllLines(result.judgeFile().get());
        assertEquals(3, judged.size());
        for (String line : judged) {
            String reply = JSON.readTree(line).elements().next().asText();
            assertTrue(REFERENCE_SCORE.matcher(reply).find(), "the reference pattern parses: " + reply);
        }
        assertEquals(3, result.judge().overall().samples());
        assertEquals(0, result.judge().overall().exhausted());
        assertEquals("tiny-llava-f16.gguf", JSON.readTree(result.scoresFile().toFile()).at("/judge/judgeModel").asText());
        assertTrue(result.semantic() == null && result.coherence() == null);
    }
}
