package org.eibench.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A figure's confidence interval as scores.json gives it ({@code ci95: {low, high, method, ...}}), on the figure's
 * own scale; the charts draw it as a whisker.
 *
 * @param low the lower bound
 * @param high the upper bound
 * @param method how it was computed (e.g. {@code percentile bootstrap}), or null when not said
 */
public record Interval(double low, double high, String method) {
    /** The key of a figure's interval in scores.json, beside the figure ({@code recall} and {@code ci95}). */
    static final String KEY = "ci95";

    /**
     * The interval of field {@code figure} of a scores.json object: {@code <figure>Ci95}, else {@code ci95.<figure>},
     * else {@code ci95} itself when {@code figure} is the object's main figure; empty when none is there or it is
     * not a pair of numbers.
     */
    static Optional<Interval> of(JsonNode owner, String figure, boolean mainFigure) {
        if (owner == null) {
            return Optional.empty();
        }
        JsonNode ci = owner.path(figure + "Ci95");
        if (!ci.isObject()) {
            ci = owner.path(KEY).path(figure);
        }
        if (!ci.isObject() && mainFigure) {
            ci = owner.path(KEY);
        }
        if (!ci.path("low").isNumber() || !ci.path("high").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new Interval(ci.get("low").asDouble(), ci.get("high").asDouble(),
                ci.path("method").isTextual() ? ci.get("method").asText() : null));
    }
}
