package org.eibench.kernels.llama;

/**
 * The numbered outcomes of {@code llama_decode} (llama.h), as types.
 *
 * <ul>
 *   <li>{@link #OK} (0);</li>
 *   <li>{@link #NO_KV_SLOT} (1): no room in the KV cache for the batch; the memory state is unchanged, so a
 *       scheduler can shrink the batch or free sequences and retry;</li>
 *   <li>{@link #ABORTED} (2): the abort callback stopped it; processed micro-batches stay in memory;</li>
 *   <li>{@link #INVALID_BATCH} (-1): the batch was rejected (token, sequence or position check failed);</li>
 *   <li>{@link #FATAL} (below -1): a backend error; processed micro-batches stay in memory.</li>
 * </ul>
 */
public enum DecodeStatus {
    OK, NO_KV_SLOT, ABORTED, INVALID_BATCH, FATAL;

    /** Maps a {@code llama_decode} return code. Other positive codes are warnings llama.h does not name: FATAL. */
    public static DecodeStatus of(int code) {
        return switch (code) {
            case 0 -> OK;
            case 1 -> NO_KV_SLOT;
            case 2 -> ABORTED;
            case -1 -> INVALID_BATCH;
            default -> FATAL;
        };
    }

    /** Whether the memory state is as before the call, so the same work can be retried differently. */
    public boolean retryable() {
        return this == NO_KV_SLOT;
    }
}
