package org.eibench.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code eibench slurm}: a run spread over a Slurm cluster's GPUs (job array + merge job). */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        header = "Run over many GPUs as a Slurm job array, resubmit, show progress.",
        description = {"A run split into shards, one Slurm array task (and GPU) per shard, joined by a merge job.",
            "See docs/slurm.md for the folder layout, the resubmit rule and the Kubernetes manifest."},
        subcommands = {SlurmRunCommand.class, SlurmStatusCommand.class})
public final class SlurmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
