package org.eibench.models.vlm;

/**
 * A scheduler's counters since the model was loaded; {@code prefixWaits} counts requests that waited for another
 * sequence to decode their prefix (reuse hits count them once they copied it). Times are wall nanoseconds:
 * {@code stepNanos} is all of a scheduling step but its waits for the vision stage, the others the native calls
 * inside it, so {@code stepNanos - nativeNanos()} is the Java side of the loop. With {@code visionAhead}, image
 * encoding runs on the vision thread, outside {@code stepNanos}. {@code work} holds the counts that decide accelerator
 * time ({@link WorkCounts}).
 */
public record GenerationStats(long decodeCalls, long imageDecodeCalls, long imagesEncoded, long imageEncoderCalls,
        long imageCacheHits,
        long completed, long failed, long stepNanos, long decodeNanos, long imageEncodeNanos,
        long imageDecodeNanos, long sampleNanos, long batchTokens, long prefixReuseHits, long reusedPositions,
        long prefixWaits, boolean visionAhead, WorkCounts work) {
    /** Time the decoding thread spent in llama.cpp and libmtmd calls (encoding only without the vision stage). */
    public long nativeNanos() {
        return decodeNanos + (visionAhead ? 0 : imageEncodeNanos) + imageDecodeNanos + sampleNanos;
    }
}
