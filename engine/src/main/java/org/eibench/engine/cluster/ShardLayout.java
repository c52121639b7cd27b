package org.eibench.engine.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.eibench.engine.run.RecordLog;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.RunManifest;
import org.eibench.engine.run.SampleRecord;

/**
 * Where a sharded cluster run keeps its parts under the run folder:
 * <pre>
 * RUN_DIR/shards/K-of-N/   the run folder of shard K (1-based), resumed by every resubmission
 * RUN_DIR/slurm/           the job scripts and logs/ (one log per array task, appended on requeue)
 * RUN_DIR/kubernetes.yaml  the same split as an Indexed Job and a merge Job
 * RUN_DIR/run.json, ...    the merged run, written by the merge job
 * </pre>
 *
 * @param runDir the run folder
 * @param shards how many shards the run is split into
 */
public record ShardLayout(Path runDir, int shards) {
    /** The state of one shard folder. */
    public enum State {
        /** No run.json yet. */
        NOT_STARTED,
        /** Started, not every sample finished (running, cancelled, failed or preempted). */
        INCOMPLETE,
        /** Every selected sample has a record (ok or failed) and predictions.jsonl is written. */
        COMPLETE
    }

    /**
     * Progress of one shard folder.
     *
     * @param selected samples in the shard, known once it finished at least once; else -1
     */
    public record Progress(int shard, Path dir, State state, int ok, int failed, int selected) {
        public int finished() {
            return ok + failed;
        }
    }

    public Path shardsDir() {
        return runDir.resolve("shards");
    }

    /** The run folder of shard {@code shard} (1-based). */
    public Path shardDir(int shard) {
        return shardsDir().resolve(shard + "-of-" + shards);
    }

    public List<Path> shardDirs() {
        return IntStream.rangeClosed(1, shards).mapToObj(this::shardDir).toList();
    }

    public Path slurmDir() {
        return runDir.resolve("slurm");
    }

    public Path logsDir() {
        return slurmDir().resolve("logs");
    }

    /** Whether the merged run is there (the merge job wrote RUN_DIR/run.json). */
    public boolean merged() {
        return Files.exists(runDir.resolve(RunFolder.MANIFEST));
    }

    /** The shard counts of earlier shard folders, e.g. 4 for {@code shards/1-of-4}; empty when none. */
    public List<Integer> existingShardCounts() throws IOException {
        if (!Files.isDirectory(shardsDir())) {
            return List.of();
        }
        try (var dirs = Files.list(shardsDir())) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("\\d+-of-\\d+"))
                    .map(n -> Integer.parseInt(n.substring(n.indexOf("-of-") + 4))).distinct().sorted().toList();
        }
    }

    /** Reads the progress of shard {@code shard} from its folder (records.jsonl and run.json). */
    public Progress progress(int shard) throws IOException, RunFolderException {
        Path dir = shardDir(shard);
        if (!Files.exists(dir.resolve(RunFolder.MANIFEST))) {
            return new Progress(shard, dir, State.NOT_STARTED, 0, 0, -1);
        }
        RunManifest manifest = RunFolder.readManifest(dir);
        int ok = 0;
        int failed = 0;
        for (SampleRecord r : RecordLog.read(dir.resolve(RunFolder.RECORDS)).values()) {
            if (r.ok()) {
                ok++;
            } else {
                failed++;
            }
        }
        RunManifest.Counts counts = manifest.counts();
        // run.json carries counts only after a pass that answered the whole shard; a resumed pass clears them
        boolean complete = counts != null && counts.ok() + counts.failed() == counts.selected()
                && Files.exists(dir.resolve(RunFolder.PREDICTIONS));
        return new Progress(shard, dir, complete ? State.COMPLETE : State.INCOMPLETE, ok, failed,
                counts == null ? -1 : counts.selected());
    }

    public List<Progress> progress() throws IOException, RunFolderException {
        List<Progress> all = new java.util.ArrayList<>();
        for (int k = 1; k <= shards; k++) {
            all.add(progress(k));
        }
        return all;
    }
}
