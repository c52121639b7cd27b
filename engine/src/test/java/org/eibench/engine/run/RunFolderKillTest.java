package org.eibench.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 a child JVM that appends records, several times, at random moments; nothing is lost but the sample in flight. */
class RunFolderKillTest {
    private static final int ROUNDS = 5;

    @Test
    void killMinusNineLosesNothingButTheSampleInFlight(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Random random = new Random(20260101);
        List<Integer> countsAfterRounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", CrashingAppender.class.getName(), dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String first = out.readLine(); // "ready N": the folder is open and the torn tail repaired
                assertTrue(first != null && first.startsWith("ready "), "child failed to start: " + first);
                Thread.sleep(50 + random.nextInt(400));
                child.destroyForcibly(); // SIGKILL on Linux and macOS
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest("user"), RunFolder.Start.RESUME)) {
                int n = run.records().size();
                int i = 0;
                for (SampleRecord r : run.records().values()) {
                    assertEquals(RunFixtures.ok(RunFixtures.sample(i)), r, "record " + i + " complete and in order");
                    i++;
                }
                countsAfterRounds.add(n);
            }
        }
        for (int r = 1; r < ROUNDS; r++) {
            assertTrue(countsAfterRounds.get(r) > countsAfterRounds.get(r - 1),
                    "every round appended records: " + countsAfterRounds);
        }
        String content = Files.readString(dir.resolve(RunFolder.RECORDS));
        assertTrue(content.endsWith("\n"), "after reopen the file ends with a whole record");
        assertEquals(countsAfterRounds.getLast().intValue(), content.split("\n").length, "no line doubled or lost");
    }
}
