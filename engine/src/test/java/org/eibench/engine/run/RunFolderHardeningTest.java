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
import java.util.Map;
import java.util.Set;
import org.eibench.engine.dataset.DatasetIdentity;
import org.eibench.engine.dataset.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defects of the hostile-input pass (issue 11) in the run folder: each test failed before its fix. */
class RunFolderHardeningTest {
    @TempDir
    Path dir;

    private final List<Sample> samples = RunFixtures.samples(4);

    /** Resumes the run folder of a {@code user}-mode run. */
    private RunFolder resume() throws IOException, RunFolderException {
        return RunFolder.open(dir, RunFixtures.manifest("user"), RunFolder.Start.RESUME);
    }

    /** Resuming refuses the folder as damaged, with a message that contains {@code fragment}. */
    private void assertResumeRefused(String fragment) {
        RunFolderException e = assertThrows(RunFolderException.class, this::resume);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static RunManifest withDataset(String userSha) {
        RunManifest m = RunFixtures.manifest("user");
        return new RunManifest(m.projectVersion(), m.benchmark(), m.mode(), m.persona(), m.models(), m.parameters(),
                m.seed(), m.llamaCppCommit(), m.patchSha256(), m.promptsFingerprint(), m.selection(), m.shard(),
                new DatasetIdentity(Map.of("user.jsonl", userSha, "basic_ground_truth.json", "22".repeat(32)), 4,
                        "33".repeat(32)), null, null, null);
    }

    @Test
    void resumingOnOtherAnnotationFilesIsRefusedNamingTheFile() throws Exception {
        try (RunFolder run = RunFolder.open(dir, withDataset("11".repeat(32)), RunFolder.Start.RESUME)) {
            run.append(RunFixtures.ok(samples.get(0)));
        }
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> RunFolder.open(dir, withDataset("44".repeat(32)), RunFolder.Start.RESUME));
        assertTrue(e.getMessage().contains("dataset user.jsonl sha256: '" + "11".repeat(32) + "' in run.json, '"
                + "44".repeat(32) + "' now"), e.getMessage());
        assertFalse(e.getMessage().contains("basic_ground_truth"), "only what differs: " + e.getMessage());
        try (RunFolder run = RunFolder.open(dir, withDataset("11".repeat(32)), RunFolder.Start.RESUME)) {
            assertEquals(1, run.records().size(), "the same data resumes");
        }
    }

