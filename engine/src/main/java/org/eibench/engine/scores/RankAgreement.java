package org.eibench.engine.scores;

/**
 * How closely two per-sample figures rank the same samples.
 *
 * @param n samples that have both figures
 * @param spearmanRho Spearman's rank correlation (ties at their average rank); null when undefined (a constant
 *     figure, under two samples)
 * @param kendallTauB Kendall's tau-b (corrected for ties); null when undefined
 */
public record RankAgreement(int n, Double spearmanRho, Double kendallTauB) {}
