package org.eibench.engine.scores;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Semantic trigger recall in scores.json.
 *
 * @param embeddingModel the sentence-embedding model
 * @param categories per-category figures in report order, ending with {@code overall}
 * @param settings any further settings worth recording (free-form strings)
 * @param calibration the same scorer on the same samples with the ground truth itself and another image's ground
 *     truth as the answer; null when not computed
 */
public record SemanticSection(String embeddingModel, Map<String, SemanticFigures> categories,
        Map<String, String> settings, CalibrationRows calibration) {
    /** A section without calibration rows (hand-made or older scores). */
    public SemanticSection(String embeddingModel, Map<String, SemanticFigures> categories,
            Map<String, String> settings) {
        this(embeddingModel, categories, settings, null);
    }

    public SemanticSection {
        categories = categories == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
