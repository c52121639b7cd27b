package org.eibench.engine.judge;

import java.util.Objects;

/**
 * One entry of judge.jsonl: {@code {"<image path>": "<judge reply>"}}.
 *
 * @param image the image path (repeats in EI Complex, where an image has several questions)
 * @param reply the recorded judge reply
 * @param exhausted whether the reply is the policy's fallback; known only when the judge ran here, false when read
 *     back from a file
 */
public record JudgeLine(String image, String reply, boolean exhausted) {
    public JudgeLine {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(reply, "reply");
    }

    public JudgeScore score() {
        return JudgeScore.parse(reply);
    }
}
