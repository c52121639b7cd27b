package org.eibench.engine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eibench.engine.report.Report;
import org.eibench.engine.report.ReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eibench report}: paper-style tables, charts and a per-sample view of scored runs. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        header = "Paper-style tables (md, json) and an HTML report of scored runs.",
        description = {
            "Compares scored run folders: writes report.md, report.json and a self-contained report.html",
            "(tables, bar charts, every sample with its judge reply). Runs with the same model, mode and persona",
            "share a row: the Basic run fills Happy..Overall, the Complex run the Complex column."
        })
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders holding scores.json (see eibench score).")
    List<Path> runDirs;

    @Option(names = "--out", required = true, paramLabel = "REPORT_DIR", description = "Folder for the report files.")
    Path outDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Report report = ReportWriter.write(runDirs, outDir);
        spec.commandLine().getOut().printf("report of %d run(s), %d row(s): %s%n", runDirs.size(), report.rows().size(),
                outDir.resolve(ReportWriter.HTML));
        return 0;
    }
}
