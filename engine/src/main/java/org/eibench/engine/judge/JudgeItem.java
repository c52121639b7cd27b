package org.eibench.engine.judge;

import org.eibench.engine.RecordComponents;

/**
 * One answer to judge.
 *
 * @param id the sample's id in the run (unique within the run)
 * @param image the image path as the benchmark names it; the key of judge.jsonl
 * @param question the question the model answered
 * @param answer the model's answer
 * @param groundTruth the numbered ground-truth trigger list
 */
public record JudgeItem(String id, String image, String question, String answer, String groundTruth) {
    public JudgeItem {
        RecordComponents.requireNonNull("JudgeItem", "id", id, "image", image, "question", question, "answer", answer,
                "groundTruth", groundTruth);
    }
}
