package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eibench score} and {@code eibench report} on run folders made by the runner and by hand. */
class ScoreCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JUDGE_WORK = Pattern.compile(
            "work judge: prompt positions decoded (\\d+), minimum (\\d+)");
    private static final Pattern REFERENCE_SCORE = Pattern.compile("\\{score: (\\d+)/\\d+\\}");

    @Test
    void theTinyJudgeUnderTheGrammarAlwaysGivesAParsableScore(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        assertEquals(0, RunCommandTest.run(RunCommandTest.args(run, "basic", "user", "none", 4)
                .toArray(String[]::new)).exit());
        String tiny = RunCommandTest.repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf").toString();
        var r = RunCommandTest.run("score", run.toString(), "--eibench",
                RunCommandTest.repo("data", "mini-eibench").toString(), "--judge", tiny, "--judge-grammar",
                "--judge-parallel", "4", "-ngl", "0", "--threads", "2", "--judge-chat-template", "vicuna");
        assertEquals(0, r.exit(), r.err());
        List<String> judged = Files.readAllLines(run.resolve("judge.jsonl"));
        assertEquals(8, judged.size());
        for (String line : judged) {
            String reply = JSON.readTree(line).elements().next().asText();
            assertTrue(REFERENCE_SCORE.matcher(reply).find(), "the reference pattern parses: " + reply);
        }
        JsonNode scores = JSON.readTree(run.resolve("scores.json").toFile());
        assertEquals(0, scores.at("/judge/categories/overall/exhausted").asInt(), scores.toPrettyString());
        assertEquals(8, scores.at("/judge/categories/overall/samples").asInt());
        assertTrue(r.out().contains("judge recall overall"), r.out());
        // the judge prompts share their instructions: decoded once, the pass stays within 1.1x its minimum
        Matcher work = JUDGE_WORK.matcher(r.err());
        assertTrue(work.find(), r.err());
        assertTrue(Long.parseLong(work.group(1)) <= 1.1 * Long.parseLong(work.group(2)), work.group());
    }

    @Test
    void aFailedGenerationIsLeftOutOfTheJudgeAndCountedAndThePaperFigureIsPrintedFirst(@TempDir Path tmp)
            throws Exception {
        Path images = tmp.resolve("images");
        RunCommandTest.copyTree(RunCommandTest.repo("data", "mini-eibench"), images);
        Files.delete(images.resolve("CAER-S/train/Angry/0001.png"));
        Path run = tmp.resolve("run");
        List<String> args = RunCommandTest.args(run, "basic", "user", "none", 2);
        args.set(args.indexOf("--images") + 1, images.toString());
        assertEquals(Main.EXIT_PROBLEMS, RunCommandTest.run(args.toArray(String[]::new)).exit(), "one sample fails");
        String tiny = RunCommandTest.repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf").toString();
        var r = RunCommandTest.run("score", run.toString(), "--eibench",
                RunCommandTest.repo("data", "mini-eibench").toString(), "--judge", tiny, "--judge-grammar",
                "--judge-parallel", "4", "-ngl", "0", "--threads", "2", "--judge-chat-template", "vicuna",
                "--coherence");
        assertEquals(0, r.exit(), r.err());

        List<String> judged = Files.readAllLines(run.resolve("judge.jsonl"));
        assertEquals(7, judged.size(), "the reference's scripts never write a failed sample, so it is not judged");
        assertTrue(judged.stream().noneMatch(l -> l.contains("CAER-S/train/Angry/0001.png")), judged.toString());
        JsonNode overall = JSON.readTree(run.resolve("scores.json").toFile()).at("/judge/categories/overall");
        assertEquals(8, overall.get("samples").asInt(), overall.toString());
        assertEquals(1, overall.get("generationFailed").asInt());
        assertEquals(7, overall.get("referenceSamples").asInt() + overall.get("referenceSkipped").asInt());
        assertTrue(overall.get("failures").asInt() >= 1);
        JsonNode angry = JSON.readTree(run.resolve("scores.json").toFile()).at("/judge/categories/angry");
        assertEquals(1, angry.get("generationFailed").asInt());
        JsonNode failedSample = Files.readAllLines(run.resolve("samples.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(n -> n.get("image").asText().equals("CAER-S/train/Angry/0001.png")).findFirst().orElseThrow();
        assertEquals("GENERATION_FAILED", failedSample.get("judgeStatus").asText());

        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("judge recall: paper-comparable = the reference's aggregation"
                + " (get_scores.py"), r.out());
        assertTrue(lines.get(1).matches("judge recall overall +paper-comparable +[0-9.]+% +strict +[0-9.]+% +\\(8"
                + " samples, [0-9]+ failures: 1 generation failed, .*"), lines.get(1));
        assertTrue(r.out().contains("a 0.0 score dropped, as long_term_scores.py"), r.out());
        assertTrue(r.out().contains("not the paper's definition"), r.out());
    }

    @Test
    void semanticRecallAndCoherenceOfAHandMadePredictionsFileThenAReport(@TempDir Path tmp) throws Exception {
        Path mini = RunCommandTest.repo("data", "mini-eibench");
        JsonNode truth = JSON.readTree(mini.resolve("basic_ground_truth.json").toFile());
        Path run = tmp.resolve("hand-made");
        Files.createDirectories(run);
        StringBuilder predictions = new StringBuilder();
        truth.fields().forEachRemaining(e -> predictions.append(JSON.createObjectNode()
                .put(e.getKey(), e.getValue().asText()).toString()).append('\n'));
        Files.writeString(run.resolve("predictions.jsonl"), predictions);

        var r = RunCommandTest.run("score", run.toString(), "--eibench", mini.toString(), "--benchmark", "basic",
                "--kernel", "java");
        assertEquals(0, r.exit(), r.err());
        JsonNode scores = JSON.readTree(run.resolve("scores.json").toFile());
        assertEquals(1.0, scores.at("/semantic/categories/overall/recall").asDouble(), 1e-9,
                "the ground truth as its own answer finds every trigger");
        assertTrue(scores.at("/coherence/nUsed").asInt() > 0, scores.toPrettyString());
        double coherence = scores.at("/coherence/mean").asDouble();
        assertTrue(coherence > 0 && coherence <= 1, "a cosine mean: " + coherence);
        JsonNode sample = JSON.readTree(Files.readAllLines(run.resolve("samples.jsonl")).getFirst());
        assertTrue(sample.get("matchedTriggers").size() > 0, sample.toString());

        Path report = tmp.resolve("report");
        var rep = RunCommandTest.run("report", run.toString(), "--out", report.toString());
        assertEquals(0, rep.exit(), rep.err());
        assertTrue(Files.readString(report.resolve("report.md")).contains("100.0"),
                Files.readString(report.resolve("report.md")));
        assertTrue(Files.size(report.resolve("report.html")) > 1000);
    }
}
