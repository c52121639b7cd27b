package org.eibench.models.vlm;

/**
 * Where one thread's request preparation went, in wall nanoseconds ({@link PromptPreparer}): reading and decoding
 * image files into bitmaps ({@code mtmd_helper_bitmap_init_*}), {@code mtmd_tokenize} (the image preprocessing:
 * resize and normalise, and text tokenization), the vision encoder, and the rest, which is Java (prompt rendering,
 * checks, building the sampler chain, grouping).
 *
 * @param requests requests prepared
 * @param totalNanos all of the preparation calls
 * @param imageReadNanos image files read and decoded into bitmaps
 * @param tokenizeNanos {@code mtmd_tokenize} (or the text tokenizer of a text-only model)
 * @param encodeNanos vision-encoder calls
 */
public record PreparationTimes(long requests, long totalNanos, long imageReadNanos, long tokenizeNanos,
        long encodeNanos) {
    public static final PreparationTimes NONE = new PreparationTimes(0, 0, 0, 0, 0);

    /** The native part: image reading, tokenization and encoding. */
    public long nativeNanos() {
        return imageReadNanos + tokenizeNanos + encodeNanos;
    }

    /** The Java part: everything but the native calls. */
    public long javaNanos() {
        return totalNanos - nativeNanos();
    }

    /** These times less {@code earlier}'s (a run's share of a longer-lived counter). */
    public PreparationTimes minus(PreparationTimes earlier) {
        return new PreparationTimes(requests - earlier.requests, totalNanos - earlier.totalNanos,
                imageReadNanos - earlier.imageReadNanos, tokenizeNanos - earlier.tokenizeNanos,
                encodeNanos - earlier.encodeNanos);
    }

    /**
     * The running counter one thread adds to ({@link PromptPreparer}); any thread may read a {@link #snapshot}.
     * Single writer: each field is added to by the preparing thread only.
     */
    static final class Clock {
        private volatile long requests;
        private volatile long totalNanos;
        private volatile long imageReadNanos;
        private volatile long tokenizeNanos;
        private volatile long encodeNanos;

        void prepared(int count, long nanos) {
            requests += count;
            totalNanos += nanos;
        }

        void imageRead(long nanos) {
            imageReadNanos += nanos;
        }

        void tokenized(long nanos) {
            tokenizeNanos += nanos;
        }

        void encoded(long nanos) {
            encodeNanos += nanos;
        }

        PreparationTimes snapshot() {
            return new PreparationTimes(requests, totalNanos, imageReadNanos, tokenizeNanos, encodeNanos);
        }
    }
}
