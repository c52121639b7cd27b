package org.eibench.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.eibench.engine.comparison.Comparison;
import org.eibench.engine.comparison.MetricDifference;
import org.eibench.engine.judge.CategoryRecall;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.RankAgreement;
import org.eibench.engine.scores.SampleMetric;
import org.eibench.engine.scores.SemanticFigures;
import org.eibench.engine.stats.Bootstrap;
import org.eibench.engine.stats.ConfidenceInterval;
import org.eibench.engine.stats.PairedDifference;

/**
 * The report's statistics tables: each run's figures with their 95% intervals, the semantic recall between its
 * chance and ceiling rows, the judge-semantic agreement, and the paired comparisons of runs that share samples. A
 * table without rows is left out.
 */
final class StatisticsTables {
    private StatisticsTables() {}

    static List<ReportTables.Table> of(Report report) {
        List<ReportTables.Table> tables = new ArrayList<>();
        for (ReportTables.Table t : List.of(intervals(report), calibration(report), agreement(report),
                comparisons(report))) {
            if (!t.rows().isEmpty()) {
                tables.add(t);
            }
        }
        return tables;
    }

    private static ReportTables.Table intervals(Report report) {
        List<String> columns = ReportTables.columnsWithOverall(report);
        List<String> header = new ArrayList<>(List.of("Run", "Figure"));
        columns.forEach(c -> header.add(Text.title(c)));
        List<List<String>> rows = new ArrayList<>();
        ConfidenceInterval example = null;
        for (RunStatistics s : report.statistics().stream().filter(StatisticsTables::hasIntervals).toList()) {
            if (!s.judge().isEmpty()) {
                rows.add(intervalRow(s, "judge recall, paper-comparable (%)", columns, s.judge(),
                        r -> percent(r.referenceCompatible(), r.referenceCi95())));
                rows.add(intervalRow(s, "judge recall, strict (%)", columns, s.judge(),
                        r -> percent(r.recall(), r.ci95())));
                example = example != null ? example : firstInterval(s.judge().get(JudgeCategories.OVERALL));
            }
            if (!s.semantic().isEmpty()) {
                rows.add(intervalRow(s, "semantic recall (%)", columns, s.semantic(),
                        f -> percent(f.recall(), f.ci95())));
                SemanticFigures overall = s.semantic().get(JudgeCategories.OVERALL);
                example = example != null || overall == null ? example : overall.ci95();
            }
            if (s.coherence() != null && (s.coherence().mean() != null || s.coherence().referenceMean() != null)) {
                rows.add(overallOnly(s, "coherence, paper-comparable", columns,
                        decimal(s.coherence().referenceMean(), s.coherence().referenceCi95())));
                rows.add(overallOnly(s, "coherence, strict", columns,
                        decimal(s.coherence().mean(), s.coherence().ci95())));
            }
        }
        String how = example == null ? Bootstrap.METHOD + " over samples"
                : String.format(Locale.ROOT, "%s over samples, %d resamples, seed %d", example.method(),
                        example.resamples(), example.seed());
        return new ReportTables.Table("intervals", "95% confidence intervals (" + how + "): each cell is the figure"
                + " [low, high]; an interval narrower than the gap between two runs is a first sign the gap is real"
                + " (the paired comparison below tests it)", header, rows);
    }

    private static <T> List<String> intervalRow(RunStatistics s, String figure, List<String> columns,
            java.util.Map<String, T> byCategory, Function<T, String> cell) {
        List<String> row = new ArrayList<>(List.of(s.run(), figure));
        for (String c : columns) {
            T value = byCategory.get(c);
            row.add(value == null ? "–" : cell.apply(value));
        }
        return row;
    }

    private static List<String> overallOnly(RunStatistics s, String figure, List<String> columns, String overall) {
        List<String> row = new ArrayList<>(List.of(s.run(), figure));
        for (String c : columns) {
            row.add(c.equals(JudgeCategories.OVERALL) ? overall : "–");
        }
        return row;
    }

    /** Whether any figure of the run has an interval (scores of engines before them have none). */
    private static boolean hasIntervals(RunStatistics s) {
        return s.judge().values().stream().anyMatch(r -> r.ci95() != null)
                || s.semantic().values().stream().anyMatch(f -> f.ci95() != null)
                || s.coherence() != null && s.coherence().ci95() != null;
    }

    private static ConfidenceInterval firstInterval(CategoryRecall overall) {
        return overall == null ? null : overall.ci95();
    }

