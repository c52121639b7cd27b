package org.eibench.models.vlm;

import java.util.List;
import java.util.Objects;

/**
 * How tokens are chosen. Temperature 0 (or below) is greedy decoding and ignores topP, topK and seed; otherwise the
 * values apply in Hugging Face's order: temperature, top-k, top-p, then the draw.
 *
 * @param temperature softmax temperature; {@code <= 0} means greedy
 * @param topP nucleus mass in (0, 1]; 1 disables it
 * @param topK keep the k most likely tokens; 0 disables it
 * @param seed seed of this request's random generator (its low 32 bits are used, as by llama.cpp; the one value that
 *     llama.cpp would replace by a clock seed is mapped to another)
 * @param maxTokens most tokens to generate (at least 1)
 * @param grammar a GBNF grammar (root symbol {@code root}) constraining the output, or null
 * @param ignoreEos keep generating after end-of-generation tokens (for timing runs)
 * @param stop literal strings that end the answer (the text is cut before the first one)
 */
public record SamplingParams(float temperature, float topP, int topK, long seed, int maxTokens, String grammar,
        boolean ignoreEos, List<String> stop) {
    public SamplingParams {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        if (!(topP > 0f && topP <= 1f)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must not be negative, got " + topK);
        }
        if (Float.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature is NaN");
        }
        stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    /** Greedy decoding of at most {@code maxTokens} tokens. */
    public static SamplingParams greedy(int maxTokens) {
        return new SamplingParams(0f, 1f, 0, 0, maxTokens, null, false, List.of());
    }

    /** Whether this is greedy decoding. */
    public boolean isGreedy() {
        return temperature <= 0f;
    }

    public SamplingParams withTemperature(float t) {
        return new SamplingParams(t, topP, topK, seed, maxTokens, grammar, ignoreEos, stop);
    }

    public SamplingParams withTopP(float p) {
        return new SamplingParams(temperature, p, topK, seed, maxTokens, grammar, ignoreEos, stop);
    }

    public SamplingParams withTopK(int k) {
        return new SamplingParams(temperature, topP, k, seed, maxTokens, grammar, ignoreEos, stop);
    }

    public SamplingParams withSeed(long s) {
        return new SamplingParams(temperature, topP, topK, s, maxTokens, grammar, ignoreEos, stop);
    }

    public SamplingParams withMaxTokens(int n) {
        return new SamplingParams(temperature, topP, topK, seed, n, grammar, ignoreEos, stop);
    }

    public SamplingParams withGrammar(String gbnf) {
        return new SamplingParams(temperature, topP, topK, seed, maxTokens, gbnf, ignoreEos, stop);
    }

    public SamplingParams withIgnoreEos(boolean ignore) {
        return new SamplingParams(temperature, topP, topK, seed, maxTokens, grammar, ignore, stop);
    }

    public SamplingParams withStop(List<String> strings) {
        return new SamplingParams(temperature, topP, topK, seed, maxTokens, grammar, ignoreEos, strings);
    }
}
