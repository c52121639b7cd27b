package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eibench.engine.FileTrees;
import org.eibench.engine.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input pass of issue 11 through the commands, on the tiny model and the mini dataset: each test failed
 * before its fix.
 */
class RunHardeningCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String[] argv(List<String> args) {
        return args.toArray(String[]::new);
    }

    private static List<String> with(List<String> args, String option, String value) {
        List<String> a = new ArrayList<>(args);
        a.set(a.indexOf(option) + 1, value);
        return a;
    }

    @Test
    void aFailedModelLoadLeavesNoRunJsonAndTheCorrectedCommandRuns(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Path notAModel = Files.writeString(tmp.resolve("typo.gguf"), "not a gguf file");
        List<String> good = RunCommandTest.args(out, "basic", "user", "none", 2, "--limit", "2");
        var failed = RunCommandTest.run(argv(with(good, "-m", notAModel.toString())));
        assertNotEquals(0, failed.exit(), failed.err());
        assertFalse(Files.exists(out.resolve(RunFolder.MANIFEST)), "a run.json would refuse the corrected command");
        var fixed = RunCommandTest.run(argv(good));
        assertEquals(0, fixed.exit(), fixed.err());
        assertEquals(2, RunCommandTest.records(out).size());
    }

    @Test
    void resumingOrScoringWithOtherAnnotationFilesIsRefused(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("eibench");
        FileTrees.copy(RunCommandTest.repo("data", "mini-eibench"), data);
        Path out = tmp.resolve("run");
        List<String> a = with(RunCommandTest.args(out, "basic", "user", "none", 2, "--limit", "2"), "--eibench",
                data.toString());
        assertEquals(0, RunCommandTest.run(argv(a)).exit());
        Path truth = data.resolve("basic_ground_truth.json");
        Files.writeString(truth, Files.readString(truth).replaceFirst("1\\. ", "1. Another "));

        var resumed = RunCommandTest.run(argv(a));
        assertEquals(Main.EXIT_USAGE, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("dataset basic_ground_truth.json sha256: '"), resumed.err());
        var scored = RunCommandTest.run("score", out.toString(), "--eibench", data.toString(), "--coherence");
        assertNotEquals(0, scored.exit());
        assertTrue(scored.err().contains("are not the ones " + out + " answered: basic_ground_truth.json"),
                scored.err());
    }

    @Test
    void failedSamplesAreRetriedOnResumeByCauseAndTheSummarySaysWhy(@TempDir Path tmp) throws Exception {
        Path images = tmp.resolve("images");
        FileTrees.copy(RunCommandTest.repo("data", "mini-eibench"), images);
        Files.writeString(images.resolve("CAER-S/train/Happy/0001.png"), "not an image"); // the input's fault
        Path out = tmp.resolve("run");
        List<String> a = with(RunCommandTest.args(out, "basic", "user", "none", 2, "--limit", "3"), "--images",
                images.toString());
        var first = RunCommandTest.run(argv(a));
        assertEquals(Main.EXIT_PROBLEMS, first.exit(), first.err());
        assertTrue(first.err().contains("1 by their input (not retried unless --retry-failed all)"), first.err());
        JsonNode inputFailure = RunCommandTest.records(out).stream()
                .filter(r -> r.get("status").asText().equals("failed")).findFirst().orElseThrow();
        assertEquals("input", inputFailure.get("failure").asText(), inputFailure.toString());

        // make one answered sample a backend failure, as a decode error would have left it
        Path recordsFile = out.resolve(RunFolder.RECORDS);
        List<String> lines = new ArrayList<>(Files.readAllLines(recordsFile, StandardCharsets.UTF_8));
        int okLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (JSON.readTree(lines.get(i)).get("status").asText().equals("ok")) {
                okLine = i;
            }
        }
        ObjectNode backend = (ObjectNode) JSON.readTree(lines.get(okLine));
        String retriedId = backend.get("id").asText();
        backend.put("status", "failed").putNull("answer").put("error", "step answer: llama_decode failed (-3)")
                .put("failure", "backend");
        lines.set(okLine, JSON.writeValueAsString(backend));
        Files.write(recordsFile, lines, StandardCharsets.UTF_8);

        var none = RunCommandTest.run(argv(new ArrayList<>(a) {{ add("--retry-failed"); add("none"); }}));
        assertEquals(Main.EXIT_PROBLEMS, none.exit(), none.err());
        assertTrue(none.err().contains("2 failed sample(s)") && none.err().contains("1 by the backend"), none.err());
        assertEquals(3, Files.readAllLines(recordsFile).size(), "nothing retried with --retry-failed none");

        var retried = RunCommandTest.run(argv(a));
        assertEquals(Main.EXIT_PROBLEMS, retried.exit(), "the input failure stays: " + retried.err());
        List<JsonNode> records = RunCommandTest.records(out);
        assertEquals(4, records.size(), "exactly the backend failure answered again");
        assertEquals(retriedId, records.getLast().get("id").asText());
        assertEquals("ok", records.getLast().get("status").asText());
        assertTrue(retried.err().contains("1 failed sample(s)"), retried.err());
    }

    @Test
    void scoringAnUnfinishedRunNeedsPartialAndAReportRefusesScoresOfFewerAnswers(@TempDir Path tmp)
            throws Exception {
        Path mini = RunCommandTest.repo("data", "mini-eibench");
        Path out = tmp.resolve("run");
        assertEquals(0, RunCommandTest.run(argv(RunCommandTest.args(out, "basic", "user", "none", 2, "--limit",
                "2"))).exit());
        // an interrupted resume of a longer selection: run.json without a finish time
        Path runJson = out.resolve(RunFolder.MANIFEST);
        ObjectNode manifest = (ObjectNode) JSON.readTree(runJson.toFile());
        manifest.putNull("finishedAt").putNull("counts");
        Files.writeString(runJson, JSON.writeValueAsString(manifest));

        var refused = RunCommandTest.run("score", out.toString(), "--eibench", mini.toString(), "--coherence");
        assertEquals(Main.EXIT_PROBLEMS, refused.exit(), refused.err());
        assertTrue(refused.err().contains("is an unfinished run: 2 sample(s) have a record")
                && refused.err().contains("--partial"), refused.err());
        assertFalse(Files.exists(out.resolve("scores.json")));

        var partial = RunCommandTest.run("score", out.toString(), "--eibench", mini.toString(), "--coherence",
                "--partial");
        assertEquals(0, partial.exit(), partial.err());
        JsonNode scores = JSON.readTree(out.resolve("scores.json").toFile());
        assertEquals(2, scores.at("/records/count").asInt(), scores.toPrettyString());
        Path report = tmp.resolve("report");
        assertEquals(0, RunCommandTest.run("report", out.toString(), "--out", report.toString()).exit());

        // the run goes on: the scores of 2 answers must not be reported as the run's
        var more = RunCommandTest.run(argv(RunCommandTest.args(out, "basic", "user", "none", 2, "--limit", "2")));
        assertEquals(0, more.exit(), more.err());
        Files.writeString(out.resolve(RunFolder.RECORDS), Files.readAllLines(out.resolve(RunFolder.RECORDS))
                .getFirst() + "\n");
        var stale = RunCommandTest.run("report", out.toString(), "--out", report.toString());
        assertNotEquals(0, stale.exit());
        assertTrue(stale.err().contains("is stale: it scored 2 answers of records.jsonl but the folder now has 1"),
                stale.err());
    }

    @Test
    void overwriteLeavesNoScoresOfTheOldRunForAReport(@TempDir Path tmp) throws Exception {
        Path mini = RunCommandTest.repo("data", "mini-eibench");
        Path out = tmp.resolve("run");
        List<String> a = RunCommandTest.args(out, "basic", "user", "none", 2, "--limit", "1");
        assertEquals(0, RunCommandTest.run(argv(a)).exit());
        assertEquals(0, RunCommandTest.run("score", out.toString(), "--eibench", mini.toString(), "--coherence")
                .exit());
        List<String> cot = new ArrayList<>(with(a, "--mode", "cot"));
        cot.add("--overwrite");
        assertEquals(0, RunCommandTest.run(argv(cot)).exit());
        assertFalse(Files.exists(out.resolve("scores.json")), "the old run's scores moved aside");
        assertFalse(Files.exists(out.resolve("samples.jsonl")), "the old run's samples moved aside");
        var report = RunCommandTest.run("report", out.toString(), "--out", tmp.resolve("report").toString());
        assertNotEquals(0, report.exit(), "no scores of the current run yet");
    }

    @Test
    void imageFoldersLinkedToAnotherDownloadRunWhenThatRootIsNamed(@TempDir Path tmp) throws Exception {
        Path downloads = tmp.resolve("caer-download");
        FileTrees.copy(RunCommandTest.repo("data", "mini-eibench", "CAER-S"), downloads.resolve("CAER-S"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createSymbolicLink(data.resolve("CAER-S"), downloads.resolve("CAER-S"));
        Path out = tmp.resolve("run");
        List<String> a = with(RunCommandTest.args(out, "basic", "user", "none", 1, "--limit", "1"), "--images",
                data.toString());
        var refused = RunCommandTest.run(argv(a));
        assertEquals(Main.EXIT_PROBLEMS, refused.exit(), refused.err());
        assertTrue(RunCommandTest.records(out).getFirst().get("error").asText().contains("symbolic link"),
                RunCommandTest.records(out).toString());

        List<String> named = new ArrayList<>(a);
        named.addAll(List.of("--images", downloads.toString(), "--retry-failed", "all")); // an input failure
        var ok = RunCommandTest.run(argv(named));
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("ok", RunCommandTest.records(out).getLast().get("status").asText());
    }
}
