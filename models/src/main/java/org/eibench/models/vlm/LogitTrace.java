package org.eibench.models.vlm;

import java.util.List;

/**
 * A generation together with the full logits row of every sampled step, for parity checks against reference
 * implementations ({@link VisionLanguageModel#trace}).
 *
 * @param generation the answer
 * @param logits one row of vocabulary-size logits per sampled token, in order
 */
public record LogitTrace(Generation generation, List<float[]> logits) {
    /** Top-1 minus top-2 logit at a step: how close greedy decoding was to a tie. */
    public double margin(int step) {
        float[] row = logits.get(step);
        float first = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (float value : row) {
            if (value > first) {
                second = first;
                first = value;
            } else if (value > second) {
                second = value;
            }
        }
        return first - second;
    }
}
