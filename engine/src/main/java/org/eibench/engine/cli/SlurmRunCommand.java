package org.eibench.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eibench.engine.cluster.SlurmArrayJob;
import org.eibench.engine.cluster.SlurmClient;
import org.eibench.engine.cluster.SlurmJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code eibench slurm run}: every {@code eibench run} option (the run command itself is mixed in, so its
 * options stay one definition) plus the Slurm options; maps them to a {@link SlurmJobConfig} and leaves the
 * work to {@link SlurmArrayJob}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write (and with --submit, submit) a sharded run as a Slurm job array plus a merge job.",
        description = {
            "Takes every `eibench run` option plus the Slurm options. Writes into RUN_DIR:",
            "  slurm/shard.sbatch  array script: task K runs `eibench run --shard K/N`",
            "                      into RUN_DIR/shards/K-of-N (its own resumable folder)",
            "  slurm/merge.sbatch  `eibench merge` of the shards into RUN_DIR (afterok)",
            "  slurm/score.sbatch  `eibench score RUN_DIR` after the merge (--score)",
            "  slurm/logs/         one log per array task (appended on requeue)",
            "  kubernetes.yaml     the same split as an Indexed Job + a merge Job",
            "Without --submit it prints the sbatch commands. The same command again",
            "with --submit resubmits only the shards neither complete nor queued.",
            "",
            "Example:",
            "  eibench slurm run --shards 8 --partition gpu --time 04:00:00 \\",
            "      --mode cfsa -m llava-v1.5-7b-Q4_K_M.gguf --mmproj mmproj-f16.gguf \\",
            "      --eibench EIBench/EIBench --images /data/eibench-images \\",
            "      --out runs/llava-cfsa --submit",
            ""
        })
public final class SlurmRunCommand implements Callable<Integer> {
    /** Run options that the array script sets itself per task, or that would undo a resumed shard. */
    private static final Set<String> OWN_RUN_OPTIONS = Set.of("--out", "--shard", "--overwrite");

    @Spec
    CommandSpec spec;

    @Mixin(name = "run")
    RunCommand run;

    @Range(min = 1, max = 100000, why = "Slurm's default MaxArraySize is 1001")
    @Option(names = "--shards", required = true, paramLabel = "N", description = "Number of shards (array tasks).")
    int shards;

    @Range(min = 0, max = 64)
    @Option(names = "--gpus-per-shard", paramLabel = "G", defaultValue = "1",
            description = "GPUs per array task, asked as --gres=gpu:G; 0 = none (default: ${DEFAULT-VALUE}).")
    int gpusPerShard;

    @Range(min = 0, why = "0 = no limit")
    @Option(names = "--max-concurrent", paramLabel = "M", defaultValue = "0",
            description = "Most array tasks running at once (--array=...%%M); 0 = no limit (default: ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--partition", paramLabel = "NAME", description = "Slurm partition; default: the cluster's.")
    String partition;

    @Option(names = "--time", paramLabel = "LIMIT", description = "Time limit per job (e.g. 04:00:00).")
    String time;

    @Option(names = "--account", paramLabel = "NAME", description = "Slurm account to charge.")
    String account;

    @Option(names = "--sbatch", paramLabel = "ARG",
            description = "A further sbatch option for every job, one argument each (repeatable), e.g."
                    + " --sbatch=--qos=long --sbatch=--mem=32G.")
    List<String> extraSbatch = new ArrayList<>();

    @Option(names = "--score", description = "Submit a score job after the merge (eibench score RUN_DIR --eibench DIR).")
    boolean score;

