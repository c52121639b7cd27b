package org.eibench.engine.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eibench.engine.run.RunFolderException;

/**
 * The progress of a run written by {@code eibench slurm run}: per shard, what its folder holds, and the state
 * of its Slurm task when squeue (queued and running jobs) or sacct (finished ones, with accounting) answer.
 */
public final class SlurmRunStatus {
    private SlurmRunStatus() {}

    /** The status of the run in {@code runDir} as text lines. */
    public static List<String> describe(Path runDir, SlurmClient client)
            throws IOException, RunFolderException, InterruptedException {
        int shards = SlurmArrayJob.recordedShards(runDir);
        ShardLayout layout = new ShardLayout(runDir, shards);
        List<String> names = SlurmArrayJob.jobNames(runDir);
        Map<String, SlurmClient.Job> byTask = new LinkedHashMap<>();
        Optional<List<SlurmClient.Job>> accounted = client.accounted(names);
        Optional<List<SlurmClient.Job>> queued;
        String queueNote = "";
        try {
            queued = client.queued(names);
            queueNote = queued.isEmpty() ? "; squeue not found, so no job states" : "";
        } catch (IOException e) {
            queued = Optional.empty();
            queueNote = "; no job states (" + e.getMessage().strip() + ")";
        }
        // the queue is newer than the accounting: its entries win
        for (Optional<List<SlurmClient.Job>> source : List.of(accounted, queued)) {
            source.ifPresent(jobs -> jobs.forEach(j -> byTask.put(key(j, names), j)));
        }
        List<String> lines = new ArrayList<>();
        lines.add(runDir + ": " + shards + " shard(s)" + (layout.merged() ? ", merged" : ", not merged yet"));
        int finished = 0;
        for (ShardLayout.Progress p : layout.progress()) {
            finished += p.finished();
            SlurmClient.Job job = byTask.get("shard " + p.shard());
            lines.add(String.format("  shard %d/%d  %-11s %4d finished (%d ok, %d failed)%s  %s", p.shard(), shards,
                    p.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), p.finished(), p.ok(),
                    p.failed(), p.selected() >= 0 ? " of " + p.selected() : "",
                    job == null ? "" : "job " + job.id() + " " + job.state()));
        }
        for (String part : List.of("merge", "score")) {
            SlurmClient.Job job = byTask.get(part);
            if (job != null) {
                lines.add("  " + part + " job " + job.id() + " " + job.state()
                        + (job.reason().isEmpty() || "None".equals(job.reason()) ? "" : " (" + job.reason() + ")"));
            }
        }
        lines.add("  " + finished + " sample(s) finished in the shard folders" + queueNote);
        return lines;
    }

    private static String key(SlurmClient.Job job, List<String> names) {
        if (job.name().equals(names.get(0))) {
            return "shard " + job.arrayTask();
        }
        return job.name().equals(names.get(1)) ? "merge" : "score";
    }
}
