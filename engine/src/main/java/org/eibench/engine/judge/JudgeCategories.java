package org.eibench.engine.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eibench.models.json.JsonMappers;

/**
 * How a benchmark's samples fall into categories by image path, loaded from {@code categories-<benchmark>.json}.
 *
 * @param rules tried in order; the first whose substring occurs in the path (case-sensitive) names the category
 * @param columns the categories in report order
 */
public record JudgeCategories(List<Rule> rules, List<String> columns) {
    /** The key of the all-samples figure, after the category columns. */
    public static final String OVERALL = "overall";

    private static final ObjectMapper JSON = JsonMappers.create(JsonMappers.Option.IGNORE_UNKNOWN_PROPERTIES);

    /**
     * @param category the category's name
     * @param pathContains the substring that puts a path in it
     */
    public record Rule(String category, String pathContains) {}

    public JudgeCategories {
        rules = List.copyOf(rules);
        columns = List.copyOf(columns);
        for (Rule r : rules) {
            if (!columns.contains(r.category())) {
                throw new IllegalArgumentException("category rule " + r + " names a category missing from columns " + columns);
            }
        }
        if (columns.contains(OVERALL)) {
            throw new IllegalArgumentException("'" + OVERALL + "' is reserved for the all-samples figure");
        }
    }

    /** Loads the shipped categories of {@code basic} or {@code complex}. */
    public static JudgeCategories load(String benchmark) {
        String file = "categories-" + benchmark.toLowerCase(Locale.ROOT) + ".json";
        if (!JudgeResources.exists(file)) {
            throw new IllegalArgumentException("no judge categories for benchmark '" + benchmark + "'; choose one of "
                    + JudgePrompt.BENCHMARKS);
        }
        try {
            return JSON.readValue(JudgeResources.read(file), JudgeCategories.class);
        } catch (IOException e) {
            throw new IllegalStateException("judge categories resource " + file + " is invalid: " + e.getMessage(), e);
        }
    }

    /** The category of an image path, or empty when no rule matches (the sample then counts only in overall). */
    public Optional<String> categoryOf(String imagePath) {
        return rules.stream().filter(r -> imagePath.contains(r.pathContains())).map(Rule::category).findFirst();
    }
}
