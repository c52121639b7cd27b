package org.eibench.engine.scoring;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eibench.engine.judge.CategoryRecall;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.AgreementSection;
import org.eibench.engine.scores.CalibrationRows;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.JudgeSection;
import org.eibench.engine.scores.RankAgreement;
import org.eibench.engine.scores.Scores;
import org.eibench.engine.scores.SemanticFigures;
import org.eibench.engine.scores.SemanticSection;
import org.eibench.engine.stats.ConfidenceInterval;

/**
 * What {@code eibench score} prints: the paper-comparable figure first (the reference's aggregation), the strict
 * one and the failure counts beside it, always both; each with its 95% interval in brackets when computed, then the
 * semantic recall's calibration rows and its agreement with the judge.
 */
public final class ScoreSummary {
    private ScoreSummary() {}

    /** The summary lines of scores.json's sections. */
    public static List<String> lines(Scores scores) {
        List<String> out = new ArrayList<>(lines(scores.judge(), scores.semantic(), scores.coherence()));
        ConfidenceInterval any = anyInterval(scores);
        if (any != null) { // after the figures: the paper-comparable recall stays the first thing printed
            out.add(String.format(Locale.ROOT, "[low, high]: 95%% interval, %s over samples (%d resamples, seed %d)",
                    any.method(), any.resamples(), any.seed()));
        }
        if (scores.semantic() != null && scores.semantic().calibration() != null) {
            out.addAll(calibrationLines(scores.semantic()));
        }
        if (scores.agreement() != null) {
            out.addAll(agreementLines(scores.agreement()));
        }
        return out;
    }

    /** Prints {@link #lines(Scores)}, one per line. */
    public static void print(PrintWriter out, Scores scores) {
        lines(scores).forEach(out::println);
    }

    /** The summary lines of the computed sections; a null section prints nothing. */
    public static List<String> lines(JudgeSection judge, SemanticSection semantic, CoherenceSection coherence) {
        List<String> out = new ArrayList<>();
        if (judge != null) {
            String script = "complex".equals(judge.benchmark()) ? "get_scores_complex.py" : "get_scores.py";
            out.add("judge recall: paper-comparable = the reference's aggregation (" + script + ", failed generations"
                    + " left out as its scripts never write them); strict = every sample counts, a failure counts 0");
            CategoryRecall overall = judge.overall();
            if (overall != null) {
                out.add(judgeLine(JudgeCategories.OVERALL, overall));
            }
            for (Map.Entry<String, CategoryRecall> e : judge.categories().entrySet()) {
                if (!e.getKey().equals(JudgeCategories.OVERALL)) {
                    out.add(judgeLine(e.getKey(), e.getValue()));
                }
            }
        }
        if (coherence != null) {
            out.add(String.format(Locale.ROOT,
                    "long-term coherence paper-comparable %s%s (%d answers; a 0.0 score dropped, as"
                            + " long_term_scores.py)  strict %s%s (%d answers, %d skipped with < 2 sentences)",
                    decimal(coherence.referenceMean()), decimalInterval(coherence.referenceCi95()),
                    coherence.referenceUsed(), decimal(coherence.mean()), decimalInterval(coherence.ci95()),
                    coherence.nUsed(), coherence.nSkipped()));
            out.add("  coherence encoder " + coherence.model() + " (--scorer " + coherence.encoder() + "), splitter "
                    + coherence.splitter() + ": " + definition(coherence));
        }
        if (semantic != null) {
            semantic.categories().forEach((category, f) -> out.add(String.format(Locale.ROOT,
                    "semantic recall %-10s %7s%s  precision %7s  (tau %.2f, %d samples; the project's own metric)",
                    category, percent(f.recall()), percentInterval(f.ci95()), percent(f.precision()), f.tau(),
                    f.n())));
            String source = semantic.settings().get(RunScorer.TAU_SOURCE);
            if (source != null) {
                out.add("  semantic threshold: " + source);
            }
        }
        return out;
    }

