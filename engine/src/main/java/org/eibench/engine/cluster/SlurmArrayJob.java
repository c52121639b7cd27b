package org.eibench.engine.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eibench.models.json.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eibench.engine.run.AtomicFiles;
import org.eibench.engine.run.RunFolderException;

/**
 * A sharded run as Slurm jobs: writes the array, merge and score scripts (and the Kubernetes manifest) from
 * their templates, decides what a (re)submission needs, and submits it.
 *
 * <p>The resubmit rule: a shard is submitted again only when its folder is not complete and no task of this
 * run is queued or running for it. Each task resumes its shard folder, so finished samples are kept and none
 * is answered twice. A merge or score job of an earlier submission that is still pending is cancelled and
 * replaced by one that waits for the new tasks and for the shard tasks still queued.
 *
 * <pre>{@code
 * SlurmArrayJob job = new SlurmArrayJob(config);
 * job.writeScripts();
 * SlurmArrayJob.Plan plan = job.plan(client.queued(job.jobNames()).orElse(List.of()));
 * SlurmArrayJob.Submission ids = job.submit(client, plan);
 * }</pre>
 */
public final class SlurmArrayJob {
    public static final String SHARD_SCRIPT = "shard.sbatch";
    public static final String MERGE_SCRIPT = "merge.sbatch";
    public static final String SCORE_SCRIPT = "score.sbatch";
    public static final String PLAN_FILE = "plan.json";
    public static final String KUBERNETES_MANIFEST = "kubernetes.yaml";

    private static final ObjectMapper JSON = JsonMappers.create(JsonMappers.Option.INDENT);

    /**
     * What a submission does.
     *
     * @param shards the shards to submit as array tasks (1-based), possibly none
     * @param waitFor queued or running shard tasks of earlier submissions ({@code ID_K}) the merge must wait for
     * @param cancel pending merge and score jobs of earlier submissions, replaced by this one
     * @param submitMerge whether a merge job (and the score job, when configured) is submitted
     * @param reason why nothing is submitted, or null
     */
    public record Plan(List<Integer> shards, List<String> waitFor, List<String> cancel, boolean submitMerge,
            String reason) {
        public boolean nothing() {
            return shards.isEmpty() && !submitMerge;
        }
    }

    /** The job ids of a submission; null where that job was not submitted. */
    public record Submission(List<Integer> shards, String arrayJob, String mergeJob, String scoreJob) {}

    private final SlurmJobConfig config;
    private final ShardLayout layout;
    private final String namePrefix;

    public SlurmArrayJob(SlurmJobConfig config) {
        this.config = config;
        this.layout = new ShardLayout(config.runDir(), config.shards());
        this.namePrefix = jobNamePrefix(config.runDir());
    }

    /** The start of every job name of the run in {@code runDir}: its folder name and a hash of its path. */
    static String jobNamePrefix(Path runDir) {
        String base = runDir.getFileName() == null ? "run"
                : runDir.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return "eibench-" + (base.length() > 24 ? base.substring(0, 24) : base) + "-"
                + sha256(runDir.toString()).substring(0, 8);
    }

    /** The shard count recorded by {@link #writeScripts} in {@code runDir}. */
    public static int recordedShards(Path runDir) throws IOException {
        Path planFile = runDir.resolve("slurm").resolve(PLAN_FILE);
        if (!Files.exists(planFile)) {
            throw new IOException(runDir + " has no slurm/" + PLAN_FILE + "; was it written by eibench slurm run?");
        }
        return JSON.readTree(planFile.toFile()).path("shards").asInt();
    }

    public SlurmJobConfig config() {
        return config;
    }

    public ShardLayout layout() {
        return layout;
    }

    /** Slurm job names: unique per run folder, so resubmission finds the jobs of earlier submissions. */
    public String shardJobName() {
        return namePrefix + "-shards";
    }

    public String mergeJobName() {
        return namePrefix + "-merge";
    }

    public String scoreJobName() {
        return namePrefix + "-score";
    }

    public List<String> jobNames() {
        return jobNames(config.runDir());
    }

