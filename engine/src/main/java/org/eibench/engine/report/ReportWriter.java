package org.eibench.engine.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eibench.engine.dataset.ImageResolver;
import org.eibench.engine.run.AtomicFiles;
import org.eibench.engine.scores.RunScores;
import org.eibench.engine.scores.ScoresJson;

/** Writes report.md, report.json and report.html (with its sample explorer) for scored run folders. */
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
        return write(runDirs, paperRows, List.of(), outDir);
    }

    /**
     * As {@link #write(List, List, Path)}, with the samples' images thumbnailed from {@code imageRoots} (image keys
     * resolve as in {@code eibench run --images}); with no roots the explorer shows every image as missing.
     */
    public static Report write(List<Path> runDirs, List<ReportRow> paperRows, List<Path> imageRoots, Path outDir)
            throws IOException {
        List<RunScores> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            runs.add(RunScores.read(dir));
        }
        return write(runs, paperRows, outDir, new ReportBuilder(), imageRoots);
    }

    public static Report write(List<RunScores> runs, Path outDir, ReportBuilder builder) throws IOException {
        return write(runs, List.of(), outDir, builder);
    }

    public static Report write(List<RunScores> runs, List<ReportRow> paperRows, Path outDir, ReportBuilder builder)
            throws IOException {
        return write(runs, paperRows, outDir, builder, List.of());
    }

    public static Report write(List<RunScores> runs, List<ReportRow> paperRows, Path outDir, ReportBuilder builder,
            List<Path> imageRoots) throws IOException {
        Report report = builder.build(runs, paperRows);
        Map<String, Thumbnails.Thumbnail> thumbnails = imageRoots.isEmpty() ? Map.of()
                : Thumbnails.of(SampleExplorer.imageKeys(runs), new ImageResolver(imageRoots));
        // render everything first, then write each file atomically: a crash or a full disk leaves whole files only
        byte[] markdown = MarkdownReport.render(report).getBytes(StandardCharsets.UTF_8);
        byte[] json = ScoresJson.MAPPER.writeValueAsBytes(report);
        byte[] html = HtmlReport.render(report, runs, thumbnails).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.createFolder(outDir, "--out");
        AtomicFiles.write(outDir.resolve(MARKDOWN), markdown);
        AtomicFiles.write(outDir.resolve(JSON), json);
        AtomicFiles.write(outDir.resolve(HTML), html);
        return report;
    }
}
