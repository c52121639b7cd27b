package org.eibench.engine.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.AgreementSection;
import org.eibench.engine.scores.RankAgreement;
import org.eibench.engine.scores.SampleMetric;
import org.eibench.engine.scores.ScoredSample;
import org.eibench.engine.stats.RankCorrelation;

/**
 * How far the judge-free semantic recall tracks the LLM judge on a run: Spearman's rho and Kendall's tau-b of the two
 * per-sample figures, per category and overall, on the samples with a valid judge score (a failure's 0 is not the
 * judge's opinion of the answer).
 */
public final class JudgeSemanticAgreement {
    public static final String JUDGE_FIGURE = "judge C/T of samples with a valid score";

    private JudgeSemanticAgreement() {}

    /** The agreement of the samples' figures; null when no sample has both. */
    public static AgreementSection of(List<ScoredSample> samples, JudgeCategories categories) {
        Map<String, List<double[]>> byCategory = new LinkedHashMap<>();
        categories.columns().forEach(c -> byCategory.put(c, new ArrayList<>()));
        byCategory.put(JudgeCategories.OVERALL, new ArrayList<>());
        for (ScoredSample s : samples) {
            var semanticRecall = SampleMetric.SEMANTIC_RECALL.of(s);
            if (!SampleMetric.validJudgeScore(s) || semanticRecall.isEmpty()) {
                continue;
            }
            double[] pair = {SampleMetric.JUDGE_RECALL.of(s).getAsDouble(), semanticRecall.getAsDouble()};
            categories.categoryOf(s.image()).ifPresent(c -> byCategory.get(c).add(pair));
            byCategory.get(JudgeCategories.OVERALL).add(pair);
        }
        if (byCategory.get(JudgeCategories.OVERALL).isEmpty()) {
            return null;
        }
        Map<String, RankAgreement> out = new LinkedHashMap<>();
        byCategory.forEach((category, pairs) -> {
            if (!pairs.isEmpty()) {
                double[] judge = pairs.stream().mapToDouble(p -> p[0]).toArray();
                double[] semantic = pairs.stream().mapToDouble(p -> p[1]).toArray();
                out.put(category, new RankAgreement(pairs.size(), finite(RankCorrelation.spearman(judge, semantic)),
                        finite(RankCorrelation.kendallTauB(judge, semantic))));
            }
        });
        return new AgreementSection(JUDGE_FIGURE, SampleMetric.SEMANTIC_RECALL.label(), out);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
