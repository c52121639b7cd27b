package org.eibench.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.run.ModelFile;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunManifest;
import org.eibench.engine.run.SampleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts {@link SlurmArrayJob} writes, run by bash, and its resubmission plans, without picocli or Slurm. */
class SlurmArrayJobTest {
    @TempDir
    Path tmp;

    /** A launcher that prints the arguments it was given, one per line: what the job scripts pass to eibench. */
    private Path argsPrinter() throws Exception {
        Path printer = tmp.resolve("print-args");
        Files.writeString(printer, "#!/bin/bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(printer, PosixFilePermissions.fromString("rwx------"));
        return printer;
    }

    /** A job for {@code runDir} whose scripts are written, with the print-args launcher. */
    private SlurmArrayJob written(Path runDir, List<String> runArgs, int shards) throws Exception {
        SlurmArrayJob job = new SlurmArrayJob(config(runDir, argsPrinter(), runArgs, shards));
        job.writeScripts();
        return job;
    }

    private SlurmJobConfig config(Path runDir, Path launcher, List<String> runArgs, int shards) {
        return new SlurmJobConfig(runDir, tmp, launcher, runArgs, List.of("--eibench", tmp + "/data $x", "--limit", "6"),
                List.of("--eibench", tmp + "/data $x", "--semantic"), shards, 2, 2, "gpu queue", "04:00:00", "lab's",
                List.of("--qos=long", "--comment=a \"b\" #c"), "registry/eibench:1");
    }

    @Test
    void scriptsPassEveryValueUnchangedToTheLauncher() throws Exception {
        Path runDir = tmp.resolve("run 'q' \"dq\" $HOME #x 100%");
        List<String> runArgs = new ArrayList<>(List.of("--mode", "cfsa", "-m", tmp + "/model's $dir/m.gguf",
                "--category", "happy,sad"));
        runArgs.addAll(ShellQuotingTest.NASTY.stream().filter(s -> !s.isEmpty()).toList());
        SlurmArrayJob job = written(runDir, runArgs, 3);

        List<String> expected = new ArrayList<>(List.of("run"));
        expected.addAll(runArgs);
        expected.addAll(List.of("--shard", "2/3", "--out", runDir.resolve("shards/2-of-3").toString()));
        List<String> printed = ShellQuotingTest.bash("export SLURM_ARRAY_TASK_ID=2; bash "
                + ShellQuoting.bash(job.script(SlurmArrayJob.SHARD_SCRIPT).toString()));
        assertEquals(expected, printed.subList(1, printed.size() - 1)); // between the start and exit lines
        assertTrue(printed.getFirst().startsWith("[eibench-slurm] shard 2/3"), printed.getFirst());

        List<String> merge = ShellQuotingTest.bash("bash " + ShellQuoting.bash(job.script(SlurmArrayJob.MERGE_SCRIPT)
                .toString()));
        assertEquals(List.of("merge", "--out", runDir.toString(), "--eibench", tmp + "/data $x", "--limit", "6",
                runDir.resolve("shards/1-of-3").toString(), runDir.resolve("shards/2-of-3").toString(),
                runDir.resolve("shards/3-of-3").toString()), merge.subList(1, merge.size()));
        List<String> score = ShellQuotingTest.bash("bash " + ShellQuoting.bash(job.script(SlurmArrayJob.SCORE_SCRIPT)
                .toString()));
        assertEquals(List.of("score", runDir.toString(), "--eibench", tmp + "/data $x", "--semantic"),
                score.subList(1, score.size()));
    }

    @Test
    void shardScriptCarriesTheSlurmOptionsAsQuotedDirectives() throws Exception {
        Path runDir = tmp.resolve("run 100%");
        SlurmArrayJob job = written(runDir, List.of("--mode", "user"), 3);
        String script = Files.readString(job.script(SlurmArrayJob.SHARD_SCRIPT));
        for (String directive : List.of("#SBATCH \"--array=1-3%2\"", "#SBATCH \"--gres=gpu:2\"",
                "#SBATCH \"--partition=gpu queue\"", "#SBATCH \"--account=lab's\"", "#SBATCH \"--time=04:00:00\"",
                "#SBATCH \"--qos=long\"", "#SBATCH \"--comment=a \\\"b\\\" \\#c\"",
                "#SBATCH --output=\"" + runDir.toString().replace("%", "%%") + "/slurm/logs/shard-%a.log\"",
                "#SBATCH --job-name=\"" + job.shardJobName() + "\"")) {
            assertTrue(script.contains(directive + "\n"), directive + " in\n" + script);
        }
        assertTrue(Files.readString(job.script(SlurmArrayJob.MERGE_SCRIPT)).contains("#SBATCH \"--qos=long\""));
    }

    @Test
    void kubernetesManifestIsAnIndexedJobWhoseShellCommandsRunTheShards() throws Exception {
        Path runDir = tmp.resolve("run $x 'y'");
        SlurmArrayJob job = written(runDir, List.of("--mode", "a b"), 3);
        String yaml = Files.readString(runDir.resolve(SlurmArrayJob.KUBERNETES_MANIFEST));
        assertTrue(yaml.contains("completionMode: Indexed\n  completions: 3\n  parallelism: 2\n"), yaml);
        assertTrue(yaml.contains("nvidia.com/gpu: 2"), yaml);
        Matcher commands = Pattern.compile("command: \\[\"/bin/bash\", \"-c\", (\".*\")]").matcher(yaml);
        assertTrue(commands.find(), yaml);
        String shardCommand = new com.fasterxml.jackson.databind.ObjectMapper().readValue(commands.group(1),
                String.class);
        List<String> printed = ShellQuotingTest.bash("JOB_COMPLETION_INDEX=0; " + shardCommand);
        assertEquals(List.of("run", "--mode", "a b", "--shard", "1/3", "--out",
                runDir.resolve("shards/1-of-3").toString()), printed);
    }

    @Test
    void resubmissionTakesOnlyShardsNeitherCompleteNorQueued() throws Exception {
        Path runDir = tmp.resolve("run");
        SlurmArrayJob job = written(runDir, List.of("--mode", "user"), 3);
        SlurmArrayJob.Plan fresh = job.plan(List.of());
        assertEquals(List.of(1, 2, 3), fresh.shards());
        assertTrue(fresh.submitMerge());

        List<Sample> samples = IntStream.range(0, 4).mapToObj(SlurmArrayJobTest::sample).toList();
        shardFolder(job.layout().shardDir(1), samples.subList(0, 2), samples.subList(0, 2), true); // complete
        shardFolder(job.layout().shardDir(2), samples.subList(2, 4), samples.subList(2, 3), false); // cancelled
        List<SlurmClient.Job> queued = List.of(
                new SlurmClient.Job("12_3", job.shardJobName(), "RUNNING", "None", 3),
                new SlurmClient.Job("12_2", job.shardJobName(), "CANCELLED", "None", 2),
                new SlurmClient.Job("13", job.mergeJobName(), "PENDING", "DependencyNeverSatisfied", -1),
                new SlurmClient.Job("99_2", "someone-else", "PENDING", "None", 2));
        SlurmArrayJob.Plan plan = job.plan(queued);
        assertEquals(List.of(2), plan.shards());
        assertEquals(List.of("12_3"), plan.waitFor());
        assertEquals(List.of("13"), plan.cancel());
        assertEquals(List.of("scancel 13", "array=$(sbatch --parsable --array=2%2 "
                        + job.script(SlurmArrayJob.SHARD_SCRIPT) + ")",
                "merge=$(sbatch --parsable --dependency=afterok:${array%%;*}:12_3 "
                        + job.script(SlurmArrayJob.MERGE_SCRIPT) + ")",
                "sbatch --parsable --dependency=afterok:${merge%%;*} " + job.script(SlurmArrayJob.SCORE_SCRIPT)),
                job.submitCommands(plan));
        assertEquals(ShardLayout.State.COMPLETE, job.layout().progress(1).state());
        assertEquals(1, job.layout().progress(2).finished());

        SlurmArrayJob.Plan waiting = job.plan(List.of(new SlurmClient.Job("14_2", job.shardJobName(), "PENDING",
                "Priority", 2), new SlurmClient.Job("14_3", job.shardJobName(), "RUNNING", "None", 3),
                new SlurmClient.Job("15", job.mergeJobName(), "PENDING", "Dependency", -1)));
        assertTrue(waiting.nothing(), waiting.toString());

        List<String> status = SlurmRunStatus.describe(runDir, new SlurmClient(Map.of("PATH", tmp.toString())));
        assertEquals(List.of(runDir + ": 3 shard(s), not merged yet",
                "  shard 1/3  complete       2 finished (0 ok, 2 failed) of 2  ",
                "  shard 2/3  incomplete     1 finished (0 ok, 1 failed)  ",
                "  shard 3/3  not started    0 finished (0 ok, 0 failed)  ",
                "  3 sample(s) finished in the shard folders; squeue not found, so no job states"), status);

        Files.writeString(runDir.resolve(RunFolder.MANIFEST), "{}");
        assertTrue(job.plan(List.of()).nothing());
    }

    @Test
    void aSecondSplitOrOtherRunOptionsInTheSameFolderAreRefused() throws Exception {
        Path runDir = tmp.resolve("run");
        written(runDir, List.of("--mode", "user"), 2);
        Files.createDirectories(runDir.resolve("shards/1-of-2"));
        var otherSplit = new SlurmArrayJob(config(runDir, argsPrinter(), List.of("--mode", "user"), 3));
        assertTrue(assertThrows(IllegalStateException.class, otherSplit::writeScripts).getMessage()
                .contains("--shards 2"));
        var otherMode = new SlurmArrayJob(config(runDir, argsPrinter(), List.of("--mode", "cfsa"), 2));
        assertThrows(IllegalStateException.class, otherMode::writeScripts);
        assertThrows(IllegalArgumentException.class, () -> config(runDir, tmp, List.of("--shard", "1/2"), 2));
    }

    @Test
    void arrayRangesAreCompact() {
        assertEquals("1-3,5,7-8", SlurmArrayJob.ranges(List.of(8, 1, 2, 3, 5, 7)));
        assertEquals("4", SlurmArrayJob.ranges(List.of(4)));
    }

    private static Sample sample(int i) {
        String id = "s" + i;
        return new Sample(id, i, Benchmark.BASIC, "CAER-S/train/Happy/" + id + ".png", "Why?", "1. A.", List.of("A."),
                "happy");
    }

    private static void shardFolder(Path dir, List<Sample> shard, List<Sample> answered, boolean finish)
            throws Exception {
        RunManifest manifest = new RunManifest("test", "basic", "user", "none",
                List.of(new ModelFile("model", "m.gguf", "ab".repeat(32), 42)), Map.of("temperature", 0.0), 7L,
                "llamacommit", "patchhash", "prompthash", "all", "1/2", null, null, null, null);
        try (RunFolder folder = RunFolder.open(dir, manifest, RunFolder.Start.RESUME)) {
            for (Sample s : answered) {
                folder.append(SampleRecord.failed(s, "user", "none", "test record",
                        SampleRecord.Failure.BACKEND, List.of(), 1));
            }
            if (finish) {
                folder.finish(shard);
            }
        }
    }
}
