package org.eibench.models.vlm;

import java.util.HashSet;
import java.util.Set;

/** The decoding thread's running counters of a {@link BatchGenerator}; {@link #snapshot} makes them a record. */
final class SchedulerCounters {
    long admissions;
    long finishes;
    long prefixReuseHits;
    long reusedPositions;
    long prefixWaits;
    /** Prompt prefixes copied into the prefix cache before their slot was overwritten. */
    long parked;
    /** Requests that started from a prefix copied out of the prefix cache. */
    long cacheCopies;
    long decodeCalls;
    long imageDecodeCalls;
    long imagesDecodedTogether;
    long steps;
    long stepNanos;
    long visionWaitNanos;
    long decodeNanos;
    long imageDecodeNanos;
    long sampleNanos;
    long batchTokens;
    long completed;
    long failed;
    long promptPositionsDecoded;
    long generatedTokens;
    long decodeSequences;
    long backlogDecodeCalls;
    long backlogDecodeSequences;
    private final MinimumPositions minimum = new MinimumPositions();
    private final Set<String> images = new HashSet<>();

    /** An admitted request's prompt: adds to the minimum of its group and to the distinct images. */
    void admitted(GenerationRequest request, PreparedPrompt prompt) {
        minimum.add(request.group(), prompt.prefix());
        for (PromptPrefix.Segment segment : prompt.prefix().segments()) {
            if (segment instanceof PromptPrefix.Image image && !image.hash().isEmpty()) {
                images.add(image.hash());
            }
        }
    }

    /** A token batch of {@code tokens} tokens of {@code sequences} sequences goes to {@code llama_decode}. */
    void decoding(int sequences, int tokens, boolean backlog) {
        decodeCalls++;
        batchTokens += tokens;
        decodeSequences += sequences;
        if (backlog) {
            backlogDecodeCalls++;
            backlogDecodeSequences += sequences;
        }
    }

    /** A prefix of {@code positions} KV positions was taken instead of decoded (0: none). */
    void reused(int positions) {
        if (positions > 0) {
            prefixReuseHits++;
            reusedPositions += positions;
        }
    }

    WorkCounts work(PromptPreparer preparer) {
        return new WorkCounts(promptPositionsDecoded, minimum.total(), images.size(), preparer.encoderCalls(),
                imageDecodeCalls, generatedTokens, decodeCalls, decodeSequences, batchTokens, backlogDecodeCalls,
                backlogDecodeSequences, parked, cacheCopies, minimum.images());
    }

    /** The counters with the preparer's image counters and both threads' preparation times beside them. */
    GenerationStats snapshot(PromptPreparer preparer, PreparationTimes admission, PreparationTimes ahead) {
        return new GenerationStats(decodeCalls, imageDecodeCalls, imagesDecodedTogether, preparer.imagesEncoded(),
                preparer.encoderCalls(), preparer.cacheHits(), completed, failed, steps, stepNanos, decodeNanos,
                preparer.encodeNanos(), imageDecodeNanos, sampleNanos, visionWaitNanos, batchTokens, prefixReuseHits,
                reusedPositions, prefixWaits, admission, ahead, work(preparer));
    }
}
