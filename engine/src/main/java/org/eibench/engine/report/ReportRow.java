package org.eibench.engine.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the paper-style table: a model under one mode and persona, combining its Basic and Complex runs.
 * Figures are fractions in [0, 1] (coherence on its own scale); null where not measured.
 *
 * @param label the row's display name
 * @param model the answering model
 * @param mode the prompting mode
 * @param persona the persona
 * @param runs the run folders the row combines
 * @param basic judge recall per Basic category, then {@code overall}
 * @param basicReference the get_scores.py-compatible figure per Basic category, then {@code overall}
 * @param complex judge recall on EI Complex
 * @param complexReference the get_scores_complex.py-compatible figure
 * @param coherence mean coherence (of the Basic run, else the Complex run)
 * @param semanticRecall overall semantic recall (of the Basic run, else the Complex run)
 * @param semanticByCategory semantic recall per category (same run as {@code semanticRecall})
 */
public record ReportRow(
        String label,
        String model,
        String mode,
        String persona,
        List<String> runs,
        Map<String, Double> basic,
        Map<String, Double> basicReference,
        Double complex,
        Double complexReference,
        Double coherence,
        Double semanticRecall,
        Map<String, Double> semanticByCategory) {
    public ReportRow {
        runs = List.copyOf(runs);
        basic = copy(basic);
        basicReference = copy(basicReference);
        semanticByCategory = copy(semanticByCategory);
    }

    private static Map<String, Double> copy(Map<String, Double> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
