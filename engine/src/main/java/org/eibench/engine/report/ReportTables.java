package org.eibench.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eibench.engine.judge.JudgeCategories;

/**
 * The report's tables as plain cells (unescaped text), shared by the Markdown and HTML renderers so both show the
 * same numbers. The first table holds the figure people compare with the paper.
 */
final class ReportTables {
    /**
     * A table: header cells and rows of cells.
     *
     * @param id the table's id in report.html
     * @param caption what the table shows
     * @param header the column titles
     * @param rows the cells, row by row
     */
    record Table(String id, String caption, List<String> header, List<List<String>> rows) {}

    static final String PAPER_COMPARABLE_CAPTION = "Trigger recall (LLM judge, %), paper-comparable: the reference's"
            + " aggregation (get_scores.py / get_scores_complex.py), failed generations left out as its scripts never"
            + " write them; beside it the strict figure (every sample counts, a failure counts 0) and the failures";

    private ReportTables() {}

    static List<Table> of(Report report) {
        List<ReportRow> runRows = report.rows().stream().filter(r -> !ReportRow.PAPER.equals(r.source())).toList();
        List<Table> tables = new ArrayList<>(List.of(paperComparable(report), strict(report, runRows),
                coherence(runRows), details(report)));
        tables.addAll(StatisticsTables.of(report));
        return tables;
    }

    private static Table paperComparable(Report report) {
        List<String> header = new ArrayList<>(List.of("Model", "Mode", "Persona", "Protocol", "Judge"));
        columnsWithOverall(report).forEach(c -> header.add(Text.title(c)));
        header.addAll(List.of("Complex", "Strict overall", "Strict complex", "Samples", "Failures"));
        List<List<String>> rows = new ArrayList<>();
        for (ReportRow r : report.rows()) {
            boolean paper = ReportRow.PAPER.equals(r.source());
            List<String> cells = identityCells(r);
            cells.add(orDash(r.protocol()));
            cells.add(orDash(r.judge()));
            addRecall(cells, report, r, ReportRow::basicReference, r.complexReference());
            cells.add(Text.percent(r.basic().get(JudgeCategories.OVERALL)));
            cells.add(Text.percent(r.complex()));
            cells.add(paper ? "–" : Integer.toString(r.samples()));
            cells.add(paper ? "–" : Integer.toString(r.failures()));
            rows.add(cells);
        }
        return new Table("recall", PAPER_COMPARABLE_CAPTION, header, rows);
    }

    private static Table strict(Report report, List<ReportRow> runRows) {
        List<String> header = new ArrayList<>(List.of("Model", "Mode", "Persona"));
        columnsWithOverall(report).forEach(c -> header.add(Text.title(c)));
        header.addAll(List.of("Complex", "Semantic recall"));
        List<List<String>> rows = new ArrayList<>();
        for (ReportRow r : runRows) {
            List<String> cells = identityCells(r);
            addRecall(cells, report, r, ReportRow::basic, r.complex());
            cells.add(Text.percent(r.semanticRecall()));
            rows.add(cells);
        }
        return new Table("strict", "Strict trigger recall (LLM judge, %): every sample counts once, a failure"
                + " (generation failed, no score, malformed, exhausted) counts 0; semantic recall is the project's own"
                + " judge-free metric", header, rows);
    }

    private static Table coherence(List<ReportRow> runRows) {
        List<String> header = List.of("Model", "Mode", "Persona", "Paper-comparable", "Strict", "Scored by");
        List<List<String>> rows = new ArrayList<>();
        for (ReportRow r : runRows) {
            List<String> cells = identityCells(r);
            cells.add(Text.decimal(r.coherenceReference()));
            cells.add(Text.decimal(r.coherence()));
            cells.add(orDash(r.coherenceScorer()));
            rows.add(cells);
        }
        return new Table("coherence", "Long-term coherence: paper-comparable drops an answer scoring exactly 0.0 (as"
                + " long_term_scores.py's if coherence_score:), strict keeps it; answers under two sentences have no"
                + " score in both", header, rows);
    }

    private static Table details(Report report) {
        List<String> header = List.of("Run", "Benchmark", "Judge model", "Policy", "Samples", "Failures",
                "Generation failed", "Exhausted", "Malformed", "No score", "Strict %", "Paper-comparable %",
                "Reference skipped", "Protocol");
        List<List<String>> rows = new ArrayList<>();
        for (RunDetail d : report.details()) {
            rows.add(List.of(d.run(), orDash(d.benchmark()), orDash(d.judgeModel()), orDash(d.policy()),
                    Integer.toString(d.samples()), Integer.toString(d.failures()),
                    Integer.toString(d.generationFailed()), Integer.toString(d.exhausted()),
                    Integer.toString(d.malformed()), Integer.toString(d.noScore()), Text.percent(d.recall()),
                    Text.percent(d.referenceCompatible()), Integer.toString(d.referenceSkipped()),
                    orDash(d.protocol())));
        }
        return new Table("details", "Judge bookkeeping per run", header, rows);
    }

    private static List<String> identityCells(ReportRow r) {
        return new ArrayList<>(List.of(orDash(r.model() == null ? r.label() : r.model()), orDash(r.mode()),
                orDash(r.persona())));
    }

    private static void addRecall(List<String> cells, Report report, ReportRow r,
            Function<ReportRow, Map<String, Double>> basic, Double complex) {
        for (String c : columnsWithOverall(report)) {
            cells.add(Text.percent(basic.apply(r).get(c)));
        }
        cells.add(Text.percent(complex));
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
