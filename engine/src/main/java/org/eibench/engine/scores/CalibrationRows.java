package org.eibench.engine.scores;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's semantic recall sits: the same scorer, on the same samples, given two answers that are not the
 * model's. The ceiling answers each sample with its own ground-truth triggers written out as sentences; the chance
 * level answers it with another image's ground truth, drawn by a seeded derangement of the samples.
 *
 * @param groundTruthAsAnswer the ceiling, per category in report order, ending with {@code overall}
 * @param otherImageGroundTruth chance level, per category, ending with {@code overall}
 * @param seed the seed of the derangement
 * @param answerText how a ground truth is turned into an answer
 */
public record CalibrationRows(Map<String, SemanticFigures> groundTruthAsAnswer,
        Map<String, SemanticFigures> otherImageGroundTruth, long seed, String answerText) {
    public CalibrationRows {
        groundTruthAsAnswer = copy(groundTruthAsAnswer);
        otherImageGroundTruth = copy(otherImageGroundTruth);
    }

    private static Map<String, SemanticFigures> copy(Map<String, SemanticFigures> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
