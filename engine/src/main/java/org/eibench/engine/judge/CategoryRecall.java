package org.eibench.engine.judge;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eibench.engine.stats.ConfidenceInterval;

/**
 * Judge trigger recall of one category (or of all samples).
 *
 * <p>The five counts are disjoint and add up to {@code samples}.
 *
 * @param recall the strict figure: the mean over all samples of C/T, where a failure (generation failed, no score,
 *     malformed, exhausted) counts 0; null when the category has no samples
 * @param samples samples in the category
 * @param scored samples with a valid score from an accepted reply
 * @param exhausted samples whose every attempt lacked the marker (recorded as the policy's fallback)
 * @param malformed samples whose score had C &gt; T or T = 0
 * @param noScore samples whose reply had no {@code {score: C/T}}
 * @param generationFailed samples whose answer failed to generate: never judged, as the reference scripts never
 *     write them, so they are absent from the reference figure and count 0 in the strict one
 * @param referenceCompatible the figure as get_scores.py (Basic) or get_scores_complex.py (Complex) computes it
 *     from the same judge.jsonl; 0 when its list is empty, as there
 * @param referenceSamples how many values the reference figure averages
 * @param referenceSkipped samples the reference script could not have counted (it would have stopped: T = 0, or a
 *     reply without a score before any scored one); left out of the reference figure
 * @param ci95 the percentile-bootstrap 95% interval of {@code recall} over the category's samples; null when not
 *     computed or without samples
 * @param referenceCi95 the same of {@code referenceCompatible}, over the values the reference figure averages
 */
public record CategoryRecall(
        Double recall,
        int samples,
        int scored,
        int exhausted,
        int malformed,
        int noScore,
        int generationFailed,
        double referenceCompatible,
        int referenceSamples,
        int referenceSkipped,
        ConfidenceInterval ci95,
        ConfidenceInterval referenceCi95) {
    /** Recall without intervals (hand-made or older scores). */
    public CategoryRecall(Double recall, int samples, int scored, int exhausted, int malformed, int noScore,
            int generationFailed, double referenceCompatible, int referenceSamples, int referenceSkipped) {
        this(recall, samples, scored, exhausted, malformed, noScore, generationFailed, referenceCompatible,
                referenceSamples, referenceSkipped, null, null);
    }

    /**
     * Samples that did not yield a valid judge score, the failed generations included; written to scores.json,
     * ignored when read back.
     */
    @JsonProperty(value = "failures", access = JsonProperty.Access.READ_ONLY)
    public int failures() {
        return exhausted + malformed + noScore + generationFailed;
    }
}
