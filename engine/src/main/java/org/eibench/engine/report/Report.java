package org.eibench.engine.report;

import java.util.List;
import org.eibench.engine.comparison.Comparison;

/**
 * A comparison of scored runs, as written to report.json and rendered to report.md and report.html.
 *
 * @param basicColumns the Basic categories in table order (then {@code overall})
 * @param rows one row per model, mode and persona
 * @param details the judge's bookkeeping per run folder
 * @param statistics each run's intervals, calibration rows and judge-semantic agreement
 * @param comparisons paired comparisons of the runs that share samples of one benchmark
 */
public record Report(List<String> basicColumns, List<ReportRow> rows, List<RunDetail> details,
        List<RunStatistics> statistics, List<Comparison> comparisons) {
    /** A report without statistics. */
    public Report(List<String> basicColumns, List<ReportRow> rows, List<RunDetail> details) {
        this(basicColumns, rows, details, List.of(), List.of());
    }

    public Report {
        basicColumns = List.copyOf(basicColumns);
        rows = List.copyOf(rows);
        details = List.copyOf(details);
        statistics = statistics == null ? List.of() : List.copyOf(statistics);
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    }
}
