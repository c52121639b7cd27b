package org.eibench.models.vlm;

/**
 * Where a {@link BatchGenerator} prepares requests ({@link PromptPreparer}); greedy answers and the schedule are the
 * same in the first two, which differ only in which thread does the work.
 */
public enum Preparation {
    /** All of it at admission, on the decoding thread. */
    INLINE,
    /**
     * Image reading, tokenization ({@code mtmd_tokenize}'s preprocessing) and the rest on a stage thread ahead of
     * admission, while the decoding thread decodes; the vision encoder at admission on the decoding thread, for the
     * same groups of requests as {@link #INLINE}.
     */
    TOKENIZE_AHEAD,
    /** Everything, the vision encoder too, on the stage thread ahead of admission ({@code --vision-ahead on}). */
    ENCODE_AHEAD
}
