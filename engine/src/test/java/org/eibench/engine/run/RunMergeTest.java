package org.eibench.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.dataset.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunMergeTest {
    @TempDir
    Path tmp;

    private final List<Sample> all = RunFixtures.samples(40);

    /** Runs shard k/n of the samples into its own folder, recording every sample of the shard. */
    private Path runShard(int k, int n, String mode) throws Exception {
        Path dir = tmp.resolve("shard-" + k + "-of-" + n + "-" + mode);
        Selection.Shard shard = new Selection.Shard(k, n);
        List<Sample> mine = Selection.ALL.withShard(shard).apply(all);
        try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest(mode).withShard(shard.toString()),
                RunFolder.Start.RESUME)) {
            for (Sample s : mine) {
                run.append(s.ordinal() % 7 == 0 ? RunFixtures.failed(s) : RunFixtures.ok(s));
            }
            run.finish(mine);
        }
        return dir;
    }

    @Test
    void shardsMergeIntoOneRunInBenchmarkOrder() throws Exception {
        List<Path> shards = List.of(runShard(1, 3, "user"), runShard(2, 3, "user"), runShard(3, 3, "user"));
        Path out = tmp.resolve("merged");
        RunManifest m = RunMerge.merge(out, shards, all);
        assertEquals(new RunManifest.Counts(40, 34, 6), m.counts());
        assertEquals(null, m.shard());
        List<String> records = Files.readAllLines(out.resolve(RunFolder.RECORDS));
        assertEquals(40, records.size());
        List<String> ids = new ArrayList<>(RecordLog.read(out.resolve(RunFolder.RECORDS)).keySet());
        assertEquals(all.stream().map(Sample::id).toList(), ids);
        assertEquals(40, Files.readAllLines(out.resolve(RunFolder.PREDICTIONS)).size());
        try (RunFolder reopened = RunFolder.open(out, m, RunFolder.Start.RESUME)) {
            assertEquals(40, reopened.finishedIds().size(), "the merged folder is a normal run folder");
        }
    }

    @Test
    void missingShardIsListed() throws Exception {
        List<Path> shards = List.of(runShard(1, 3, "user"), runShard(3, 3, "user"));
        MergeException e = assertThrows(MergeException.class, () -> RunMerge.merge(tmp.resolve("m"), shards, all));
        List<String> expectedMissing = Selection.ALL.withShard(new Selection.Shard(2, 3)).apply(all).stream()
                .map(Sample::id).toList();
        assertEquals(expectedMissing, e.missing());
        assertTrue(e.getMessage().contains(expectedMissing.size() + " missing"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("m").resolve(RunFolder.RECORDS)), "nothing written on failure");
    }

    @Test
    void doubledAndUnknownSamplesAreListed() throws Exception {
        Path a = runShard(1, 2, "user");
        Path b = runShard(2, 2, "user");
        Path again = runShard(1, 1, "user"); // every sample, overlapping both shards
        MergeException e = assertThrows(MergeException.class,
                () -> RunMerge.merge(tmp.resolve("m"), List.of(a, b, again), all));
        assertEquals(40, e.doubled().size());
        assertTrue(e.doubled().getFirst().contains(again.toString()), e.doubled().getFirst());
        e = assertThrows(MergeException.class,
                () -> RunMerge.merge(tmp.resolve("m"), List.of(a, b), all.subList(0, 30)));
        assertEquals(10, e.unknown().size());
        assertTrue(e.getMessage().contains("not in the selection"), e.getMessage());
    }

    @Test
    void shardsOfDifferentRunsAreRefused() throws Exception {
        List<Path> shards = List.of(runShard(1, 2, "user"), runShard(2, 2, "cfsa"));
        MergeException e = assertThrows(MergeException.class, () -> RunMerge.merge(tmp.resolve("m"), shards, all));
        assertTrue(e.getMessage().contains("mode: 'user' in run.json, 'cfsa' now"), e.getMessage());
    }
}
