package org.eibench.engine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.report.PaperResults;
import org.eibench.engine.report.Report;
import org.eibench.engine.report.ReportRow;
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
            "(tables, bar charts with confidence-interval whiskers when scores.json has them, and a sample",
            "explorer: one card per sample with its image (--images), each run's answer, the triggers found or",
            "missed and the judge's reply; filters, search, sort, j/k keys; docs/report.md).",
            "Runs with the same model, mode and persona share a row: the Basic run fills Happy..Overall, the",
            "Complex run the Complex column. The first table is the paper-comparable figure (the reference's",
            "aggregation) with the strict one beside it.",
            "",
            "Example, beside the paper's LLaVA rows:",
            "  eibench report runs/llava-basic runs/llava-complex --out report --images /data/eibench-images \\",
            "      --paper-rows 'LLaVA-1.5 (13B)' llava-next-7b",
            ""
        })
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders holding scores.json (see eibench score).")
    List<Path> runDirs;

    @Option(names = "--out", required = true, paramLabel = "REPORT_DIR", description = "Folder for the report files.")
    Path outDir;

    @Option(names = "--paper-rows", arity = "1..*", paramLabel = "MODEL",
            description = "Rows of the paper's published tables to show beside the runs: model names as the paper"
                    + " writes them (case, spaces and punctuation ignored: llava-1.5-13b), or all.")
    List<String> paperRows = List.of();

    @Option(names = "--paper-judge", arity = "1..*", paramLabel = "llama3|chatgpt",
            description = "Which of the paper's judges to show for --paper-rows (default: both; each row names its"
                    + " judge).")
    List<String> paperJudges = List.of("llama3", "chatgpt");

    @Option(names = "--images", paramLabel = "ROOT",
            description = "Dataset root holding CAER-S/ and EmoSet-118k/, as for eibench run: the sample explorer"
                    + " shows a thumbnail of each sample's image (embedded, so the page stays self-contained). Give it"
                    + " again for more roots. Without it, or for an image not found, the card says missing.")
    List<Path> imageRoots = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ReportRow> paper = List.of();
        if (!paperRows.isEmpty()) {
            PaperResults results = PaperResults.load();
            try {
                paper = results.rows(results.select(paperRows),
                        paperJudges.stream().map(PaperResults.Judge::fromKey).distinct().toList(),
                        JudgeCategories.load("basic").columns());
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("eibench: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
        }
        Report report = ReportWriter.write(runDirs, paper, imageRoots, outDir);
        spec.commandLine().getOut().printf("report of %d run(s), %d row(s)%s: %s%n", runDirs.size(),
                report.rows().size() - paper.size(), paper.isEmpty() ? "" : " and " + paper.size() + " paper row(s)",
                outDir.resolve(ReportWriter.HTML));
        return 0;
    }
}
