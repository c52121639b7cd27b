package org.eibench.models.vlm;

/**
 * Sizes the KV cache to the memory that is free once the model is loaded, instead of letting llama.cpp fail to
 * allocate it: keeps each sequence's context and runs fewer sequences in parallel, or, when not even one sequence
 * fits, gives the one sequence what fits (down to a floor).
 *
 * @param parallel sequences decoded together
 * @param contextSize KV cells in all
 * @param adjustment why the request was changed, or null when it fits as asked
 */
public record KvCacheFit(int parallel, int contextSize, String adjustment) {
    /** Fewest cells a sequence must have: a LLaVA-1.5 prompt alone is about 640 positions. */
    static final int MIN_CELLS_PER_SEQUENCE = 1024;

    /**
     * @param parallel sequences asked for
     * @param contextSize cells asked for in all
     * @param bytesPerCell bytes of one KV cell
     * @param budgetBytes bytes the cache may take
     * @param where where the budget comes from, for messages (e.g. "free on CUDA0 after loading the model")
     * @throws IllegalArgumentException when not even {@link #MIN_CELLS_PER_SEQUENCE} cells fit
     */
    static KvCacheFit fit(int parallel, int contextSize, long bytesPerCell, long budgetBytes, String where) {
        if (parallel < 1 || contextSize < parallel || bytesPerCell < 1) {
            throw new IllegalArgumentException("bad KV request: " + parallel + " sequences, " + contextSize
                    + " cells, " + bytesPerCell + " bytes per cell");
        }
        long maxCells = Math.max(0, budgetBytes) / bytesPerCell;
        if (contextSize <= maxCells) {
            return new KvCacheFit(parallel, contextSize, null);
        }
        int perSequence = contextSize / parallel;
        String asked = parallel + " x " + perSequence + " cells (" + gib((long) contextSize * bytesPerCell) + ")";
        if (maxCells >= perSequence) {
            int fewer = (int) Math.min(parallel, maxCells / perSequence);
            return new KvCacheFit(fewer, fewer * perSequence, "KV cache of " + asked + " does not fit the "
                    + gib(budgetBytes) + " " + where + ": running " + fewer + " sequences of " + perSequence
                    + " cells instead (use --parallel " + fewer + " to ask for that)");
        }
        if (maxCells >= MIN_CELLS_PER_SEQUENCE) {
            return new KvCacheFit(1, (int) maxCells, "KV cache of " + asked + " does not fit the " + gib(budgetBytes)
                    + " " + where + ": running 1 sequence of " + maxCells + " cells instead");
        }
        throw new IllegalArgumentException("the KV cache does not fit: even one sequence of " + MIN_CELLS_PER_SEQUENCE
                + " cells needs " + gib(MIN_CELLS_PER_SEQUENCE * bytesPerCell) + " but only " + gib(budgetBytes)
                + " are " + where + "; offload fewer layers (-ngl), use a smaller quantisation, or free memory");
    }

    /** GiB with two decimals, or MiB below one GiB (small models and caps would read as 0.00 GiB). */
    private static String gib(long bytes) {
        double gib = bytes / (1024.0 * 1024 * 1024);
        return gib >= 1 ? String.format(java.util.Locale.ROOT, "%.2f GiB", gib)
                : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
