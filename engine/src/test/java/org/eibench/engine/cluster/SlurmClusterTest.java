package org.eibench.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eibench.engine.run.RunFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * {@code eibench slurm run} on a real single-node Slurm ({@link LocalSlurm}: two fake GPUs) with the tiny model
 * on the mini-EIBench: the jobs run the checkout's {@code ./eibench}, as on a cluster. Skipped, with the
 * reason, where Slurm cannot start here.
 */
class SlurmClusterTest {
    private static final Path REPO = Path.of(System.getProperty("eibench.repo.dir", "..")).toAbsolutePath()
            .normalize();
    private static final Pattern GPU = Pattern.compile("CUDA_VISIBLE_DEVICES=(\\S+)");

    @TempDir
    static Path tmp;

    private static LocalSlurm slurm;
    private static Path reference;

    record Result(int exit, String output) {}

    /** Why Slurm could not start here, or null; each test is skipped with it (a class-level skip shows no reason). */
    private static String skipReason;

    @BeforeAll
    static void startSlurmAndBuild() throws Exception {
        if (!Files.exists(REPO.resolve("data/fixtures/tiny-llava/tiny-llava-f16.gguf"))) {
            skipReason = "tiny fixture missing under " + REPO;
            return;
        }
        try {
            slurm = LocalSlurm.start(tmp.resolve("slurm"));
        } catch (TestAbortedException e) {
            skipReason = e.getMessage().replaceFirst("^Assumption failed: ", "");
            System.err.println("SlurmClusterTest skipped: " + skipReason);
            return;
        }
        // the jobs run ./eibench: build its jars and native libraries now, once, rather than in two tasks at once
        Result built = launcher(List.of("--version"), 1200);
        assertEquals(0, built.exit(), built.output());
    }

