package org.eibench.engine.scores;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eibench.engine.judge.CategoryRecall;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.judge.JudgePolicy;
import org.eibench.engine.judge.JudgeSummary;

/**
 * The LLM judge's trigger recall in scores.json.
 *
 * @param judgeModel the judge model
 * @param policy the judge policy (sampling, attempts, grammar)
 * @param seed the judge's base seed
 * @param benchmark {@code basic} or {@code complex}
 * @param categories per-category recall in report order, ending with {@code overall}
 */
public record JudgeSection(
        String judgeModel, JudgePolicy policy, long seed, String benchmark, Map<String, CategoryRecall> categories) {
    public JudgeSection {
        categories = categories == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    }

    public static JudgeSection of(String judgeModel, JudgePolicy policy, long seed, JudgeSummary summary) {
        return new JudgeSection(judgeModel, policy, seed, summary.benchmark(), summary.categories());
    }

    /** The all-samples figure, or null when absent. */
    public CategoryRecall overall() {
        return categories.get(JudgeCategories.OVERALL);
    }
}
