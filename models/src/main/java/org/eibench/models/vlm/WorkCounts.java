package org.eibench.models.vlm;

import java.util.Locale;

/**
 * What a scheduler computed, in counts that decide accelerator time and that any machine can check: prompt positions
 * decoded against the least that the prompts need, image encodes and image prefills against the distinct images, and
 * how full each {@code llama_decode} call of token batches was.
 *
 * @param promptPositionsDecoded prompt positions decoded into the LLM (text tokens and image positions)
 * @param minimumPromptPositions the least possible: per request group (a sample), the size of a token trie over its
 *     prompts, an image counting its positions ({@link MinimumPositions})
 * @param distinctImages distinct images (by content hash) in the admitted prompts
 * @param imageEncoderCalls vision-encoder calls
 * @param imagePrefills image encodings decoded into the LLM (one per image prompt part not taken from KV cells)
 * @param generatedTokens tokens sampled
 * @param decodeCalls {@code llama_decode} calls of token batches (image prefills are their own calls, not counted)
 * @param decodeSequences sequences over all those calls (a sequence counts once per call it is in)
 * @param decodeTokens tokens over all those calls
 * @param backlogDecodeCalls calls made while requests waited for a slot (the steady part of a run)
 * @param backlogDecodeSequences sequences over those calls
 * @param prefixesCached prompt prefixes copied into the prefix cache before their slot was taken by another request
 * @param cacheCopies requests that started from a prefix copied out of the prefix cache
 * @param minimumImagePrefills the least image prefills: the image edges of the per-group tries (an image needs a
 *     prefill of its own after each distinct text before it)
 */
public record WorkCounts(long promptPositionsDecoded, long minimumPromptPositions, long distinctImages,
        long imageEncoderCalls, long imagePrefills, long generatedTokens, long decodeCalls, long decodeSequences,
        long decodeTokens, long backlogDecodeCalls, long backlogDecodeSequences, long prefixesCached,
        long cacheCopies, long minimumImagePrefills) {
    /** No work counted: a backend that does not schedule the decoding itself (a served model). */
    public static final WorkCounts NONE = new WorkCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** These counts and {@code more} together (two sessions of one run, or two models of one pass). */
    public WorkCounts plus(WorkCounts more) {
        return new WorkCounts(promptPositionsDecoded + more.promptPositionsDecoded,
                minimumPromptPositions + more.minimumPromptPositions, distinctImages + more.distinctImages,
                imageEncoderCalls + more.imageEncoderCalls, imagePrefills + more.imagePrefills,
                generatedTokens + more.generatedTokens, decodeCalls + more.decodeCalls,
                decodeSequences + more.decodeSequences, decodeTokens + more.decodeTokens,
                backlogDecodeCalls + more.backlogDecodeCalls, backlogDecodeSequences + more.backlogDecodeSequences,
                prefixesCached + more.prefixesCached, cacheCopies + more.cacheCopies,
                minimumImagePrefills + more.minimumImagePrefills);
    }

    /** These counts less {@code before} (a run's share of a model's counters). */
    public WorkCounts minus(WorkCounts before) {
        return new WorkCounts(promptPositionsDecoded - before.promptPositionsDecoded,
                minimumPromptPositions - before.minimumPromptPositions, distinctImages - before.distinctImages,
                imageEncoderCalls - before.imageEncoderCalls, imagePrefills - before.imagePrefills,
                generatedTokens - before.generatedTokens, decodeCalls - before.decodeCalls,
                decodeSequences - before.decodeSequences, decodeTokens - before.decodeTokens,
                backlogDecodeCalls - before.backlogDecodeCalls, backlogDecodeSequences - before.backlogDecodeSequences,
                prefixesCached - before.prefixesCached, cacheCopies - before.cacheCopies,
                minimumImagePrefills - before.minimumImagePrefills);
    }

    /** Prompt positions decoded per position needed (1 = nothing computed twice). */
    public double promptPositionRatio() {
        return ratio(promptPositionsDecoded, minimumPromptPositions);
    }

    /** Mean sequences per decode call. */
    public double meanSequencesPerDecode() {
        return ratio(decodeSequences, decodeCalls);
    }

    /** Mean tokens per decode call. */
    public double meanTokensPerDecode() {
        return ratio(decodeTokens, decodeCalls);
    }

    /** Mean sequences per decode call while requests waited for a slot. */
    public double backlogSequencesPerDecode() {
        return ratio(backlogDecodeSequences, backlogDecodeCalls);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    /** One line of these counts for the pass {@code pass} run with {@code parallel} sequences, as bench and score print it. */
    public String describe(String pass, int parallel) {
        return String.format(Locale.ROOT, "work %s: prompt positions decoded %d, minimum %d (%.3fx);"
                + " image encoder calls %d, image prefills %d (minimum %d), distinct images %d; generated tokens %d;"
                + " llama_decode calls %d, mean sequences %.2f and tokens %.1f per call (of %d),"
                + " %.2f sequences per call while requests waited (%d calls)", pass, promptPositionsDecoded(),
                minimumPromptPositions(), promptPositionRatio(), imageEncoderCalls(), imagePrefills(),
                minimumImagePrefills(), distinctImages(), generatedTokens(), decodeCalls(), meanSequencesPerDecode(),
                meanTokensPerDecode(), parallel, backlogSequencesPerDecode(), backlogDecodeCalls());
    }
}
