package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eibench.engine.FileTrees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code eibench score} and of {@code eibench report} at seeded random moments, weighted
 * towards the end where the files are written: after every kill each output file is absent or complete, never half
 * written, and the same command run again completes. An output folder that cannot be created, and a write that fails
 * for lack of space (a file-size limit standing in for a full disk), end the command with a clear error and leave no
 * half-written file.
 */
class ReliabilityCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SCORE_KILLS = 4;
    private static final int REPORT_KILLS = 6;

    @TempDir
    static Path shared;
    private static Path run;

    @BeforeAll
    static void answerTheMiniBenchmark() {
        run = shared.resolve("run");
        RunCommandTest.Result r = RunCommandTest.run(RunCommandTest.args(run, "basic", "user", "none", 4)
                .toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
    }

    /** Semantic recall and coherence: the judge would make each pass a minute on two cores (see docs/reliability.md). */
    static List<String> scoreArgs(Path runDir) {
        return List.of("score", runDir.toString(), "--eibench", RunCommandTest.repo("data", "mini-eibench").toString(),
                "--semantic", "--coherence");
    }

    @Test
    void aKilledScorePassLeavesWholeFilesAndReruns(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        FileTrees.copy(run, dir);
        List<String> outputs = List.of("scores.json", "samples.jsonl");
        long fullMillis = timedChild(scoreArgs(dir), tmp.resolve("reference.log"));
        Map<String, String> reference = contents(dir, outputs);
        List<String> results = killRepeatedly(scoreArgs(dir), dir, outputs, reference, fullMillis, tmp, 11,
                SCORE_KILLS);
        System.out.println("score kills (full pass " + fullMillis + " ms): " + results);

        RunCommandTest.Result again = RunCommandTest.run(scoreArgs(dir).toArray(String[]::new));
        assertEquals(0, again.exit(), again.err());
        assertWhole(dir, outputs, reference);
        // byte-equal across JVMs: Map.of key order once made these files differ from run to run
        assertEquals(reference.get("samples.jsonl"), Files.readString(dir.resolve("samples.jsonl")), "same scores");
        assertEquals(reference.get("scores.json"), Files.readString(dir.resolve("scores.json")), "same scores.json");
    }

    @Test
    void aKilledReportLeavesWholeFilesAndReruns(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        FileTrees.copy(run, dir);
        assertEquals(0, RunCommandTest.run(scoreArgs(dir).toArray(String[]::new)).exit());
        Path report = tmp.resolve("report");
        List<String> args = List.of("report", dir.toString(), "--out", report.toString());
        List<String> outputs = List.of("report.md", "report.json", "report.html");
        long fullMillis = timedChild(args, tmp.resolve("reference.log"));
        Map<String, String> reference = contents(report, outputs);
        List<String> results = killRepeatedly(args, report, outputs, reference, fullMillis, tmp, 23, REPORT_KILLS);
        System.out.println("report kills (full pass " + fullMillis + " ms): " + results);

        RunCommandTest.Result again = RunCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, again.exit(), again.err());
        assertEquals(reference, contents(report, outputs), "the rerun writes the same report");
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsAClearErrorAndWritesNothing(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        FileTrees.copy(run, dir);
        assertEquals(0, RunCommandTest.run(scoreArgs(dir).toArray(String[]::new)).exit());
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");

        RunCommandTest.Result report = RunCommandTest.run("report", dir.toString(), "--out",
                file.resolve("report").toString());
        assertEquals(Main.EXIT_USAGE, report.exit(), report.err());
        assertTrue(report.err().contains("at " + file) && report.err().contains("--out"), report.err());

        RunCommandTest.Result runInto = RunCommandTest.run(RunCommandTest.args(file.resolve("run"), "basic", "user",
                "none", 1, "--limit", "1").toArray(String[]::new));
        assertNotEquals(0, runInto.exit());
        assertTrue(runInto.err().contains("at " + file) && runInto.err().contains("--out"), runInto.err());
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void aWriteThatRunsOutOfSpaceLeavesNoHalfWrittenReport(@TempDir Path tmp) throws Exception {
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash), "needs /bin/bash for ulimit -f");
        Path dir = tmp.resolve("run");
        FileTrees.copy(run, dir);
        assertEquals(0, RunCommandTest.run(scoreArgs(dir).toArray(String[]::new)).exit());
        Path report = tmp.resolve("report");
        // ulimit -f caps every file this process writes (here 4 KiB): a write past it fails with EFBIG, as a full
        // disk fails with ENOSPC; SIGXFSZ is ignored so that the JVM sees the error instead of dying
        List<String> java = javaCommand(List.of("report", dir.toString(), "--out", report.toString()));
        String command = "trap '' XFSZ; ulimit -f 4; exec " + String.join(" ", java.stream().map(
                ReliabilityCrashTest::shellQuote).toList());
        Process p = new ProcessBuilder(bash.toString(), "-c", command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("limited.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String log = Files.readString(tmp.resolve("limited.log"));
        assertNotEquals(0, p.exitValue(), log);
        assertTrue(log.contains("eibench: cannot write") && log.contains("disk full"), log);
        assertFalse(Files.exists(report.resolve("report.html")), "the big file was not left half written: " + log);
        try (Stream<Path> files = Files.list(report)) {
            for (Path f : files.toList()) {
                assertFalse(f.getFileName().toString().endsWith(".tmp"), "temporary file left: " + f);
                assertWhole(report, List.of(f.getFileName().toString()), null);
            }
        }
        System.out.println("with a 4 KiB file-size limit: " + log.lines().filter(l -> l.startsWith("eibench:"))
                .findFirst().orElse(log));
    }

    /**
     * Kills the command at seeded random moments in [0.5, 1.2] of a full pass (JVM start-up varies, so some kills
     * come after the end); even kills start without output files, odd ones over complete files of an earlier pass.
     */
    private static List<String> killRepeatedly(List<String> args, Path dir, List<String> outputs,
            Map<String, String> complete, long fullMillis, Path tmp, long seed, int kills) throws Exception {
        Random random = new Random(seed);
        List<String> results = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            for (String name : outputs) {
                if (k % 2 == 0) {
                    Files.deleteIfExists(dir.resolve(name));
                } else {
                    Files.writeString(dir.resolve(name), complete.get(name));
                }
            }
            long at = (long) (fullMillis * (0.5 + 0.7 * random.nextDouble()));
            Process child = startChild(args, tmp.resolve("kill-" + k + ".log"));
            boolean exited = child.waitFor(at, TimeUnit.MILLISECONDS);
            if (!exited) {
                child.destroyForcibly().waitFor();
            }
            List<String> present = outputs.stream().filter(n -> Files.exists(dir.resolve(n))).toList();
            assertWhole(dir, outputs, null);
            results.add("kill " + k + " at " + at + " ms: " + (exited ? "finished first" : "killed") + ", whole "
                    + present);
        }
        return results;
    }

    /** Every output is absent or a complete file: JSON that parses, JSONL whose every line parses and ends. */
    private static void assertWhole(Path dir, List<String> outputs, Map<String, String> reference) throws IOException {
        for (String name : outputs) {
            Path f = dir.resolve(name);
            if (!Files.exists(f)) {
                assertTrue(reference == null, name + " missing after a completed command");
                continue;
            }
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (name.endsWith(".jsonl")) {
                assertTrue(text.isEmpty() || text.endsWith("\n"), name + " ends mid-line");
                for (String line : text.lines().toList()) {
                    JSON.readTree(line);
                }
            } else if (name.endsWith(".json")) {
                JSON.readTree(text);
            } else if (name.endsWith(".html")) {
                assertTrue(text.strip().endsWith("</html>"), name + " is cut");
            } else {
                assertFalse(text.isEmpty(), name + " is empty");
            }
            if (reference != null && name.endsWith(".jsonl")) {
                assertEquals(reference.get(name).lines().count(), text.lines().count(), name + " lines");
            }
        }
    }

    private static Map<String, String> contents(Path dir, List<String> names) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String n : names) {
            out.put(n, Files.readString(dir.resolve(n)));
        }
        return out;
    }

    private static long timedChild(List<String> args, Path log) throws Exception {
        long start = System.nanoTime();
        Process child = startChild(args, log);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "reference pass finished");
        assertEquals(0, child.exitValue(), Files.readString(log));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    static List<String> javaCommand(List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData",
                "-Deibench.native.dir=" + System.getProperty("eibench.native.dir", ""),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    private static Process startChild(List<String> args, Path log) throws IOException {
        return new ProcessBuilder(javaCommand(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
