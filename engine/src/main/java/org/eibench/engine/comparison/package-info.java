/**
 * Paired comparison of two scored runs on the samples both answered: per figure and category, the mean difference
 * with its paired-bootstrap interval and sign-flip p-value, and whether the difference is within noise.
 */
package org.eibench.engine.comparison;
