package org.eibench.models.vlm;

/**
 * A scheduler's counters since the model was loaded; {@code prefixWaits} counts requests that waited for another
 * sequence to decode their prefix (reuse hits count them once they copied it). Times are wall nanoseconds of the
 * decoding thread unless said otherwise: {@code stepNanos} is all of its scheduling steps but their waits for the
 * preparation stage ({@code waitNanos}); inside the steps, the native calls of the step loop ({@code decodeNanos},
 * {@code imageDecodeNanos}, {@code sampleNanos}) and the preparation of admitted requests ({@code admission}: image
 * reading, {@code mtmd_tokenize}, encoding and their Java). {@code ahead} is the preparation stage thread's work, off
 * the decoding thread; {@code imageEncodeNanos} is the encoder's time on either thread. {@code work} holds the counts
 * that decide accelerator time ({@link WorkCounts}). {@code imageDecodeCalls} counts images decoded into the LLM,
 * {@code imagesDecodedTogether} those of them that shared {@code llama_decode} calls with another sequence's image.
 */
public record GenerationStats(long decodeCalls, long imageDecodeCalls, long imagesDecodedTogether, long imagesEncoded,
        long imageEncoderCalls, long imageCacheHits, long completed, long failed, long steps, long stepNanos,
        long decodeNanos, long imageEncodeNanos, long imageDecodeNanos, long sampleNanos, long waitNanos,
        long batchTokens, long prefixReuseHits, long reusedPositions, long prefixWaits, PreparationTimes admission,
        PreparationTimes ahead, WorkCounts work) {
    /** No work at all (a served backend, whose server keeps its own counters, reports only its completions). */
    public static GenerationStats none(long completed, long failed) {
        return new GenerationStats(0, 0, 0, 0, 0, 0, completed, failed, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                PreparationTimes.NONE, PreparationTimes.NONE, WorkCounts.NONE);
    }

    /** The step loop's native calls: token-batch decodes, image embeddings into the KV cache, sampling. */
    public long loopNativeNanos() {
        return decodeNanos + imageDecodeNanos + sampleNanos;
    }

    /** All the decoding thread's time in llama.cpp and libmtmd calls (the step loop's and admission's). */
    public long nativeNanos() {
        return loopNativeNanos() + admission.nativeNanos();
    }

    /** The decoding thread's Java: its steps less their native calls (the step loop's Java and admission's). */
    public long javaNanos() {
        return stepNanos - nativeNanos();
    }

    /** The step loop's Java outside the preparation of admitted requests (batch building, sampling's bookkeeping). */
    public long loopJavaNanos() {
        return stepNanos - loopNativeNanos() - admission.totalNanos();
    }
}