    @BeforeEach
    void needsSlurm() {
        assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void stopSlurm() throws Exception {
        if (slurm != null) {
            slurm.close();
        }
    }

    /** Greedy, fixed-length answers: slow enough to cancel a shard in the middle, the same in every process. */
    private static List<String> runOptions() {
        String fixture = REPO.resolve("data/fixtures/tiny-llava").toString();
        String mini = REPO.resolve("data/mini-eibench").toString();
        return List.of("--mode", "user", "-m", fixture + "/tiny-llava-f16.gguf", "--mmproj",
                fixture + "/mmproj-tiny-llava-f16.gguf", "--eibench", mini, "--images", mini, "-ngl", "0", "-t", "1",
                "--parallel", "1", "-n", "24", "--ignore-eos", "--temp", "0");
    }

    private static synchronized Path unshardedPredictions() throws Exception {
        if (reference == null) {
            Path out = tmp.resolve("unsharded");
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(runOptions());
            args.addAll(List.of("--out", out.toString()));
            Result r = launcher(args, 600);
            assertEquals(0, r.exit(), r.output());
            reference = out.resolve(RunFolder.PREDICTIONS);
        }
        return reference;
    }

    private static List<String> slurmRun(Path runDir) {
        List<String> args = new ArrayList<>(List.of("slurm", "run", "--shards", "2", "--gpus-per-shard", "1",
                "--max-concurrent", "2", "--time", "00:20:00"));
        args.addAll(runOptions());
        args.addAll(List.of("--out", runDir.toString(), "--submit"));
        return args;
    }

    @Test
    void twoShardArrayThenMergeEqualsTheUnshardedRunEachTaskOnItsOwnGpu() throws Exception {
        Path runDir = tmp.resolve("two shards 'q' \"dq\" $HOME #x 100%");
        Result submitted = launcher(slurmRun(runDir), 300);
        assertEquals(0, submitted.exit(), submitted.output());
        assertTrue(submitted.output().contains("shards 1-2: array job "), submitted.output());
        awaitIdle(runDir, 900);

        assertTrue(Files.exists(runDir.resolve(RunFolder.PREDICTIONS)), "no merged run in " + runDir + "\n"
                + logs(runDir));
        assertEquals(Files.readString(unshardedPredictions()), Files.readString(runDir.resolve(RunFolder.PREDICTIONS)));
        String gpu1 = gpuOf(runDir, 1).getFirst();
        String gpu2 = gpuOf(runDir, 2).getFirst();
        assertTrue(List.of("0", "1").contains(gpu1) && List.of("0", "1").contains(gpu2), gpu1 + " " + gpu2);
        assertNotEquals(gpu1, gpu2, "the two tasks ran together and must each have had their own GPU");

        Result status = launcher(List.of("slurm", "status", runDir.toString()), 120);
        assertEquals(0, status.exit(), status.output());
        assertTrue(status.output().contains("merged"), status.output());
        assertTrue(status.output().matches("(?s).*shard 1/2  complete .*shard 2/2  complete .*"), status.output());
    }

    @Test
    void scancelOfOneTaskThenResubmitRunsOnlyThatShardAndEverySampleOnce() throws Exception {
        Path runDir = tmp.resolve("cancelled run");
        Result submitted = launcher(slurmRun(runDir), 300);
        assertEquals(0, submitted.exit(), submitted.output());
        Matcher array = Pattern.compile("array job (\\d+)").matcher(submitted.output());
        assertTrue(array.find(), submitted.output());
        ShardLayout layout = new ShardLayout(runDir, 2);
        // shard 1 holds 6 of the 8 samples: cancel it once it has answered some and not all
        Path shard1Records = layout.shardDir(1).resolve(RunFolder.RECORDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (lines(shard1Records) < 1) {
            assertTrue(System.nanoTime() < deadline, "shard 1 answered nothing in 600 s\n" + logs(runDir));
            Thread.sleep(200);
        }
        new SlurmClient(slurm.environment()).cancel(array.group(1) + "_1");
        awaitShardTasksGone(runDir, 600);
        assertNotEquals(ShardLayout.State.COMPLETE, layout.progress(1).state(),
                "shard 1 finished before the scancel reached it; the test cannot show a resumed shard");
        assertEquals(ShardLayout.State.COMPLETE, layout.progress(2).state(), logs(runDir));
        int answeredBefore = layout.progress(1).finished();
        byte[] shard2Records = Files.readAllBytes(layout.shardDir(2).resolve(RunFolder.RECORDS));

        Result resubmitted = launcher(slurmRun(runDir), 300);
        assertEquals(0, resubmitted.exit(), resubmitted.output());
        assertTrue(resubmitted.output().contains("shards 1: array job "), resubmitted.output());
        assertTrue(resubmitted.output().contains("(replaced)"), "the stale merge job is cancelled: "
                + resubmitted.output());
        awaitIdle(runDir, 900);

        assertTrue(Files.exists(runDir.resolve(RunFolder.PREDICTIONS)), "no merged run\n" + logs(runDir));
        assertEquals(Files.readString(unshardedPredictions()), Files.readString(runDir.resolve(RunFolder.PREDICTIONS)));
        List<String> merged = Files.readAllLines(runDir.resolve(RunFolder.PREDICTIONS));
        assertEquals(8, merged.size());
        assertEquals(8, new HashSet<>(merged).size());
        List<String> ids = Files.readAllLines(shard1Records).stream()
                .map(l -> l.replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1")).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "a resumed shard answers no sample twice: " + ids);
        assertTrue(answeredBefore >= 1 && ids.size() == 6, answeredBefore + " then " + ids.size());
        assertTrue(java.util.Arrays.equals(shard2Records,
                Files.readAllBytes(layout.shardDir(2).resolve(RunFolder.RECORDS))), "shard 2 was not run again");
        assertEquals(2, gpuOf(runDir, 1).size(), "shard 1 started twice:\n" + logs(runDir));
        assertEquals(1, gpuOf(runDir, 2).size(), "shard 2 started once:\n" + logs(runDir));
    }

    private static List<String> gpuOf(Path runDir, int shard) throws IOException {
        List<String> gpus = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("slurm/logs/shard-" + shard + ".log"))) {
            Matcher m = GPU.matcher(line);
            if (line.startsWith("[eibench-slurm] shard") && m.find()) {
                gpus.add(m.group(1));
            }
        }
        return gpus;
    }

    /** Waits until no job of the run is queued or running. */
    private static void awaitIdle(Path runDir, int seconds) throws Exception {
        await(runDir, seconds, SlurmArrayJob.jobNames(runDir));
    }

    private static void awaitShardTasksGone(Path runDir, int seconds) throws Exception {
        await(runDir, seconds, List.of(SlurmArrayJob.jobNames(runDir).getFirst()));
    }

    private static void await(Path runDir, int seconds, List<String> names) throws Exception {
        SlurmClient client = new SlurmClient(slurm.environment());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<SlurmClient.Job> jobs = client.queued(names).orElseThrow().stream()
                    .filter(j -> j.active() && !j.stuck()).toList();
            if (jobs.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("jobs still queued after " + seconds + " s: " + jobs + "\n" + logs(runDir) + slurm.logs());
            }
            Thread.sleep(1000);
        }
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var l = Files.lines(file)) {
            return l.count();
        }
    }

    private static String logs(Path runDir) throws IOException {
        StringBuilder out = new StringBuilder();
        Path dir = runDir.resolve("slurm/logs");
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    out.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
                }
            }
        }
        return out.toString();
    }

    /** Runs the checkout's launcher with this cluster's SLURM_CONF, as a user would. */
    private static Result launcher(List<String> args, int seconds) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("eibench").toString()));
        command.addAll(args);
        Path log = Files.createTempFile(tmp, "launcher", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(slurm.environment());
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + seconds + " s:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