    private static ReportTables.Table calibration(Report report) {
        List<String> header = List.of("Run", "Chance: another image's ground truth (%)", "This run (%)",
                "Ceiling: ground truth as the answer (%)", "Run between chance (0) and ceiling (1)", "Samples");
        List<List<String>> rows = new ArrayList<>();
        for (RunStatistics s : report.statistics()) {
            SemanticFigures run = s.semantic().get(JudgeCategories.OVERALL);
            if (s.calibration() == null || run == null) {
                continue;
            }
            SemanticFigures chance = s.calibration().otherImageGroundTruth().get(JudgeCategories.OVERALL);
            SemanticFigures ceiling = s.calibration().groundTruthAsAnswer().get(JudgeCategories.OVERALL);
            if (chance == null || ceiling == null) {
                continue;
            }
            double span = ceiling.recall() - chance.recall();
            rows.add(List.of(s.run(), percent(chance.recall(), chance.ci95()), percent(run.recall(), run.ci95()),
                    percent(ceiling.recall(), ceiling.ci95()),
                    span > 0 ? String.format(Locale.ROOT, "%.2f", (run.recall() - chance.recall()) / span) : "–",
                    Integer.toString(run.n())));
        }
        return new ReportTables.Table("calibration", "Semantic recall calibration: the same scorer on the same"
                + " samples, answered with another image's ground truth (chance level, a seeded derangement of the"
                + " samples) and with the sample's own ground-truth triggers written as sentences (the ceiling)",
                header, rows);
    }

    private static ReportTables.Table agreement(Report report) {
        List<String> header = List.of("Run", "Samples", "Spearman rho", "Kendall tau-b");
        List<List<String>> rows = new ArrayList<>();
        for (RunStatistics s : report.statistics()) {
            RankAgreement a = s.agreement() == null ? null : s.agreement().categories().get(JudgeCategories.OVERALL);
            if (a != null) {
                rows.add(List.of(s.run(), Integer.toString(a.n()), Text.decimal(a.spearmanRho()),
                        Text.decimal(a.kendallTauB())));
            }
        }
        return new ReportTables.Table("agreement", "Per-sample agreement of semantic recall with the LLM judge's C/T"
                + " (samples with a valid judge score): how far the judge-free metric tracks the judge on this run",
                header, rows);
    }

    private static ReportTables.Table comparisons(Report report) {
        List<String> header = List.of("Run A", "Run B", "Figure", "Category", "Pairs", "A", "B", "B − A",
                "95% interval", "p", "Verdict");
        List<List<String>> rows = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Comparison c : report.comparisons()) {
            leftOut.add(String.format(Locale.ROOT, "%s vs %s: %d shared, %d only in A, %d only in B", c.runA(),
                    c.runB(), c.shared(), c.onlyA(), c.onlyB()));
            for (MetricDifference m : c.differences()) {
                PairedDifference d = m.difference();
                Function<Double, String> format = SampleMetric.COHERENCE.label().equals(m.metric())
                        ? v -> String.format(Locale.ROOT, "%+.4f", v)
                        : v -> String.format(Locale.ROOT, "%+.2f", 100 * v);
                Function<Double, String> plain = SampleMetric.COHERENCE.label().equals(m.metric())
                        ? Text::decimal : Text::percent;
                rows.add(List.of(c.runA(), c.runB(), m.metric(), m.category(), Integer.toString(d.n()),
                        plain.apply(d.meanA()), plain.apply(d.meanB()), format.apply(d.meanDifference()),
                        "[" + format.apply(d.ci95().low()) + ", " + format.apply(d.ci95().high()) + "]",
                        String.format(Locale.ROOT, "%.3g", d.pValue()), m.verdict()));
            }
        }
        return new ReportTables.Table("comparisons", "Paired comparisons on the samples both runs answered (recall in"
                + " %, differences in points): mean B − A, its paired percentile-bootstrap 95% interval, and the"
                + " two-sided paired sign-flip permutation test; within noise when the interval includes 0 or"
                + " p ≥ 0.05."
                + " Samples only one run has are left out (" + String.join("; ", leftOut) + ")", header, rows);
    }

    private static String percent(Double value, ConfidenceInterval ci) {
        return ci == null ? Text.percent(value)
                : Text.percent(value) + " [" + Text.percent(ci.low()) + ", " + Text.percent(ci.high()) + "]";
    }

    private static String decimal(Double value, ConfidenceInterval ci) {
        return ci == null ? Text.decimal(value)
                : Text.decimal(value) + " [" + Text.decimal(ci.low()) + ", " + Text.decimal(ci.high()) + "]";
    }
}