    @Test
    void overwriteMovesEveryDerivedFileAside() throws Exception {
        try (RunFolder run = resume()) {
            run.append(RunFixtures.ok(samples.get(0)));
            run.finish(samples);
        }
        List<String> derived = List.of("scores.json", "samples.jsonl", "judge.jsonl", "report.md");
        for (String name : derived) {
            Files.writeString(dir.resolve(name), "old " + name);
        }
        try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest("cot"), RunFolder.Start.OVERWRITE)) {
            for (String name : derived) {
                assertFalse(Files.exists(dir.resolve(name)), name + " of the old run is still in the folder");
            }
        }
        Path aside;
        try (var list = Files.list(dir)) {
            aside = list.filter(p -> p.getFileName().toString().startsWith("replaced-")).findFirst().orElseThrow();
        }
        for (String name : derived) {
            assertEquals("old " + name, Files.readString(aside.resolve(name)));
        }
        assertTrue(Files.exists(aside.resolve(RunFolder.RECORDS)) && Files.exists(aside.resolve(RunFolder.MANIFEST)));
    }

    @Test
    void runJsonIsWrittenOnlyWithTheFirstRecordSoAFailedStartRefusesNothing() throws Exception {
        try (RunFolder run = resume()) {
            assertFalse(Files.exists(dir.resolve(RunFolder.MANIFEST)), "nothing ran yet (a model failed to load)");
        }
        try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest("cot"), RunFolder.Start.RESUME)) {
            run.append(RunFixtures.ok(samples.get(0)));
            assertEquals("cot", RunFolder.readManifest(dir).mode(), "the corrected command is not refused");
        }
    }

    @Test
    void failedSamplesAreRetriedOnResumeUnlessTheInputWasAtFault() throws Exception {
        SampleRecord backend = SampleRecord.failed(samples.get(1), "user", "none", "step answer: llama_decode"
                + " returned -3", SampleRecord.Failure.BACKEND, List.of(), 1);
        SampleRecord input = RunFixtures.failed(samples.get(2));
        SampleRecord older = new SampleRecord(samples.get(3).id(), "basic", samples.get(3).imageKey(), "q", "happy",
                "user", "none", SampleRecord.Status.FAILED, null, "old failure", null, List.of(), 0, 0, 1, "t");
        try (RunFolder run = resume()) {
            run.append(RunFixtures.ok(samples.get(0)));
            run.append(backend);
            run.append(input);
            run.append(older);
            run.finish(samples);
            assertTrue(run.describeFailures(samples).contains("2 by the backend"), run.describeFailures(samples));
            assertTrue(run.describeFailures(samples).contains("1 by their input (not retried unless --retry-failed"
                    + " all), e.g. s000002: image not found"), run.describeFailures(samples));
        }
        try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest("user"), RunFolder.Start.RESUME,
                RunFolder.Retry.NONE)) {
            assertEquals(Set.of("s000000", "s000001", "s000002", "s000003"), run.finishedIds());
        }
        try (RunFolder run = resume()) {
            assertEquals(Set.of("s000000", "s000002"), run.finishedIds(), "backend and unknown failures retried");
            run.append(RunFixtures.ok(samples.get(1)));
            assertThrows(IllegalStateException.class, () -> run.append(RunFixtures.ok(samples.get(0))),
                    "an answered sample is never recorded twice");
        }
        try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest("user"), RunFolder.Start.RESUME,
                RunFolder.Retry.ALL)) {
            assertTrue(run.records().get("s000001").ok(), "the retry's record is the one that counts");
            assertEquals(Set.of("s000000", "s000001"), run.finishedIds());
        }
    }

    @Test
    void aSecondAnswerForAnAnsweredSampleStillMeansDamage() throws Exception {
        try (RunFolder run = resume()) {
            run.append(RunFixtures.ok(samples.get(0)));
            run.append(RunFixtures.ok(samples.get(1)));
        }
        String first = Files.readAllLines(dir.resolve(RunFolder.RECORDS)).getFirst();
        Files.writeString(dir.resolve(RunFolder.RECORDS), first + "\n", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve(RunFolder.RECORDS), first + "\n", StandardOpenOption.APPEND);
        assertResumeRefused(":3: sample s000000 recorded a second time");
    }

    @Test
    void trailingContentOnARecordLineIsDamage() throws Exception {
        try (RunFolder run = resume()) {
            run.append(RunFixtures.ok(samples.get(0)));
        }
        List<String> lines = Files.readAllLines(dir.resolve(RunFolder.RECORDS));
        String two = RecordLog.JSON.writeValueAsString(RunFixtures.ok(samples.get(1)));
        Files.writeString(dir.resolve(RunFolder.RECORDS), lines.getFirst() + " garbage\n" + two + "\n",
                StandardCharsets.UTF_8);
        assertResumeRefused(":1: not a complete record");
    }

    @Test
    void everyFileOfTheFolderGetsOnePermissionMode() throws Exception {
        try (RunFolder run = resume()) {
            run.append(RunFixtures.ok(samples.get(0)));
            run.finish(samples);
        }
        Set<?> records = Files.getPosixFilePermissions(dir.resolve(RunFolder.RECORDS));
        for (String name : List.of(RunFolder.MANIFEST, RunFolder.PREDICTIONS, RunFolderLock.FILE)) {
            assertEquals(records, Files.getPosixFilePermissions(dir.resolve(name)), name);
        }
    }

    @Test
    void mergeIntoAFileSaysWhatIsWrong() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path shard = dir.resolve("shard");
        try (RunFolder run = RunFolder.open(shard, RunFixtures.manifest("user"), RunFolder.Start.RESUME)) {
            run.append(RunFixtures.ok(samples.get(0)));
            run.finish(samples.subList(0, 1));
        }
        var e = assertThrows(java.io.IOException.class, () -> RunMerge.merge(file, List.of(shard),
                samples.subList(0, 1)));
        assertEquals(file + " exists and is not a folder; choose another --out", e.getMessage());
    }

    @Test
    void unfinishedRunsAreNamed() throws Exception {
        try (RunFolder run = resume()) {
            run.append(RunFixtures.ok(samples.get(0)));
            assertEquals(dir + " is an unfinished run: 1 sample(s) have a record and the run did not reach its end",
                    RunFolder.unfinished(dir));
            run.finish(samples);
            assertEquals(dir + " is an unfinished run: 1 of 4 samples have a record", RunFolder.unfinished(dir));
            for (Sample s : samples.subList(1, 4)) {
                run.append(RunFixtures.ok(s));
            }
            run.finish(samples);
            assertEquals(null, RunFolder.unfinished(dir));
        }
    }
}
