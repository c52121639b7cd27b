package org.eibench.engine.scores;

import org.eibench.engine.stats.ConfidenceInterval;

/**
 * Embedding-based trigger matching of one category (filled from the metrics code).
 *
 * @param recall ground-truth triggers matched by some answer trigger, averaged over samples
 * @param precision answer triggers matching some ground-truth trigger, averaged over samples
 * @param f1 harmonic mean of recall and precision
 * @param oneToOneRecall recall under a one-to-one matching
 * @param tau the similarity threshold used
 * @param n samples counted
 * @param ci95 the percentile-bootstrap 95% interval of {@code recall} over the samples; null when not computed
 */
public record SemanticFigures(Double recall, Double precision, Double f1, Double oneToOneRecall, Double tau, int n,
        ConfidenceInterval ci95) {
    /** Figures without an interval (hand-made or older scores). */
    public SemanticFigures(Double recall, Double precision, Double f1, Double oneToOneRecall, Double tau, int n) {
        this(recall, precision, f1, oneToOneRecall, tau, n, null);
    }
}
