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
 */
public record SemanticSection(String embeddingModel, Map<String, SemanticFigures> categories, Map<String, String> settings) {
    public SemanticSection {
        categories = categories == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
