package org.eibench.engine.scores;

import org.eibench.engine.stats.ConfidenceInterval;

/**
 * Answer coherence in scores.json, with the two figures and what produced them.
 *
 * @param model the model that scored coherence, with its pooling
 * @param mean the strict figure: mean coherence over every scored answer
 * @param nUsed answers scored (at least two sentences)
 * @param nSkipped answers that could not be scored (fewer than two sentences, failed generations among them)
 * @param referenceMean the paper-comparable figure: as long_term_scores.py, whose {@code if coherence_score:} drops
 *     an answer scoring exactly 0.0; null when no answer remains
 * @param referenceUsed answers the paper-comparable figure averages
 * @param encoder how the encoder was opened ({@code minilm}, {@code bert:DIR})
 * @param splitter the sentence splitter
 * @param paperDefinition whether the encoder is the paper's kind (a BERT checkpoint, [CLS] vector), not MiniLM
 * @param ci95 the percentile-bootstrap 95% interval of {@code mean} over the scored answers; null when not computed
 * @param referenceCi95 the same of {@code referenceMean}, over the answers it averages
 */
public record CoherenceSection(
        String model,
        Double mean,
        int nUsed,
        int nSkipped,
        Double referenceMean,
        int referenceUsed,
        String encoder,
        String splitter,
        boolean paperDefinition,
        ConfidenceInterval ci95,
        ConfidenceInterval referenceCi95) {
    /** Coherence without intervals (hand-made or older scores). */
    public CoherenceSection(String model, Double mean, int nUsed, int nSkipped, Double referenceMean,
            int referenceUsed, String encoder, String splitter, boolean paperDefinition) {
        this(model, mean, nUsed, nSkipped, referenceMean, referenceUsed, encoder, splitter, paperDefinition, null,
                null);
    }
}
