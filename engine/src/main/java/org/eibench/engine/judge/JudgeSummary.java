package org.eibench.engine.judge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Judge trigger recall of a run: one entry per category column, then {@link JudgeCategories#OVERALL}.
 *
 * @param benchmark {@code basic} or {@code complex}
 * @param categories category name to recall, in report order, ending with {@code overall}
 */
public record JudgeSummary(String benchmark, Map<String, CategoryRecall> categories) {
    public JudgeSummary {
        Objects.requireNonNull(benchmark, "benchmark");
        categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        if (!categories.containsKey(JudgeCategories.OVERALL)) {
            throw new IllegalArgumentException("a judge summary needs an '" + JudgeCategories.OVERALL + "' entry");
        }
    }

    public CategoryRecall overall() {
        return categories.get(JudgeCategories.OVERALL);
    }
}
