package org.eibench.engine.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.judge.JudgeItem;
import org.eibench.engine.judge.JudgePolicy;
import org.eibench.engine.judge.JudgeScore;
import org.eibench.engine.judge.JudgeVerdict;
import org.eibench.engine.judge.RecallAggregator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoresRoundTripTest {
    @TempDir
    Path dir;

    private static JudgeVerdict verdict(String id, String image, String reply, boolean exhausted) {
        return new JudgeVerdict(new JudgeItem(id, image, "Why?", "answer " + id, "1. a\n2. b"), reply,
                exhausted ? 5 : 1, exhausted, List.of(), JudgeScore.parse(reply));
    }

    @Test
    void writtenScoresReadBackEqual() throws IOException {
        List<JudgeVerdict> verdicts = List.of(
                verdict("0", "CAER-S/train/Happy/1.png", "{score: 1/2} half", false),
                verdict("1", "CAER-S/train/Angry/1.png", "{score: 0/1}", true));
        Files.writeString(dir.resolve("run.json"), "{\"model\": \"m\", \"benchmark\": \"basic\", \"extra\": [1]}");
        JudgeSection judge = JudgeSection.of("judge.gguf", JudgePolicy.load("grammar"), 9,
                new RecallAggregator(JudgeCategories.load("basic")).aggregateVerdicts("basic", verdicts));
        Scores scores = ScoresWriter.assemble(RunIdentity.fromRunFolder(dir), judge,
                new SemanticSection("minilm", Map.of("overall", new SemanticFigures(0.5, 0.4, 0.44, 0.3, 0.6, 2)), null),
                new CoherenceSection("gpt2", 0.7, 2, 0, 0.7, 2, "minilm", "SentenceSegmenter", false));
        List<ScoredSample> samples = ScoresWriter.samplesOf(verdicts);
        ScoresWriter.write(dir, scores, samples);

        RunScores back = RunScores.read(dir);
        assertEquals(scores, back.scores());
        assertEquals(samples, back.samples());
        assertEquals("EXHAUSTED", back.samples().get(1).judgeStatus());
        assertEquals(0.25, back.scores().judge().overall().recall());

        JsonNode tree = new ObjectMapper().readTree(dir.resolve(Scores.FILE).toFile());
        assertEquals(1, tree.get("judge").get("categories").get("angry").get("failures").asInt());
        assertEquals("samples.jsonl", tree.get("samplesFile").asText());
        assertTrue(tree.get("judge").get("policy").get("grammar").asText().contains("root"));
    }

    @Test
    void runIdentityIsReadLeniently() throws IOException {
        Files.writeString(dir.resolve("run.json"), "{\"model\": {\"name\": \"qwen\", \"path\": \"/m.gguf\"}, \"mode\": 3}");
        RunIdentity id = RunIdentity.fromRunFolder(dir);
        assertEquals("qwen", id.model());
        assertEquals("3", id.mode());
        assertNull(id.persona());
        assertNull(id.benchmark());
        assertEquals(dir.getFileName().toString(), id.run());
        Files.delete(dir.resolve("run.json"));
        assertEquals(new RunIdentity(dir.getFileName().toString(), null, null, null, null), RunIdentity.fromRunFolder(dir));
    }

    @Test
    void missingScoresNamesTheFix() {
        IOException e = assertThrows(IOException.class, () -> RunScores.read(dir));
        assertEquals("no scores.json in " + dir + "; score the run first (eibench score " + dir + ")", e.getMessage());
    }
}
