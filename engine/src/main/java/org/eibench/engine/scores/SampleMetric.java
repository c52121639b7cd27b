package org.eibench.engine.scores;

import java.util.Map;
import java.util.OptionalDouble;

/** A per-sample figure of samples.jsonl, as the run's figure averages it. */
public enum SampleMetric {
    /**
     * The judge's C/T, a sample without a valid score (failed generation, no score, malformed, exhausted) counting
     * 0, as in the strict recall; absent when the sample was not judged.
     */
    JUDGE_RECALL("judge recall (strict)"),
    /** The share of ground-truth triggers the semantic matching found. */
    SEMANTIC_RECALL("semantic recall"),
    /** Long-term coherence; absent for an answer under two sentences. */
    COHERENCE("coherence");

    /** The key of the semantic recall in {@link ScoredSample#metrics()}. */
    public static final String SEMANTIC_RECALL_KEY = "semanticRecall";
    /** The key of the coherence in {@link ScoredSample#metrics()}. */
    public static final String COHERENCE_KEY = "coherence";
    /** The judge status of a sample with a valid score. */
    public static final String VALID = "VALID";

    private final String label;

    SampleMetric(String label) {
        this.label = label;
    }

    /** The figure's name as tables print it. */
    public String label() {
        return label;
    }

    /** The sample's value, or empty when the sample has none. */
    public OptionalDouble of(ScoredSample s) {
        return switch (this) {
            case JUDGE_RECALL -> s.judgeStatus() == null ? OptionalDouble.empty()
                    : OptionalDouble.of(validJudgeScore(s) ? (double) s.judgeCorrect() / s.judgeTotal() : 0);
            case SEMANTIC_RECALL -> metric(s.metrics(), SEMANTIC_RECALL_KEY);
            case COHERENCE -> metric(s.metrics(), COHERENCE_KEY);
        };
    }

    /** Whether the judge gave the sample a valid C/T (not a failure counted 0). */
    public static boolean validJudgeScore(ScoredSample s) {
        return VALID.equals(s.judgeStatus()) && s.judgeCorrect() != null && s.judgeTotal() != null
                && s.judgeTotal() > 0;
    }

    private static OptionalDouble metric(Map<String, Double> metrics, String key) {
        Double v = metrics.get(key);
        return v == null || v.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
