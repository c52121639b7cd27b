/**
 * Uncertainty of per-sample figures: percentile-bootstrap confidence intervals of a mean, paired differences with
 * a sign-flip permutation test, rank agreement (Spearman, Kendall tau-b) and seeded derangements. Plain arrays in,
 * plain records out; nothing here knows about runs, files or the command line, and every result is a function of
 * its input and seed.
 */
package org.eibench.engine.stats;