    @Option(names = "--score-arg", paramLabel = "ARG",
            description = "A further eibench score option, one argument each (repeatable), e.g."
                    + " --score-arg=--judge --score-arg=judge.gguf; implies --score.")
    List<String> scoreArgs = new ArrayList<>();

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "eibench",
            description = "Container image named in kubernetes.yaml (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--submit", description = "Submit with sbatch --parsable and print the job ids.")
    boolean submit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SlurmJobConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        SlurmArrayJob job = new SlurmArrayJob(config);
        try {
            job.writeScripts();
        } catch (IllegalStateException e) {
            return usage(e.getMessage());
        }
        SlurmClient client = SlurmClient.fromEnvironment();
        List<SlurmClient.Job> queued;
        try {
            queued = client.queued(job.jobNames()).orElse(List.of());
        } catch (java.io.IOException e) {
            if (submit) {
                return usage("cannot read the Slurm queue, so cannot tell which shards are still queued: "
                        + e.getMessage());
            }
            queued = List.of();
            spec.commandLine().getErr().println("eibench slurm run: no queue to compare with (" + e.getMessage()
                    + "); the commands below submit every incomplete shard");
        }
        SlurmArrayJob.Plan plan = job.plan(queued);
        out.println("scripts: " + job.layout().slurmDir() + " (Kubernetes: "
                + config.runDir().resolve(SlurmArrayJob.KUBERNETES_MANIFEST) + ")");
        if (plan.nothing()) {
            out.println(plan.reason());
            out.flush();
            return 0;
        }
        if (!submit) {
            out.println("submit with:");
            job.submitCommands(plan).forEach(line -> out.println("  " + line));
            out.flush();
            return 0;
        }
        if (!client.has("sbatch")) {
            return usage("--submit needs sbatch on the PATH; without --submit the commands are printed");
        }
        SlurmArrayJob.Submission ids = job.submit(client, plan);
        plan.cancel().forEach(id -> out.println("cancelled " + id + " (replaced)"));
        if (ids.arrayJob() != null) {
            out.println("shards " + SlurmArrayJob.ranges(ids.shards()) + ": array job " + ids.arrayJob());
        }
        out.println("merge: job " + ids.mergeJob());
        if (ids.scoreJob() != null) {
            out.println("score: job " + ids.scoreJob());
        }
        out.flush();
        return 0;
    }

    private int usage(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("eibench slurm run: " + message);
        err.flush();
        return Main.EXIT_USAGE;
    }

    /** The options as a config: the run options as given (minus the per-task ones), the Slurm options. */
    SlurmJobConfig config() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Set<ArgSpec> runOptions = Set.copyOf(spec.mixins().get("run").args());
        List<String> runArgs = new ArrayList<>();
        List<String> mergeArgs = new ArrayList<>(List.of("--eibench", absolute(run.eibenchDir)));
        // the merge needs the selection the shards ran with: the options of run's SelectionOptions mixin
        Set<ArgSpec> selectionOptions = spec.mixins().get("run").mixins().values().stream()
                .filter(m -> m.userObject() instanceof SelectionOptions).flatMap(m -> m.args().stream())
                .collect(java.util.stream.Collectors.toSet());
        for (OptionSpec option : parsed.matchedOptions()) {
            if (!runOptions.contains(option)) {
                continue;
            }
            if (OWN_RUN_OPTIONS.contains(option.longestName())) {
                if (!option.longestName().equals("--out")) {
                    throw new IllegalArgumentException(option.longestName() + " is not for slurm run: each array task"
                            + " runs its own shard into RUN_DIR/shards/ and resumes it; for a fresh start choose"
                            + " another --out");
                }
                continue;
            }
            List<String> words = words(option);
            runArgs.addAll(words);
            if (selectionOptions.contains(option)) {
                mergeArgs.addAll(words);
            }
        }
        List<String> score = this.score || !scoreArgs.isEmpty() ? new ArrayList<>(List.of("--eibench",
                absolute(run.eibenchDir))) : null;
        if (score != null) {
            score.addAll(scoreArgs);
        }
        Path launcher = Path.of(System.getProperty("eibench.home", ".")).toAbsolutePath().normalize()
                .resolve("eibench");
        return new SlurmJobConfig(run.out.toAbsolutePath().normalize(), Path.of("").toAbsolutePath(), launcher,
                runArgs, mergeArgs, score, shards, gpusPerShard, maxConcurrent, partition, time, account, extraSbatch,
                image);
    }

    /**
     * The option as it was typed: its name alone for a flag, else {@code --name=value} once per value (the
     * {@code =} keeps a value that starts with '-' a value); a multi-value option is its name then its values.
     */
    private static List<String> words(OptionSpec option) {
        List<String> values = option.originalStringValues();
        if (option.arity().max() == 0 || values.isEmpty()) {
            return List.of(option.longestName());
        }
        if (option.arity().max() == 1) {
            return values.stream().map(v -> option.longestName() + "=" + v).toList();
        }
        List<String> words = new ArrayList<>(List.of(option.longestName()));
        words.addAll(values);
        return words;
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
