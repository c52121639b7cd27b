package org.eibench.engine.metrics;

import java.util.List;

/**
 * Semantic trigger recall of one answer.
 *
 * <p>Best-match figures let several triggers match the same unit; one-to-one figures come from a
 * maximum-weight bipartite matching in which every unit explains at most one trigger.
 *
 * @param recall share of ground-truth triggers whose best unit reaches the threshold
 * @param precision share of answer units whose best trigger reaches the threshold (0 without units)
 * @param bestMatches for every trigger, its most similar unit
 * @param oneToOneMatches the matched pairs of the one-to-one matching, all at or above the threshold
 */
public record SemanticScore(
        String id,
        List<String> triggers,
        List<String> units,
        double recall,
        double precision,
        double f1,
        double oneToOneRecall,
        double oneToOnePrecision,
        double oneToOneF1,
        List<TriggerMatch> bestMatches,
        List<TriggerMatch> oneToOneMatches) {

    public SemanticScore {
        triggers = List.copyOf(triggers);
        units = List.copyOf(units);
        bestMatches = List.copyOf(bestMatches);
        oneToOneMatches = List.copyOf(oneToOneMatches);
    }

    static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
}
