package org.eibench.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.eibench.engine.dataset.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    @TempDir
    Path dir;

    private final List<Sample> samples = RunFixtures.samples(5);

    private RunFolder open() throws Exception {
        return RunFolder.open(dir, RunFixtures.manifest("user"), RunFolder.Start.RESUME);
    }

    @Test
    void appendReopenResumeAndFinish() throws Exception {
        try (RunFolder run = open()) {
            run.append(RunFixtures.ok(samples.get(0)));
            run.append(RunFixtures.failed(samples.get(1)));
        }
        try (RunFolder run = open()) {
            assertEquals(Set.of("s000000", "s000001"), run.finishedIds());
            assertEquals(RunFixtures.ok(samples.get(0)), run.records().get("s000000"), "round trip is lossless");
            assertThrows(IllegalStateException.class, () -> run.append(RunFixtures.ok(samples.get(0))));
            run.append(RunFixtures.ok(samples.get(3)));
            run.append(RunFixtures.ok(samples.get(2)));
            run.finish(samples);
            RunManifest m = RunFolder.readManifest(dir);
            assertEquals(new RunManifest.Counts(5, 3, 1), m.counts());
            assertTrue(m.finishedAt() != null && m.startedAt() != null);
        }
        List<String> lines = Files.readAllLines(dir.resolve(RunFolder.PREDICTIONS));
        assertEquals(4, lines.size(), "sample 4 has no record yet");
        assertEquals(RecordLog.JSON.writeValueAsString(java.util.Map.of(samples.get(0).imageKey(),
                RunFixtures.answerFor("s000000"))), lines.get(0));
        assertEquals("{\"CAER-S/train/Happy/s000001.png\":\"\"}", lines.get(1), "failed: empty answer");
        assertTrue(lines.get(2).contains("s000002"), "benchmark order, not finishing order");
        try (RunFolder run = open()) {
            assertEquals(4, run.finishedIds().size());
            assertFalse(Files.exists(dir.resolve(RunFolder.PREDICTIONS)), "stale predictions removed on reopen");
        }
    }

    @Test
    void tornLastLineWithoutNewlineIsCutOff() throws Exception {
        try (RunFolder run = open()) {
            run.append(RunFixtures.ok(samples.get(0)));
            run.append(RunFixtures.ok(samples.get(1)));
        }
        Path records = dir.resolve(RunFolder.RECORDS);
        long good = Files.size(records);
        String third = RecordLog.JSON.writeValueAsString(RunFixtures.ok(samples.get(2)));
        Files.writeString(records, third.substring(0, third.length() / 2), StandardOpenOption.APPEND);
        try (RunFolder run = open()) {
            assertEquals(Set.of("s000000", "s000001"), run.finishedIds());
            assertEquals(good, Files.size(records));
            run.append(RunFixtures.ok(samples.get(2)));
        }
        try (RunFolder run = open()) {
            assertEquals(3, run.records().size());
        }
    }

    @Test
    void unparsableLastLineIsCutOffButDamageInTheMiddleFails() throws Exception {
        try (RunFolder run = open()) {
            run.append(RunFixtures.ok(samples.get(0)));
        }
        Path records = dir.resolve(RunFolder.RECORDS);
        Files.write(records, new byte[] {0, 0, 0, '\n'}, StandardOpenOption.APPEND);
        try (RunFolder run = open()) {
            assertEquals(1, run.records().size());
        }
        String content = Files.readString(records);
        Files.writeString(records, "{\"broken\n" + content, StandardCharsets.UTF_8);
        RunFolderException e = assertThrows(RunFolderException.class, this::open);
        assertTrue(e.getMessage().contains(RunFolder.RECORDS + ":1: not a complete record"), e.getMessage());
        Files.writeString(records, content + content, StandardCharsets.UTF_8);
        e = assertThrows(RunFolderException.class, this::open);
        assertTrue(e.getMessage().contains(":2: sample s000000 recorded a second time"), e.getMessage());
    }

    @Test
    void differentRunIsRefusedAndOverwriteMovesItAside() throws Exception {
        try (RunFolder run = open()) {
            run.append(RunFixtures.ok(samples.get(0)));
        }
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> RunFolder.open(dir, RunFixtures.manifest("cfsa"), RunFolder.Start.RESUME));
        assertTrue(e.getMessage().contains("mode: 'user' in run.json, 'cfsa' now"), e.getMessage());
        assertTrue(e.getMessage().contains("--overwrite") && e.getMessage().contains("--out"), e.getMessage());

        try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest("cfsa"), RunFolder.Start.OVERWRITE)) {
            assertTrue(run.finishedIds().isEmpty());
            run.append(RunFixtures.ok(samples.get(0)));
            assertEquals("cfsa", RunFolder.readManifest(dir).mode());
        }
        try (var aside = Files.list(dir)) {
            Path old = aside.filter(p -> p.getFileName().toString().startsWith("replaced-")).findFirst().orElseThrow();
            assertEquals("user", RunFolder.readManifest(old).mode());
            assertEquals(1, RecordLog.read(old.resolve(RunFolder.RECORDS)).size());
        }
    }

    @Test
    void recordsWithoutManifestAreNotResumed() throws IOException {
        Files.writeString(dir.resolve(RunFolder.RECORDS), "{}\n");
        RunFolderException e = assertThrows(RunFolderException.class, this::open);
        assertTrue(e.getMessage().contains("no run.json"), e.getMessage());
    }
}
