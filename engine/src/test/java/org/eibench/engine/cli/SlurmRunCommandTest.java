package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eibench.engine.cluster.SlurmArrayJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eibench slurm run}'s option mapping: the run options reach the array script, the merge its selection. */
class SlurmRunCommandTest {
    @TempDir
    Path tmp;

    private List<String> args(Path out, String... more) {
        List<String> a = new ArrayList<>(RunCommandTest.args(out, "basic", "user", "none", 2, "--limit", "5",
                "--category", "happy,sad", "--ignore-eos"));
        a.set(0, "run");
        a.addAll(0, List.of("slurm"));
        a.addAll(List.of("--shards", "3", "--partition", "gpu", "--sbatch=--qos=long", "--score"));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void runOptionsGoToTheArrayScriptAndSelectionOptionsToTheMerge() throws Exception {
        Path out = tmp.resolve("run dir");
        RunCommandTest.Result r = RunCommandTest.run(args(out).toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("--array=1-3"), r.out());
        String shard = Files.readString(out.resolve("slurm").resolve(SlurmArrayJob.SHARD_SCRIPT));
        assertTrue(shard.contains(" run --benchmark=basic --mode=user --persona=none --model="), shard);
        assertTrue(shard.contains("--limit=5 --category=happy,sad --ignore-eos --shard \"$shard/$shards\" --out \"$out\""),
                shard);
        assertTrue(shard.contains("#SBATCH \"--partition=gpu\"") && shard.contains("#SBATCH \"--qos=long\""), shard);
        String merge = Files.readString(out.resolve("slurm").resolve(SlurmArrayJob.MERGE_SCRIPT));
        assertTrue(merge.contains("merge --out '" + out.toAbsolutePath() + "' --eibench "), merge);
        assertTrue(merge.contains(" --limit=5 --category=happy,sad '" + out.toAbsolutePath() + "/shards/1-of-3'"),
                merge);
        assertTrue(Files.exists(out.resolve("slurm").resolve(SlurmArrayJob.SCORE_SCRIPT)));
        assertTrue(Files.exists(out.resolve(SlurmArrayJob.KUBERNETES_MANIFEST)));
    }

    @Test
    void shardAndOverwriteAreRefusedWithTheReason() {
        for (String option : List.of("--shard=1/2", "--overwrite")) {
            RunCommandTest.Result r = RunCommandTest.run(args(tmp.resolve("x"), option).toArray(String[]::new));
            assertEquals(Main.EXIT_USAGE, r.exit(), r.out());
            assertTrue(r.err().contains("is not for slurm run"), r.err());
        }
    }
}
