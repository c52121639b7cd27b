package org.eibench.engine.cluster;

import java.nio.file.Path;
import java.util.List;
import org.eibench.engine.RecordComponents;

/**
 * What {@code eibench slurm run} submits: a run split into {@code shards} array tasks, a merge job and
 * optionally a score job.
 *
 * @param runDir the run folder (absolute): shards go into {@code shards/}, scripts and logs into {@code slurm/},
 *     the merged run into the folder itself
 * @param workDir the folder the jobs run in (absolute), where relative paths in {@code runArgs} resolve
 * @param launcher the {@code eibench} launcher the jobs call (absolute)
 * @param runArgs the {@code eibench run} options, without {@code --out} and {@code --shard}
 * @param mergeArgs the {@code eibench merge} options that say what the shards cover ({@code --eibench} and
 *     the selection options)
 * @param scoreArgs the {@code eibench score} options after RUN_DIR, or null for no score job
 * @param shards number of shards (array tasks), at least 1
 * @param gpusPerShard GPUs each array task asks for ({@code --gres=gpu:G}); 0 = none
 * @param maxConcurrent most array tasks running at once ({@code %M}); 0 = no limit
 * @param partition Slurm partition, or null for the cluster's default
 * @param time time limit of each job ({@code --time}), or null for the partition's default
 * @param account Slurm account, or null
 * @param extraSbatch further sbatch options, one argument each (e.g. {@code --qos=long}), for every job
 * @param image container image for the Kubernetes manifest
 */
public record SlurmJobConfig(
        Path runDir,
        Path workDir,
        Path launcher,
        List<String> runArgs,
        List<String> mergeArgs,
        List<String> scoreArgs,
        int shards,
        int gpusPerShard,
        int maxConcurrent,
        String partition,
        String time,
        String account,
        List<String> extraSbatch,
        String image) {
    public SlurmJobConfig {
        RecordComponents.requireNonNull("SlurmJobConfig", "runDir", runDir, "workDir", workDir, "launcher", launcher);
        if (!runDir.isAbsolute() || !workDir.isAbsolute() || !launcher.isAbsolute()) {
            throw new IllegalArgumentException("runDir, workDir and launcher must be absolute paths");
        }
        runArgs = List.copyOf(runArgs);
        mergeArgs = List.copyOf(mergeArgs);
        scoreArgs = scoreArgs == null ? null : List.copyOf(scoreArgs);
        extraSbatch = extraSbatch == null ? List.of() : List.copyOf(extraSbatch);
        if (shards < 1) {
            throw new IllegalArgumentException("--shards must be at least 1, got " + shards);
        }
        if (gpusPerShard < 0 || maxConcurrent < 0) {
            throw new IllegalArgumentException("--gpus-per-shard and --max-concurrent must not be negative");
        }
        for (String option : List.of("--out", "--shard", "--overwrite")) {
            if (runArgs.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="))) {
                throw new IllegalArgumentException("the run options must not hold " + option
                        + " (each array task gets its own shard folder)");
            }
        }
        image = image == null ? "eibench" : image;
    }
}