    /** The names of the shard, merge and score jobs of the run in {@code runDir}. */
    public static List<String> jobNames(Path runDir) {
        String prefix = jobNamePrefix(runDir);
        return List.of(prefix + "-shards", prefix + "-merge", prefix + "-score");
    }

    public Path script(String name) {
        return layout.slurmDir().resolve(name);
    }

    /**
     * Writes the scripts, the Kubernetes manifest and {@code slurm/plan.json} (the shard count and run
     * options, checked on every later call so a resubmission cannot mix two different runs).
     *
     * @throws IllegalStateException when the folder holds shards of another split or other run options
     */
    public void writeScripts() throws IOException {
        List<Integer> counts = layout.existingShardCounts();
        if (counts.stream().anyMatch(n -> n != config.shards())) {
            throw new IllegalStateException(layout.shardsDir() + " holds shard folders of a " + counts
                    + "-way split; rerun with --shards " + counts.getFirst() + " or choose another --out");
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("shards", config.shards());
        plan.put("run_args", config.runArgs());
        plan.put("merge_args", config.mergeArgs());
        Path planFile = layout.slurmDir().resolve(PLAN_FILE);
        if (Files.exists(planFile)) {
            Map<?, ?> previous = JSON.readValue(planFile.toFile(), Map.class);
            if (!previous.equals(JSON.readValue(JSON.writeValueAsBytes(plan), Map.class))
                    && Files.isDirectory(layout.shardsDir())) {
                throw new IllegalStateException(config.runDir() + " was submitted with other run options:\n  before: "
                        + previous + "\n  now:    " + plan + "\nrun the same command again, or choose another --out");
            }
        }
        Files.createDirectories(layout.logsDir());
        writeExecutable(script(SHARD_SCRIPT), shardScript());
        writeExecutable(script(MERGE_SCRIPT), mergeScript());
        if (config.scoreArgs() != null) {
            writeExecutable(script(SCORE_SCRIPT), scoreScript());
        }
        AtomicFiles.write(planFile, JSON.writeValueAsBytes(plan));
        AtomicFiles.write(config.runDir().resolve(KUBERNETES_MANIFEST),
                kubernetesManifest().getBytes(StandardCharsets.UTF_8));
    }

    /** The array script: one task per shard, each running {@code eibench run --shard K/N} into its folder. */
    public String shardScript() {
        List<String> directives = new ArrayList<>();
        directives.add("--array=1-" + config.shards() + throttle());
        if (config.gpusPerShard() > 0) {
            directives.add("--gres=gpu:" + config.gpusPerShard());
        }
        Map<String, String> values = common(shardJobName(), "shard-%a.log", directives);
        values.put("shards", Integer.toString(config.shards()));
        values.put("shards_dir", ShellQuoting.bash(layout.shardsDir().toString()));
        values.put("run_args", ShellQuoting.bash(config.runArgs()));
        return ScriptTemplate.load(SHARD_SCRIPT).fill(values);
    }

    /** The merge script: {@code eibench merge} of every shard folder into the run folder. */
    public String mergeScript() {
        Map<String, String> values = common(mergeJobName(), "merge-%j.log", new ArrayList<>());
        values.put("run_dir", ShellQuoting.bash(config.runDir().toString()));
        values.put("merge_args", ShellQuoting.bash(config.mergeArgs()));
        values.put("shard_dirs", ShellQuoting.bash(layout.shardDirs().stream().map(Path::toString).toList()));
        return ScriptTemplate.load(MERGE_SCRIPT).fill(values);
    }

    /** The score script: {@code eibench score} of the merged run folder. */
    public String scoreScript() {
        List<String> directives = new ArrayList<>();
        if (config.gpusPerShard() > 0) {
            directives.add("--gres=gpu:" + config.gpusPerShard()); // a judge model runs on the GPU too
        }
        Map<String, String> values = common(scoreJobName(), "score-%j.log", directives);
        values.put("run_dir", ShellQuoting.bash(config.runDir().toString()));
        values.put("score_args", ShellQuoting.bash(config.scoreArgs() == null ? List.of() : config.scoreArgs()));
        return ScriptTemplate.load(SCORE_SCRIPT).fill(values);
    }

    /** The Kubernetes split: an Indexed Job (one completion per shard) and a merge Job. */
    public String kubernetesManifest() {
        String launcher = ShellQuoting.bash(config.launcher().toString());
        String shardCommand = "shard=$((JOB_COMPLETION_INDEX + 1)); exec " + launcher + " run "
                + ShellQuoting.bash(config.runArgs()) + " --shard \"$shard/" + config.shards() + "\" --out "
                + ShellQuoting.bash(layout.shardsDir().toString()) + "/\"$shard-of-" + config.shards() + "\"";
        String mergeCommand = "exec " + launcher + " merge --out " + ShellQuoting.bash(config.runDir().toString())
                + " " + ShellQuoting.bash(config.mergeArgs()) + " "
                + ShellQuoting.bash(layout.shardDirs().stream().map(Path::toString).toList());
        Map<String, String> values = new LinkedHashMap<>();
        // Kubernetes names are DNS labels: lower case, digits and '-'
        values.put("job_name", namePrefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-"));
        values.put("shards", Integer.toString(config.shards()));
        values.put("parallelism", Integer.toString(config.maxConcurrent() > 0 ? config.maxConcurrent()
                : config.shards()));
        values.put("image", yamlString(config.image()));
        values.put("work_dir", yamlString(config.workDir().toString()));
        values.put("gpus", Integer.toString(config.gpusPerShard()));
        values.put("shard_command", yamlString(shardCommand));
        values.put("merge_command", yamlString(mergeCommand));
        return ScriptTemplate.load(KUBERNETES_MANIFEST).fill(values);
    }

    /**
     * What a submission must do now, from the shard folders and the jobs of this run still in the queue.
     *
     * @param queued this run's jobs in the queue ({@link SlurmClient#queued}), or an empty list
     */
    public Plan plan(List<SlurmClient.Job> queued) throws IOException, RunFolderException {
        if (layout.merged()) {
            return new Plan(List.of(), List.of(), List.of(), false, config.runDir() + " is merged already");
        }
        Map<Integer, String> activeShards = new LinkedHashMap<>();
        List<SlurmClient.Job> laterJobs = new ArrayList<>();
        for (SlurmClient.Job job : queued) {
            if (!job.active()) {
                continue;
            }
            if (job.name().equals(shardJobName()) && job.arrayTask() >= 1 && job.arrayTask() <= config.shards()) {
                activeShards.put(job.arrayTask(), job.id());
            } else if (job.name().equals(mergeJobName()) || job.name().equals(scoreJobName())) {
                laterJobs.add(job);
            }
        }
        List<Integer> submit = new ArrayList<>();
        for (ShardLayout.Progress p : layout.progress()) {
            if (p.state() != ShardLayout.State.COMPLETE && !activeShards.containsKey(p.shard())) {
                submit.add(p.shard());
            }
        }
        boolean mergeWaiting = laterJobs.stream().anyMatch(j -> j.name().equals(mergeJobName()) && !j.stuck());
        if (submit.isEmpty() && mergeWaiting) {
            return new Plan(List.of(), List.copyOf(activeShards.values()), List.of(), false,
                    "nothing to resubmit: " + activeShards.size() + " shard task(s) and the merge job are still queued"
                            + " or running");
        }
        boolean laterRunning = laterJobs.stream().anyMatch(j -> !"PENDING".equals(j.state()));
        if (submit.isEmpty() && laterRunning) {
            return new Plan(List.of(), List.of(), List.of(), false, "the merge or score job is running");
        }
        return new Plan(submit, List.copyOf(activeShards.values()),
                laterJobs.stream().map(SlurmClient.Job::id).toList(), true, null);
    }

    /** The submission as shell commands, for a user who submits by hand. */
    public List<String> submitCommands(Plan plan) {
        List<String> lines = new ArrayList<>();
        plan.cancel().forEach(id -> lines.add("scancel " + id));
        List<String> mergeDeps = new ArrayList<>(plan.waitFor());
        if (!plan.shards().isEmpty()) {
            lines.add("array=$(sbatch --parsable " + ShellQuoting.bash(arrayOption(plan.shards())) + " "
                    + ShellQuoting.bash(script(SHARD_SCRIPT).toString()) + ")");
            mergeDeps.addFirst("${array%%;*}");
        }
        if (plan.submitMerge()) {
            String deps = mergeDeps.isEmpty() ? "" : " --dependency=afterok:" + String.join(":", mergeDeps);
            lines.add("merge=$(sbatch --parsable" + deps + " " + ShellQuoting.bash(script(MERGE_SCRIPT).toString())
                    + ")");
            if (config.scoreArgs() != null) {
                lines.add("sbatch --parsable --dependency=afterok:${merge%%;*} "
                        + ShellQuoting.bash(script(SCORE_SCRIPT).toString()));
            }
        }
        return lines;
    }

    /** Submits {@code plan} (after cancelling the jobs it replaces). */
    public Submission submit(SlurmClient client, Plan plan) throws IOException, InterruptedException {
        for (String id : plan.cancel()) {
            client.cancel(id);
        }
        String array = null;
        List<String> mergeDeps = new ArrayList<>(plan.waitFor());
        if (!plan.shards().isEmpty()) {
            array = client.submit(List.of(arrayOption(plan.shards())), script(SHARD_SCRIPT));
            mergeDeps.addFirst(array);
        }
        String merge = null;
        String score = null;
        if (plan.submitMerge()) {
            merge = client.submit(mergeDeps.isEmpty() ? List.of()
                    : List.of("--dependency=afterok:" + String.join(":", mergeDeps)), script(MERGE_SCRIPT));
            if (config.scoreArgs() != null) {
                score = client.submit(List.of("--dependency=afterok:" + merge), script(SCORE_SCRIPT));
            }
        }
        return new Submission(plan.shards(), array, merge, score);
    }

    /** {@code --array=1-3,5%M} for these shards. */
    String arrayOption(List<Integer> shards) {
        return "--array=" + ranges(shards) + throttle();
    }

    /** Compact index list: 1,2,3,5 -> "1-3,5". */
    public static String ranges(List<Integer> indexes) {
        List<String> parts = new ArrayList<>();
        Set<Integer> sorted = new TreeSet<>(indexes);
        Integer start = null;
        Integer previous = null;
        for (int i : sorted) {
            if (start == null) {
                start = i;
            } else if (i != previous + 1) {
                parts.add(start.equals(previous) ? start.toString() : start + "-" + previous);
                start = i;
            }
            previous = i;
        }
        if (start != null) {
            parts.add(start.equals(previous) ? start.toString() : start + "-" + previous);
        }
        return String.join(",", parts);
    }

    private String throttle() {
        return config.maxConcurrent() > 0 ? "%" + config.maxConcurrent() : "";
    }

    /** The values every Slurm script shares: name, folder, log file and the job options. */
    private Map<String, String> common(String jobName, String logName, List<String> directives) {
        if (config.partition() != null) {
            directives.add("--partition=" + config.partition());
        }
        if (config.account() != null) {
            directives.add("--account=" + config.account());
        }
        if (config.time() != null) {
            directives.add("--time=" + config.time());
        }
        directives.addAll(config.extraSbatch());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("run_dir_comment", config.runDir().toString());
        values.put("job_name", ShellQuoting.sbatchDirective(jobName));
        values.put("work_dir_directive", ShellQuoting.sbatchDirective(config.workDir().toString()));
        values.put("log_directive", ShellQuoting.sbatchDirective(
                ShellQuoting.slurmFilenameLiteral(layout.logsDir().toString()) + "/" + logName));
        values.put("directives", directives.stream().map(d -> "#SBATCH " + ShellQuoting.sbatchDirective(d))
                .collect(Collectors.joining("\n")));
        values.put("launcher", ShellQuoting.bash(config.launcher().toString()));
        return values;
    }

    private static void writeExecutable(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static final ObjectMapper JSON_STRING = JsonMappers.create();

    private static String yamlString(String value) {
        try {
            return JSON_STRING.writeValueAsString(value); // a JSON string is a YAML string
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
