package org.eibench.engine.scores;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far the judge-free semantic recall tracks the LLM judge on one run, sample by sample.
 *
 * @param judgeFigure the judge's per-sample figure compared
 * @param semanticFigure the semantic per-sample figure compared
 * @param categories per category in report order, ending with {@code overall}
 */
public record AgreementSection(String judgeFigure, String semanticFigure, Map<String, RankAgreement> categories) {
    public AgreementSection {
        categories = categories == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    }
}
