package org.eibench.engine.metrics;

/**
 * A ground-truth trigger paired with an answer unit.
 *
 * @param trigger index into the sample's ground-truth triggers
 * @param unit index into the answer's units, or -1 when the answer has none
 * @param similarity cosine similarity of the two (0 when {@code unit} is -1)
 * @param matched whether the similarity reaches the threshold
 */
public record TriggerMatch(int trigger, int unit, float similarity, boolean matched) {}
