package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.EibenchDataset;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.dataset.Selection;
import org.eibench.engine.dataset.SharedData;
import org.eibench.engine.prompts.Transcript;
import org.eibench.engine.run.ModelFile;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunManifest;
import org.eibench.engine.run.SampleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateAndMergeCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int eibench(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void validatePassesOnTheMiniFixtureWithImages() {
        Path mini = SharedData.miniEibench();
        int code = eibench("validate", "--eibench", mini.toString(), "--images", mini.toString());
        assertEquals(0, code, err::toString);
        assertTrue(out.toString().contains("basic: 8 samples (happy 2, angry 2, sad 2, excited 2)"), out.toString());
        assertTrue(out.toString().contains("complex: 6 samples"), out.toString());
        assertTrue(out.toString().contains("images: 8 of 8 found"), out.toString());
        assertTrue(out.toString().contains("prompts: modes user, caption, cot, cfsa"), out.toString());
    }

    @Test
    void validateCountsTheRealBenchmark() {
        int code = eibench("validate", "--eibench", SharedData.eibenchDir().toString());
        assertEquals(0, code, err::toString);
        assertTrue(out.toString().contains("basic: 1615 samples (happy 91, angry 342, sad 462, excited 720)"),
                out.toString());
        assertTrue(out.toString().contains("complex: 50 samples (anger 8, contentment 11, excitement 18, fear 4,"
                + " sadness 9)"), out.toString());
    }

    @Test
    void validateReportsEveryProblemWithFileAndLineAndExitsOne() throws Exception {
        Files.writeString(tmp.resolve("user.jsonl"), "{\"CAER-S/train/Happy/1.png\": \"Why?\"}\nnot json\n");
        Files.writeString(tmp.resolve("basic_ground_truth.json"), "{\"CAER-S/train/Happy/1.png\": \"oops\"}");
        Files.writeString(tmp.resolve("ec_complex.jsonl"), "");
        int code = eibench("validate", "--eibench", tmp.toString(), "--images", tmp.resolve("none").toString());
        assertEquals(Main.EXIT_PROBLEMS, code);
        assertTrue(err.toString().contains(tmp.resolve("user.jsonl") + ":2: malformed JSON"), err.toString());
        assertTrue(err.toString().contains(tmp.resolve("basic_ground_truth.json") + ":1: ground truth is not a numbered"),
                err.toString());
    }

    @Test
    void validateReportsMissingImagesAndBadPromptFolders() throws Exception {
        Path mini = SharedData.miniEibench();
        Files.createDirectories(tmp.resolve("prompts/modes"));
        Files.writeString(tmp.resolve("prompts/modes/user.json"),
                "{\"id\": \"user\", \"version\": 1, \"steps\": [{\"id\": \"a\", \"template\": \"{caption}\"}]}");
        int code = eibench("validate", "--eibench", mini.toString(), "--images", tmp.toString(), "--prompts",
                tmp.resolve("prompts").toString(), "--benchmark", "complex");
        assertEquals(Main.EXIT_PROBLEMS, code);
        assertTrue(out.toString().contains("images: 0 of 3 found"), out.toString());
        assertTrue(err.toString().contains("image not found"), err.toString());
        assertTrue(err.toString().contains("{caption} is not produced"), err.toString());
    }

    @Test
    void mergeJoinsShardsAndListsMissingSamples() throws Exception {
        Path mini = SharedData.miniEibench();
        List<Sample> all = EibenchDataset.load(mini, Benchmark.BASIC);
        RunManifest manifest = new RunManifest("test", "basic", "user", "none",
                List.of(new ModelFile("model", "m.gguf", "00".repeat(32), 1)), Map.of("temperature", 0), 1, "c", "p",
                "f", Selection.ALL.describe(), null, null, null, null, null);
        List<String> shardDirs = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            Selection.Shard shard = new Selection.Shard(k, 2);
            Path dir = tmp.resolve("shard" + k);
            shardDirs.add(dir.toString());
            try (RunFolder run = RunFolder.open(dir, manifest.withShard(shard.toString()), RunFolder.Start.RESUME)) {
                for (Sample s : Selection.ALL.withShard(shard).apply(all)) {
                    run.append(SampleRecord.ok(s, "user", "none", new Transcript("1. A.", List.of(), Map.of()), 1));
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("merge", "--out", tmp.resolve("merged").toString(), "--eibench",
                mini.toString()));
        args.addAll(shardDirs);
        assertEquals(0, eibench(args.toArray(String[]::new)), err::toString);
        assertTrue(out.toString().contains("8 samples, 8 ok, 0 failed"), out.toString());
        assertEquals(8, Files.readAllLines(tmp.resolve("merged").resolve(RunFolder.PREDICTIONS)).size());

        List<String> onlyFirst = List.of("merge", "--out", tmp.resolve("merged2").toString(), "--eibench",
                mini.toString(), shardDirs.getFirst());
        assertEquals(Main.EXIT_PROBLEMS, eibench(onlyFirst.toArray(String[]::new)));
        assertTrue(err.toString().contains("missing"), err.toString());

        List<String> otherSelection = List.of("merge", "--out", tmp.resolve("merged3").toString(), "--eibench",
                mini.toString(), "--limit", "4", shardDirs.getFirst());
        assertEquals(Main.EXIT_USAGE, eibench(otherSelection.toArray(String[]::new)));
        assertTrue(err.toString().contains("pass the same --limit/--category/--ids"), err.toString());
    }
}
