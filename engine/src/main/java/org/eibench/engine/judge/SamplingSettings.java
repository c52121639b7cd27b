package org.eibench.engine.judge;

import java.util.Objects;
import java.util.Optional;

/**
 * How to sample one reply.
 *
 * @param temperature softmax temperature (the reference judge samples at 0.1)
 * @param topP nucleus sampling mass
 * @param topK sample among the k most likely tokens, 0 = off (the reference inherits Hugging Face's default 50)
 * @param maxNewTokens most tokens to generate
 * @param grammar a llama.cpp GBNF grammar (start rule {@code root}) the reply must follow, if any
 */
public record SamplingSettings(double temperature, double topP, int topK, int maxNewTokens, Optional<String> grammar) {
    public SamplingSettings {
        if (!(temperature >= 0)) {
            throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        Objects.requireNonNull(grammar, "grammar (use Optional.empty())");
    }
}
