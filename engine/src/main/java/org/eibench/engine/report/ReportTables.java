package org.eibench.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eibench.engine.judge.JudgeCategories;

/**
 * The report's tables as plain cells (unescaped text), shared by the Markdown and HTML renderers so both show the
 * same numbers.
 */
final class ReportTables {
    /**
     * A table: header cells and rows of cells.
     *
     * @param caption what the table shows
     * @param header the column titles
     * @param rows the cells, row by row
     */
    record Table(String caption, List<String> header, List<List<String>> rows) {}

    private ReportTables() {}

    static List<Table> of(Report report) {
        return List.of(
                recall(report, "Trigger recall (LLM judge, %): each sample counts once, a judge failure counts 0",
                        ReportRow::basic, ReportRow::complex, true),
                recall(report, "Reference-compatible recall (%), as get_scores.py / get_scores_complex.py compute it",
                        ReportRow::basicReference, ReportRow::complexReference, false),
                details(report));
    }

    private static Table recall(Report report, String caption, Function<ReportRow, Map<String, Double>> basic,
            Function<ReportRow, Double> complex, boolean withOtherMetrics) {
        List<String> header = new ArrayList<>(List.of("Model", "Mode", "Persona"));
        for (String c : columnsWithOverall(report)) {
            header.add(Text.title(c));
        }
        header.add("Complex");
        if (withOtherMetrics) {
            header.add("Coherence");
            header.add("Semantic recall");
        }
        List<List<String>> rows = new ArrayList<>();
        for (ReportRow r : report.rows()) {
            List<String> cells = new ArrayList<>(List.of(orDash(r.model() == null ? r.label() : r.model()),
                    orDash(r.mode()), orDash(r.persona())));
            for (String c : columnsWithOverall(report)) {
                cells.add(Text.percent(basic.apply(r).get(c)));
            }
            cells.add(Text.percent(complex.apply(r)));
            if (withOtherMetrics) {
                cells.add(Text.decimal(r.coherence()));
                cells.add(Text.percent(r.semanticRecall()));
            }
            rows.add(cells);
        }
        return new Table(caption, header, rows);
    }

    private static Table details(Report report) {
        List<String> header = List.of("Run", "Benchmark", "Judge model", "Policy", "Samples", "Failures", "Exhausted",
                "Malformed", "No score", "Recall %", "Reference %", "Reference skipped");
        List<List<String>> rows = new ArrayList<>();
        for (RunDetail d : report.details()) {
            rows.add(List.of(d.run(), orDash(d.benchmark()), orDash(d.judgeModel()), orDash(d.policy()),
                    Integer.toString(d.samples()), Integer.toString(d.failures()), Integer.toString(d.exhausted()),
                    Integer.toString(d.malformed()), Integer.toString(d.noScore()), Text.percent(d.recall()),
                    Text.percent(d.referenceCompatible()), Integer.toString(d.referenceSkipped())));
        }
        return new Table("Judge bookkeeping per run", header, rows);
    }

    static List<String> columnsWithOverall(Report report) {
        List<String> all = new ArrayList<>(report.basicColumns());
        all.add(JudgeCategories.OVERALL);
        return all;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "–" : s;
    }
}
