package org.eibench.models.vlm;

/** The decoding thread's running counters of a {@link BatchGenerator}; {@link #snapshot} makes them a record. */
final class SchedulerCounters {
    long admissions;
    long finishes;
    long prefixReuseHits;
    long reusedPositions;
    long prefixWaits;
    long decodeCalls;
    long imageDecodeCalls;
    long stepNanos;
    long visionWaitNanos;
    long decodeNanos;
    long imageDecodeNanos;
    long sampleNanos;
    long batchTokens;
    long completed;
    long failed;

    /** A prefix of {@code positions} KV positions was taken instead of decoded (0: none). */
    void reused(int positions) {
        if (positions > 0) {
            prefixReuseHits++;
            reusedPositions += positions;
        }
    }

    /** The counters with the preparer's image counters beside them. */
    GenerationStats snapshot(PromptPreparer preparer, boolean visionAhead) {
        return new GenerationStats(decodeCalls, imageDecodeCalls, preparer.imagesEncoded(), preparer.encoderCalls(),
                preparer.cacheHits(), completed, failed, stepNanos, decodeNanos, preparer.encodeNanos(),
                imageDecodeNanos, sampleNanos, batchTokens, prefixReuseHits, reusedPositions, prefixWaits,
                visionAhead);
    }
}
