package org.eibench.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eibench.engine.cluster.SlurmClient;
import org.eibench.engine.cluster.SlurmRunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eibench slurm status}: per-shard progress of a run written by {@code eibench slurm run}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Per-shard progress of a Slurm run, with job states when squeue/sacct answer.",
        description = {"Reads the shard folders under RUN_DIR/shards/ and, where squeue or sacct are on the PATH,"
                + " the state of each shard's array task and of the merge and score jobs."})
public final class SlurmStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "The --out folder given to eibench slurm run.")
    Path runDir;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        SlurmRunStatus.describe(runDir.toAbsolutePath().normalize(), SlurmClient.fromEnvironment())
                .forEach(out::println);
        out.flush();
        return 0;
    }
}
