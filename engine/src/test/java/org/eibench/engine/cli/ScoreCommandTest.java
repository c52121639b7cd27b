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
import org.eibench.engine.FileTrees;
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
        FileTrees.copy(RunCommandTest.repo("data", "mini-eibench"), images);
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
        String interval = " \\[[0-9.]+%, [0-9.]+%\\]";
        assertTrue(lines.get(1).matches("judge recall overall +paper-comparable +[0-9.]+%" + interval
                + " +strict +[0-9.]+%" + interval + " +\\(8 samples, [0-9]+ failures: 1 generation failed, .*"),
                lines.get(1));
        assertTrue(r.out().contains("[low, high]: 95% interval, percentile bootstrap over samples (2000 resamples"),
                r.out());
        JsonNode ci = overall.get("ci95");
        assertEquals(8, ci.get("n").asInt(), "the strict figure resamples every sample: " + ci);
        assertEquals("percentile bootstrap", ci.get("method").asText());
        assertTrue(ci.get("low").asDouble() <= overall.get("recall").asDouble()
                && overall.get("recall").asDouble() <= ci.get("high").asDouble(), ci.toString());
        assertEquals(overall.get("referenceSamples").asInt(), overall.at("/referenceCi95/n").asInt());
        assertTrue(r.out().contains("a 0.0 score dropped, as long_term_scores.py"), r.out());
        assertTrue(r.out().contains("not the paper's definition"), r.out());
    }

    @Test
    void semanticRecallAndCoherenceOfAHandMadePredictionsFileThenAReport(@TempDir Path tmp) throws Exception {
        Path mini = RunCommandTest.repo("data", "mini-eibench");
        Path run = org.eibench.engine.scoring.HandMadeRuns.groundTruthAsAnswers(tmp, mini);

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
        JsonNode calibration = scores.at("/semantic/calibration");
        assertEquals(1.0, calibration.at("/groundTruthAsAnswer/overall/recall").asDouble(), 1e-9,
                "each trigger written as a sentence is found again: " + calibration);
        double chance = calibration.at("/otherImageGroundTruth/overall/recall").asDouble();
        assertTrue(chance < 0.9, "another image's ground truth finds fewer triggers: " + calibration);
        assertEquals(8, calibration.at("/otherImageGroundTruth/overall/n").asInt());
        assertEquals(8, scores.at("/semantic/categories/overall/ci95/n").asInt());
        assertEquals(2, scores.at("/semantic/categories/happy/ci95/n").asInt());
        assertEquals(scores.at("/coherence/nUsed").asInt(), scores.at("/coherence/ci95/n").asInt());
        assertTrue(r.out().contains("overall    chance "), r.out());
        // each trigger with the answer sentence it matched: the answer is the ground truth, so the trigger itself
        JsonNode triggers = sample.get("triggerMatches");
        assertEquals(sample.get("matchedTriggers").size(), triggers.size(), sample.toString());
        for (JsonNode t : triggers) {
            assertTrue(t.get("found").asBoolean(), t.toString());
            assertTrue(t.get("sentence").asText().contains(t.get("trigger").asText()), t.toString());
            assertEquals(1.0, t.get("similarity").asDouble(), 1e-3, t.toString());
        }

        Path report = tmp.resolve("report");
        var rep = RunCommandTest.run("report", run.toString(), "--out", report.toString());
        assertEquals(0, rep.exit(), rep.err());
        String markdown = Files.readString(report.resolve("report.md"));
        assertTrue(markdown.contains("100.0"), markdown);
        assertTrue(markdown.contains("## Semantic recall calibration"), markdown);
        assertTrue(markdown.contains("## 95% confidence intervals (percentile bootstrap over samples, 2000 resamples"),
                markdown);
        assertTrue(Files.size(report.resolve("report.html")) > 1000);
    }

    @Test
    void tauIsRangeCheckedAndAnUncalibratedEncoderIsRefusedNamingTheFix(@TempDir Path tmp) throws Exception {
        Path mini = RunCommandTest.repo("data", "mini-eibench");
        var outOfRange = RunCommandTest.run("score", tmp.toString(), "--eibench", mini.toString(), "--tau", "1.5");
        assertEquals(Main.EXIT_USAGE, outOfRange.exit());
        assertTrue(outOfRange.err().contains("--tau must be a number in (0, 1]"), outOfRange.err());

        Path bert = Files.createDirectories(tmp.resolve("bert"));
        Files.write(bert.resolve("model.pt"), new byte[] {1, 2, 3});
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("predictions.jsonl"), "");
        var r = RunCommandTest.run("score", run.toString(), "--eibench", mini.toString(), "--benchmark", "basic",
                "--semantic", "--scorer", "bert:" + bert);
        assertEquals(Main.EXIT_USAGE, r.exit(), r.err());
        assertTrue(r.err().startsWith("eibench: semantic recall with --scorer bert:" + bert + " needs a threshold"
                + " calibrated for that encoder"), r.err());
        assertTrue(r.err().contains("--calibration OUT.json, or give a threshold with --tau X"), r.err());
    }
}
