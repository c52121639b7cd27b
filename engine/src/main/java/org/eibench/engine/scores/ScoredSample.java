package org.eibench.engine.scores;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of samples.jsonl: a sample with its answer and every per-sample score.
 *
 * @param id the sample's id in the run
 * @param image the image path as the benchmark names it
 * @param question the question asked
 * @param answer the model's answer (untrusted text)
 * @param groundTruth the ground-truth trigger list
 * @param judgeReply the recorded judge reply, or null when not judged
 * @param judgeStatus {@code VALID}, {@code MALFORMED}, {@code NO_SCORE}, {@code EXHAUSTED}, or {@code GENERATION_FAILED}
 *     (the answer failed to generate, so it was not judged); null when not judged
 * @param judgeCorrect C of the judge's score, null when absent
 * @param judgeTotal T of the judge's score, null when absent
 * @param judgeAttempts replies drawn, null when not judged
 * @param matchedTriggers ground-truth triggers the semantic matching found in the answer
 * @param metrics further per-sample figures by name (e.g. {@code semanticRecall}, {@code coherence})
 * @param triggerMatches every ground-truth trigger with the answer sentence most similar to it, in trigger order;
 *     empty when semantic matching did not run (and in files written before it was recorded)
 */
public record ScoredSample(
        String id,
        String image,
        String question,
        String answer,
        String groundTruth,
        String judgeReply,
        String judgeStatus,
        Long judgeCorrect,
        Long judgeTotal,
        Integer judgeAttempts,
        List<String> matchedTriggers,
        Map<String, Double> metrics,
        List<TriggerResult> triggerMatches) {
    public ScoredSample {
        matchedTriggers = matchedTriggers == null ? List.of() : List.copyOf(matchedTriggers);
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        triggerMatches = triggerMatches == null ? List.of() : List.copyOf(triggerMatches);
    }

    /** An entry without per-trigger matches (before semantic matching, or from a judge verdict). */
    public ScoredSample(String id, String image, String question, String answer, String groundTruth, String judgeReply,
            String judgeStatus, Long judgeCorrect, Long judgeTotal, Integer judgeAttempts, List<String> matchedTriggers,
            Map<String, Double> metrics) {
        this(id, image, question, answer, groundTruth, judgeReply, judgeStatus, judgeCorrect, judgeTotal,
                judgeAttempts, matchedTriggers, metrics, List.of());
    }

    /**
     * One ground-truth trigger as the semantic matching saw it.
     *
     * @param trigger the trigger's text
     * @param found whether the similarity reaches the threshold
     * @param sentence the answer unit most similar to the trigger, or null when the answer has none
     * @param similarity their cosine similarity, or null when the answer has no unit
     */
    public record TriggerResult(String trigger, boolean found, String sentence, Double similarity) {}

    /** A copy with the semantic matching's result and extra figures added; the per-trigger matches are kept. */
    public ScoredSample withMatches(List<String> triggers, Map<String, Double> moreMetrics) {
        Map<String, Double> merged = new LinkedHashMap<>(metrics);
        merged.putAll(moreMetrics);
        return new ScoredSample(id, image, question, answer, groundTruth, judgeReply, judgeStatus, judgeCorrect,
                judgeTotal, judgeAttempts, triggers, merged, triggerMatches);
    }

    /** A copy with the per-trigger matches of the semantic matching. */
    public ScoredSample withTriggerMatches(List<TriggerResult> results) {
        return new ScoredSample(id, image, question, answer, groundTruth, judgeReply, judgeStatus, judgeCorrect,
                judgeTotal, judgeAttempts, matchedTriggers, metrics, results);
    }
}
