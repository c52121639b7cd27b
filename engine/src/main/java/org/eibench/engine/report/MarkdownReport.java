package org.eibench.engine.report;

import java.util.List;

/** report.md: the report's tables in GitHub Markdown, every cell escaped. */
final class MarkdownReport {
    private MarkdownReport() {}

    static String render(Report report) {
        StringBuilder md = new StringBuilder("# EIBench report\n");
        for (ReportTables.Table t : ReportTables.of(report)) {
            md.append("\n## ").append(Text.markdownCell(t.caption())).append("\n\n");
            row(md, t.header());
            md.append('|').append("---|".repeat(t.header().size())).append('\n');
            for (List<String> r : t.rows()) {
                row(md, r);
            }
        }
        return md.toString();
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        for (String c : cells) {
            md.append(' ').append(Text.markdownCell(c)).append(" |");
        }
        md.append('\n');
    }
}
