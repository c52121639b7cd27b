package org.eibench.engine.report;

import java.util.List;

/**
 * A comparison of scored runs, as written to report.json and rendered to report.md and report.html.
 *
 * @param basicColumns the Basic categories in table order (then {@code overall})
 * @param rows one row per model, mode and persona
 * @param details the judge's bookkeeping per run folder
 */
public record Report(List<String> basicColumns, List<ReportRow> rows, List<RunDetail> details) {
    public Report {
        basicColumns = List.copyOf(basicColumns);
        rows = List.copyOf(rows);
        details = List.copyOf(details);
    }
}
