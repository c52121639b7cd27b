package org.eibench.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eibench.engine.run.AtomicFiles;
import org.eibench.engine.scores.RunScores;
import org.eibench.engine.scores.ScoresJson;

/** Writes report.md, report.json and report.html for scored run folders. */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";

    private ReportWriter() {}

    /** Reads each run folder's scores and writes the three report files into {@code outDir}. */
    public static Report write(List<Path> runDirs, Path outDir) throws IOException {
        return write(runDirs, List.of(), outDir);
    }

    /**
     * Reads each run folder's scores and writes the three report files into {@code outDir}, with the given rows of
     * the paper's tables ({@link PaperResults#rows}) after the runs' rows.
     */
    public static Report write(List<Path> runDirs, List<ReportRow> paperRows, Path outDir) throws IOException {
        List<RunScores> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            runs.add(RunScores.read(dir));
        }
        return write(runs, paperRows, outDir, new ReportBuilder());
    }

    public static Report write(List<RunScores> runs, Path outDir, ReportBuilder builder) throws IOException {
        return write(runs, List.of(), outDir, builder);
    }

    public static Report write(List<RunScores> runs, List<ReportRow> paperRows, Path outDir, ReportBuilder builder)
            throws IOException {
        Report report = builder.build(runs, paperRows);
        // render everything first, then write each file atomically: a crash or a full disk leaves whole files only
        byte[] markdown = MarkdownReport.render(report).getBytes(StandardCharsets.UTF_8);
        byte[] json = ScoresJson.MAPPER.writeValueAsBytes(report);
        byte[] html = HtmlReport.render(report, runs).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.createFolder(outDir, "--out");
        AtomicFiles.write(outDir.resolve(MARKDOWN), markdown);
        AtomicFiles.write(outDir.resolve(JSON), json);
        AtomicFiles.write(outDir.resolve(HTML), html);
        return report;
    }
}