    /** Prints {@link #lines}, one per line. */
    public static void print(PrintWriter out, JudgeSection judge, SemanticSection semantic,
            CoherenceSection coherence) {
        lines(judge, semantic, coherence).forEach(out::println);
    }

    /** How the coherence figure relates to the paper's definition (BERT [CLS] vectors, spaCy sentences). */
    public static String definition(CoherenceSection coherence) {
        return coherence.paperDefinition()
                ? "the paper's definition (BERT [CLS]; bert-base-uncased in the paper), sentences split differently"
                : "not the paper's definition, which uses BERT [CLS] vectors (--scorer bert:DIR with"
                        + " bert-base-uncased)";
    }

    private static String judgeLine(String category, CategoryRecall r) {
        return String.format(Locale.ROOT,
                "judge recall %-10s paper-comparable %7s%s  strict %7s%s  (%d samples, %d failures: %d generation"
                        + " failed, %d no score, %d malformed, %d exhausted)",
                category, percent(r.referenceCompatible()), percentInterval(r.referenceCi95()), percent(r.recall()),
                percentInterval(r.ci95()), r.samples(), r.failures(), r.generationFailed(), r.noScore(),
                r.malformed(), r.exhausted());
    }

    private static List<String> calibrationLines(SemanticSection semantic) {
        CalibrationRows rows = semantic.calibration();
        List<String> out = new ArrayList<>();
        out.add("semantic recall calibration (same scorer, same samples): chance = another image's ground truth as"
                + " the answer (seeded derangement, seed " + rows.seed() + "); ceiling = the sample's own ground"
                + " truth as the answer");
        semantic.categories().forEach((category, run) -> {
            SemanticFigures chance = rows.otherImageGroundTruth().get(category);
            SemanticFigures ceiling = rows.groundTruthAsAnswer().get(category);
            out.add(String.format(Locale.ROOT, "  %-10s chance %s  this run %s  ceiling %s", category,
                    recallWithInterval(chance), recallWithInterval(run), recallWithInterval(ceiling)));
        });
        return out;
    }

    private static List<String> agreementLines(AgreementSection agreement) {
        List<String> out = new ArrayList<>();
        out.add("per-sample agreement of semantic recall with the judge (" + agreement.judgeFigure() + "):");
        agreement.categories().forEach((category, a) -> out.add(agreementLine(category, a)));
        return out;
    }

    private static String agreementLine(String category, RankAgreement a) {
        return String.format(Locale.ROOT, "  %-10s Spearman rho %s  Kendall tau-b %s  (%d samples)", category,
                signed(a.spearmanRho()), signed(a.kendallTauB()), a.n());
    }

    /** The first interval of scores.json, to print how the intervals were made once. */
    private static ConfidenceInterval anyInterval(Scores scores) {
        if (scores.judge() != null && scores.judge().overall() != null && scores.judge().overall().ci95() != null) {
            return scores.judge().overall().ci95();
        }
        if (scores.semantic() != null) {
            for (SemanticFigures f : scores.semantic().categories().values()) {
                if (f.ci95() != null) {
                    return f.ci95();
                }
            }
        }
        return scores.coherence() == null ? null : scores.coherence().ci95();
    }

    private static String recallWithInterval(SemanticFigures f) {
        return f == null ? "n/a" : percent(f.recall()) + percentInterval(f.ci95());
    }

    /** {@code " [38.80%, 43.70%]"}, or nothing without an interval. */
    public static String percentInterval(ConfidenceInterval ci) {
        return ci == null ? "" : String.format(Locale.ROOT, " [%.2f%%, %.2f%%]", 100 * ci.low(), 100 * ci.high());
    }

    /** {@code " [0.3880, 0.4370]"}, or nothing without an interval. */
    public static String decimalInterval(ConfidenceInterval ci) {
        return ci == null ? "" : String.format(Locale.ROOT, " [%.4f, %.4f]", ci.low(), ci.high());
    }

    private static String signed(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%+.3f", value);
    }

    private static String percent(Double share) {
        return share == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    private static String decimal(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }
}
