package org.eibench.engine.scores;

/**
 * Embedding-based trigger matching of one category (filled from the metrics code).
 *
 * @param recall ground-truth triggers matched by some answer trigger, averaged over samples
 * @param precision answer triggers matching some ground-truth trigger, averaged over samples
 * @param f1 harmonic mean of recall and precision
 * @param oneToOneRecall recall under a one-to-one matching
 * @param tau the similarity threshold used
 * @param n samples counted
 */
public record SemanticFigures(Double recall, Double precision, Double f1, Double oneToOneRecall, Double tau, int n) {}
