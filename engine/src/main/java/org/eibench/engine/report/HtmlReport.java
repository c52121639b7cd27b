package org.eibench.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.RunScores;
import org.eibench.engine.scores.ScoredSample;

/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, no network) with the tables, bar charts
 * and, per run, every sample with its answer, ground truth, judge reply and matched triggers. All text from runs is
 * HTML-escaped: answers and judge replies are model output.
 */
final class HtmlReport {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1400px}
            h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em}
            table{border-collapse:collapse;margin:8px 0 16px}
            th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
            th{background:#f3f3f3}
            table.figures td.num{text-align:right;font-variant-numeric:tabular-nums}
            table.samples td{white-space:pre-wrap;max-width:320px;font-size:.9em}
            caption{text-align:left;font-weight:600;padding:4px 0}
            svg.chart{display:block;margin:8px 0 24px;background:#fff}
            svg .grid{stroke:#ddd;stroke-width:1}
            svg .axis,svg .legend{font-size:12px;fill:#444}
            svg .chart-title{font-size:14px;font-weight:600;fill:#222}
            details{margin:8px 0}summary{cursor:pointer;font-weight:600}
            """;

    private HtmlReport() {}

    static String render(Report report, List<RunScores> runs) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>EIBench report</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>EIBench report</h1>\n");
        List<ReportTables.Table> tables = ReportTables.of(report);
        table(html, tables.getFirst());
        html.append("<h2>Judge trigger recall per category, paper-comparable</h2>\n").append(judgeChart(report));
        if (report.rows().stream().anyMatch(r -> !r.semanticByCategory().isEmpty())) {
            html.append("<h2>Semantic recall per category</h2>\n").append(semanticChart(report));
        }
        for (ReportTables.Table t : tables.subList(1, tables.size())) {
            table(html, t);
        }
        html.append("<h2>Samples</h2>\n");
        for (RunScores run : runs) {
            samples(html, run);
        }
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
        List<String> keys = ReportTables.columnsWithOverall(report);
        List<String> groups = new ArrayList<>(keys.stream().map(Text::title).toList());
        groups.add("Complex");
        List<SvgBarChart.Series> series = new ArrayList<>();
        for (ReportRow r : report.rows()) {
            List<Double> values = new ArrayList<>();
            for (String k : keys) {
                values.add(r.basicReference().get(k));
            }
            values.add(r.complexReference());
            series.add(new SvgBarChart.Series(r.label(), values));
        }
        return SvgBarChart.render("Judge trigger recall, paper-comparable (%)", groups, series);
    }

    private static String semanticChart(Report report) {
        List<String> keys = ReportTables.columnsWithOverall(report);
        List<SvgBarChart.Series> series = report.rows().stream()
                .filter(r -> !r.semanticByCategory().isEmpty())
                .map(r -> new SvgBarChart.Series(r.label(),
                        keys.stream().map(k -> r.semanticByCategory().get(k)).toList()))
                .toList();
        return SvgBarChart.render("Semantic trigger recall (%)", keys.stream().map(Text::title).toList(), series);
    }

    private static void samples(StringBuilder html, RunScores run) {
        RunIdentity id = run.scores().run();
        html.append("<details class=\"run-samples\">\n<summary>").append(Text.html(id.run()));
        if (id.model() != null) {
            html.append(" — ").append(Text.html(id.model()));
        }
        html.append(String.format(Locale.ROOT, " (%d samples)</summary>%n", run.samples().size()));
        html.append("<table class=\"samples\">\n<thead><tr><th>Id</th><th>Image</th><th>Question</th><th>Answer</th>"
                + "<th>Ground truth</th><th>Judge reply</th><th>Judge score</th><th>Matched triggers</th></tr></thead>\n"
                + "<tbody>\n");
        for (ScoredSample s : run.samples()) {
            html.append("<tr><td>").append(Text.html(s.id())).append("</td><td>").append(Text.html(s.image()))
                    .append("</td><td>").append(Text.html(s.question())).append("</td><td>")
                    .append(Text.html(s.answer())).append("</td><td>").append(Text.html(s.groundTruth()))
                    .append("</td><td>").append(Text.html(s.judgeReply())).append("</td><td>")
                    .append(Text.html(scoreText(s))).append("</td><td>");
            if (!s.matchedTriggers().isEmpty()) {
                html.append("<ul>");
                for (String t : s.matchedTriggers()) {
                    html.append("<li>").append(Text.html(t)).append("</li>");
                }
                html.append("</ul>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</details>\n");
    }

    private static String scoreText(ScoredSample s) {
        if (s.judgeStatus() == null) {
            return "";
        }
        String fraction = s.judgeCorrect() == null ? "" : s.judgeCorrect() + "/" + s.judgeTotal() + " ";
        return fraction + s.judgeStatus().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

}
