package org.eibench.engine.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the paper-style table: a model under one mode and persona, combining its Basic and Complex runs, or
 * a row of the paper's published tables. Figures are fractions (coherence on its own scale); null where not
 * measured.
 *
 * @param label the row's display name
 * @param model the answering model
 * @param mode the prompting mode
 * @param persona the persona
 * @param runs the run folders the row combines (none for a paper row)
 * @param source {@value #RUN} or {@value #PAPER}
 * @param judge the judge model (for a paper row, the paper's judge)
 * @param protocol {@value #REFERENCE} when mode and persona follow the reference code, {@value #OWN} when the row
 *     follows the project's own protocol, {@value #PAPER} for the paper's rows, null when the runs do not say
 * @param basic strict judge recall per Basic category, then {@code overall}: every sample counts, a failure 0
 * @param basicReference the paper-comparable figure (get_scores.py's aggregation) per Basic category, then
 *     {@code overall}
 * @param complex strict judge recall on EI Complex
 * @param complexReference the paper-comparable (get_scores_complex.py) figure
 * @param samples samples judged over the row's runs, failed generations included
 * @param failures samples without a valid judge score over the row's runs, failed generations included
 * @param coherence the strict mean coherence (of the Basic run, else the Complex run)
 * @param coherenceReference the paper-comparable coherence (a 0.0 answer score dropped, as long_term_scores.py)
 * @param coherenceScorer the encoder and splitter behind the coherence figures, and whether that is the paper's
 *     definition
 * @param semanticRecall overall semantic recall (of the Basic run, else the Complex run)
 * @param semanticByCategory semantic recall per category (same run as {@code semanticRecall})
 * @param intervals the confidence intervals scores.json gives, by figure: {@code basic.<category>},
 *     {@code basicReference.<category>}, {@code complex}, {@code complexReference}, {@code semantic.<category>},
 *     {@code coherence}, {@code coherenceReference}; a figure without one is absent
 */
public record ReportRow(
        String label,
        String model,
        String mode,
        String persona,
        List<String> runs,
        String source,
        String judge,
        String protocol,
        Map<String, Double> basic,
        Map<String, Double> basicReference,
        Double complex,
        Double complexReference,
        int samples,
        int failures,
        Double coherence,
        Double coherenceReference,
        String coherenceScorer,
        Double semanticRecall,
        Map<String, Double> semanticByCategory,
        Map<String, Interval> intervals) {
    /** A row of scored runs. */
    public static final String RUN = "run";
    /** A row of the paper's published tables. */
    public static final String PAPER = "paper";
    /** A row whose runs ask what the reference code asks. */
    public static final String REFERENCE = "reference";
    /** A row with a mode or persona the reference code does not have. */
    public static final String OWN = "own protocol";

    public ReportRow {
        runs = List.copyOf(runs);
        basic = copy(basic);
        basicReference = copy(basicReference);
        semanticByCategory = copy(semanticByCategory);
        intervals = intervals == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
    }

    /** A row without confidence intervals (the paper's rows, runs scored without them). */
    public ReportRow(String label, String model, String mode, String persona, List<String> runs, String source,
            String judge, String protocol, Map<String, Double> basic, Map<String, Double> basicReference,
            Double complex, Double complexReference, int samples, int failures, Double coherence,
            Double coherenceReference, String coherenceScorer, Double semanticRecall,
            Map<String, Double> semanticByCategory) {
        this(label, model, mode, persona, runs, source, judge, protocol, basic, basicReference, complex,
                complexReference, samples, failures, coherence, coherenceReference, coherenceScorer, semanticRecall,
                semanticByCategory, Map.of());
    }

    private static Map<String, Double> copy(Map<String, Double> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
