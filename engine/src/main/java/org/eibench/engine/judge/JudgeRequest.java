package org.eibench.engine.judge;

import java.util.List;
import java.util.Objects;
import org.eibench.models.chat.ChatMessage;

/**
 * One generation the judge asks for.
 *
 * @param messages the conversation (system + user) to answer; the generator applies the judge model's chat template
 * @param sampling how to sample
 * @param seed sampler seed; the judge gives each sample and each attempt its own seed so a retry is a new draw
 */
public record JudgeRequest(List<ChatMessage> messages, SamplingSettings sampling, long seed) {
    public JudgeRequest {
        messages = List.copyOf(messages);
        Objects.requireNonNull(sampling, "sampling");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a judge request needs at least one message");
        }
    }
}
