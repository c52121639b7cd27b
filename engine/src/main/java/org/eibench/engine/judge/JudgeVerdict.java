package org.eibench.engine.judge;

import java.util.List;
import java.util.Objects;

/**
 * The judge's outcome for one item.
 *
 * @param item what was judged
 * @param reply the recorded reply: the first accepted one, or the policy's fallback when every attempt failed
 * @param attempts replies drawn
 * @param exhausted whether every attempt lacked the marker, so {@code reply} is the fallback
 * @param rejectedReplies the replies drawn before (or instead of) the recorded one, for inspection
 * @param score the score parsed from {@code reply}
 */
public record JudgeVerdict(
        JudgeItem item, String reply, int attempts, boolean exhausted, List<String> rejectedReplies, JudgeScore score) {
    public JudgeVerdict {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(score, "score");
        rejectedReplies = List.copyOf(rejectedReplies);
    }

    /** The line this verdict contributes to judge.jsonl. */
    public JudgeLine line() {
        return new JudgeLine(item.image(), reply, exhausted);
    }
}
