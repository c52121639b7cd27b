package org.eibench.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.DatasetException;
import org.eibench.engine.dataset.EibenchDataset;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.dataset.Selection;
import org.eibench.engine.run.MergeException;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.RunManifest;
import org.eibench.engine.run.RunMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eibench merge}: joins the run folders of {@code --shard K/N} runs into one. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        header = "Join shard run folders into one, checking every sample is there once.",
        description = {"Join shard run folders into one run folder. Checks that the shards ran the same model, mode,"
                + " persona and parameters and together hold every selected sample exactly once.",
            "Give the same --eibench and selection options (--limit, --category, --ids) the shards ran with.",
            "Exit 0 on success, 1 when samples are missing, doubled or unknown."})
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New folder for the merged run.")
    Path out;

    @Option(names = "--eibench", required = true, paramLabel = "DIR",
            description = "Folder with the EIBench annotation files the shards ran on.")
    Path eibenchDir;

    @Mixin
    SelectionOptions selectionOptions;

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "Run folders of the shards.")
    List<Path> shards;

    @Override
    public Integer call() throws IOException, DatasetException, RunFolderException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        RunManifest first = RunFolder.readManifest(shards.getFirst());
        Benchmark benchmark = Benchmark.fromId(first.benchmark());
        Selection selection = selectionOptions.selection();
        if (first.selection() != null && !first.selection().equals(selection.describe())) {
            stderr.println("eibench: the shards ran with selection '" + first.selection() + "' but merge was given '"
                    + selection.describe() + "'; pass the same --limit/--category/--ids");
            stderr.flush();
            return Main.EXIT_USAGE;
        }
        List<Sample> expected = selection.apply(EibenchDataset.load(eibenchDir, benchmark));
        try {
            RunManifest merged = RunMerge.merge(out, shards, expected);
            stdout.println("merged " + shards.size() + " shard(s) into " + out + ": " + merged.counts().selected()
                    + " samples, " + merged.counts().ok() + " ok, " + merged.counts().failed() + " failed");
            stdout.flush();
            return 0;
        } catch (MergeException e) {
            stderr.println("eibench: " + e.getMessage());
            stderr.flush();
            return Main.EXIT_PROBLEMS;
        }
    }
}
