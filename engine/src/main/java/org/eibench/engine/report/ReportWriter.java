package org.eibench.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes report.md, report.json and report.html for scored run folders. */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";

    private ReportWriter() {}

    /** Reads each run folder's scores and writes the three report files into {@code outDir}. */
    public static Report write(List<Path> runDirs, Path outDir) throws IOException {
        List<RunScores> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            runs.add(RunScores.read(dir));
        }
        return write(runs, outDir, new ReportBuilder());
    }

    public static Report write(List<RunScores> runs, Path outDir, ReportBuilder builder) throws IOException {
        Report report = builder.build(runs);
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve(MARKDOWN), MarkdownReport.render(report), StandardCharsets.UTF_8);
        ScoresJson.MAPPER.writeValue(outDir.resolve(JSON).toFile(), report);
        Files.writeString(outDir.resolve(HTML), HtmlReport.render(report, runs), StandardCharsets.UTF_8);
        return report;
    }
}
