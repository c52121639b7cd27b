package org.eibench.models.vlm;

import java.util.List;

/**
 * The answer to one {@link GenerationRequest}.
 *
 * @param text the generated text (without the end-of-generation token, cut before a stop string)
 * @param tokens generated token ids (without the end-of-generation token)
 * @param promptTokens prompt length in positions (text tokens plus image embeddings)
 * @param generatedTokens {@code tokens.size()}
 * @param stopReason why generation ended
 * @param timings where the time went
 */
public record Generation(String text, List<Integer> tokens, int promptTokens, int generatedTokens,
        StopReason stopReason, Timings timings) {
    public Generation {
        tokens = List.copyOf(tokens);
    }

    /**
     * Milliseconds spent on one request. In a shared batch, prefill and decode are wall-clock spans of this request
     * (they include the time the same {@code llama_decode} calls spent on other sequences).
     *
     * @param imageEncodeMs vision encoder time for this request's images (0 when all came from the cache)
     * @param prefillMs from admission until the first generated token, without image encoding
     * @param decodeMs from the first generated token until the end
     */
    public record Timings(double imageEncodeMs, double prefillMs, double decodeMs) {
        /** Generated tokens per second of decode time (0 when nothing was timed). */
        public double tokensPerSecond(int tokens) {
            return decodeMs > 0 ? tokens * 1000.0 / decodeMs : 0;
        }
    }
}
