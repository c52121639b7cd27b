package org.eibench.engine.scoring;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eibench.engine.judge.CategoryRecall;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.JudgeSection;
import org.eibench.engine.scores.SemanticSection;

/**
 * What {@code eibench score} prints: the paper-comparable figure first (the reference's aggregation), the strict
 * one and the failure counts beside it, always both.
 */
public final class ScoreSummary {
    private ScoreSummary() {}

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
                    "long-term coherence paper-comparable %s (%d answers; a 0.0 score dropped, as"
                            + " long_term_scores.py)  strict %s (%d answers, %d skipped with < 2 sentences)",
                    decimal(coherence.referenceMean()), coherence.referenceUsed(), decimal(coherence.mean()),
                    coherence.nUsed(), coherence.nSkipped()));
            out.add("  coherence encoder " + coherence.model() + " (--scorer " + coherence.encoder() + "), splitter "
                    + coherence.splitter() + ": " + definition(coherence));
        }
        if (semantic != null) {
            semantic.categories().forEach((category, f) -> out.add(String.format(Locale.ROOT,
                    "semantic recall %-10s %7s  precision %7s  (tau %.2f, %d samples; the project's own metric)",
                    category, percent(f.recall()), percent(f.precision()), f.tau(), f.n())));
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
                "judge recall %-10s paper-comparable %7s  strict %7s  (%d samples, %d failures: %d generation"
                        + " failed, %d no score, %d malformed, %d exhausted)",
                category, percent(r.referenceCompatible()), percent(r.recall()), r.samples(), r.failures(),
                r.generationFailed(), r.noScore(), r.malformed(), r.exhausted());
    }

    private static String percent(Double share) {
        return share == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    private static String decimal(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }
}
