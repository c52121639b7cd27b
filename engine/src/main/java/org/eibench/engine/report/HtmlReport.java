package org.eibench.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eibench.engine.scores.RunScores;

/**
 * report.html: one self-contained page (inline CSS, SVG and script, images as data URLs, no network) with the
 * tables, bar charts and the {@link SampleExplorer}. All text from runs is HTML-escaped or set as text by the script:
 * answers and judge replies are model output.
 */
final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1400px}
            h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em}
            table{border-collapse:collapse;margin:8px 0 16px}
            th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
            th{background:#f3f3f3}
            table.figures td.num{text-align:right;font-variant-numeric:tabular-nums}
            caption{text-align:left;font-weight:600;padding:4px 0}
            svg.chart{display:block;margin:8px 0 24px;background:#fff}
            svg .grid{stroke:#ddd;stroke-width:1}
            svg .axis,svg .legend{font-size:12px;fill:#444}
            svg .chart-title{font-size:14px;font-weight:600;fill:#222}
            svg .whisker line{stroke:#222;stroke-width:1.5}
            details{margin:8px 0}summary{cursor:pointer;font-weight:600}
            """;

    private HtmlReport() {}

    static String render(Report report, List<RunScores> runs) {
        return render(report, runs, Map.of());
    }

    /** The page, with the samples' thumbnails by image key (missing keys show as missing images). */
    static String render(Report report, List<RunScores> runs, Map<String, Thumbnails.Thumbnail> thumbnails) {
        StringBuilder html = new StringBuilder();
        // only the explorer's own script runs (by its hash) and images come from data: URLs; nothing is fetched
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                        + " style-src 'unsafe-inline'; img-src data:; script-src ")
                .append(SampleExplorer.scriptSource()).append("\">\n")
                .append("<title>EIBench report</title>\n<style>\n").append(CSS).append(SampleExplorer.style())
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>EIBench report</h1>\n");
        List<ReportTables.Table> tables = ReportTables.of(report);
        table(html, tables.getFirst());
        html.append("<h2>Judge trigger recall per category, paper-comparable</h2>\n").append(judgeChart(report));
        if (hasStrictIntervals(report)) {
            html.append("<h2>Judge trigger recall per category, strict</h2>\n").append(strictJudgeChart(report));
        }
        if (report.rows().stream().anyMatch(r -> !r.semanticByCategory().isEmpty())) {
            html.append("<h2>Semantic recall per category</h2>\n").append(semanticChart(report));
        }
        for (ReportTables.Table t : tables.subList(1, tables.size())) {
            table(html, t);
        }
        html.append("<h2 id=\"samples\">Samples</h2>\n").append(SampleExplorer.render(runs, thumbnails));
        return html.append("</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder html, ReportTables.Table t) {
        html.append("<table class=\"figures\" id=\"").append(t.id()).append("\">\n<caption>").append(Text.html(t.caption()))
                .append("</caption>\n<thead><tr>");
        for (String h : t.header()) {
            html.append("<th>").append(Text.html(h)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            html.append("<tr>");
            for (String c : row) {
                boolean numeric = c.equals("–") || c.matches("-?[0-9.]+");
                html.append(numeric ? "<td class=\"num\">" : "<td>").append(Text.html(c)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** The paper-comparable figure of every row, the paper's rows included (their legend names the judge). */
    private static String judgeChart(Report report) {
        return judgeChart(report, report.rows(), "Judge trigger recall, paper-comparable (%)", ReportRow::basicReference,
                ReportRow::complexReference, "basicReference.", "complexReference");
    }

    /** The strict judge figure of the runs' rows: drawn only when their scores give intervals for it. */
    private static boolean hasStrictIntervals(Report report) {
        return report.rows().stream().flatMap(r -> r.intervals().keySet().stream())
                .anyMatch(k -> k.startsWith("basic.") || k.equals("complex"));
    }

    private static String strictJudgeChart(Report report) {
        List<ReportRow> runRows = report.rows().stream().filter(r -> !ReportRow.PAPER.equals(r.source())).toList();
        return judgeChart(report, runRows, "Judge trigger recall, strict (%)", ReportRow::basic, ReportRow::complex,
                "basic.", "complex");
    }

    private static String judgeChart(Report report, List<ReportRow> rows, String title,
            Function<ReportRow, Map<String, Double>> basic, Function<ReportRow, Double> complex, String basicKey,
            String complexKey) {
        List<String> keys = ReportTables.columnsWithOverall(report);
        List<String> groups = new ArrayList<>(keys.stream().map(Text::title).toList());
        groups.add("Complex");
        List<SvgBarChart.Series> series = new ArrayList<>();
        for (ReportRow r : rows) {
            List<Double> values = new ArrayList<>();
            List<Interval> intervals = new ArrayList<>();
            for (String k : keys) {
                values.add(basic.apply(r).get(k));
                intervals.add(r.intervals().get(basicKey + k));
            }
            values.add(complex.apply(r));
            intervals.add(r.intervals().get(complexKey));
            series.add(new SvgBarChart.Series(r.label(), values, intervals));
        }
        return SvgBarChart.render(title, groups, series);
    }

    private static String semanticChart(Report report) {
        List<String> keys = ReportTables.columnsWithOverall(report);
        List<SvgBarChart.Series> series = report.rows().stream()
                .filter(r -> !r.semanticByCategory().isEmpty())
                .map(r -> new SvgBarChart.Series(r.label(),
                        keys.stream().map(k -> r.semanticByCategory().get(k)).toList(),
                        keys.stream().map(k -> r.intervals().get("semantic." + k)).toList()))
                .toList();
        return SvgBarChart.render("Semantic trigger recall (%)", keys.stream().map(Text::title).toList(), series);
    }

}
