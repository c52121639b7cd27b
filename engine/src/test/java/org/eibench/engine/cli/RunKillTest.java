package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real {@code eibench run} in a child JVM, then the same command again: every sample ends up recorded
 * exactly once, and the records finished before the kill are kept byte for byte.
 */
class RunKillTest {
    @Test
    void aKilledRunResumesWithoutLossOrDuplicates(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        List<String> args = RunCommandTest.args(out, "basic", "caption", "none", 2);
        args.set(args.indexOf("--max-tokens") + 1, "24");

        Process child = startChild(args, tmp.resolve("child.log"));
        Path records = out.resolve("records.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(records) < 2 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child finished before it could be killed; log:\n"
                + Files.readString(tmp.resolve("child.log")));
        child.destroyForcibly().waitFor();
        byte[] beforeKill = Files.readAllBytes(records);
        String kept = completeLines(beforeKill);
        assertTrue(kept.lines().count() >= 2 && kept.lines().count() < 8,
                "killed mid-run: " + kept.lines().count() + " records");

        RunCommandTest.Result again = RunCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, again.exit(), again.err());
        String after = Files.readString(records, StandardCharsets.UTF_8);
        assertTrue(after.startsWith(kept), "records finished before the kill are unchanged");
        Map<String, Integer> counts = new HashMap<>();
        for (var r : RunCommandTest.records(out)) {
            counts.merge(r.get("id").asText(), 1, Integer::sum);
            assertEquals("ok", r.get("status").asText());
        }
        assertEquals(8, counts.size(), "every sample present");
        assertTrue(counts.values().stream().allMatch(c -> c == 1), "none doubled: " + counts);
        assertEquals(8, Files.readAllLines(out.resolve("predictions.jsonl")).size());
    }

    private static Process startChild(List<String> args, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Deibench.native.dir=" + System.getProperty("eibench.native.dir", ""),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? completeLines(Files.readAllBytes(file)).lines().count() : 0;
    }

    /** The file up to its last newline: what survives as whole records. */
    private static String completeLines(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        int end = s.lastIndexOf('\n');
        return end < 0 ? "" : s.substring(0, end + 1);
    }
}
