package org.eibench.models.vlm;

import java.util.Arrays;

/**
 * How the context's KV cells are laid out over its sequences (llama.cpp's {@code kv_unified}), which decides how a
 * prefix is shared (see docs/performance.md, "Prefix cache").
 */
public enum KvLayout {
    /**
     * Each sequence is its own KV stream of {@code n_ctx / n_seq_max} cells: a sequence's cells depend only on its own
     * history, so greedy answers do not depend on the schedule; a prefix copy duplicates a whole stream, and each
     * prefix-cache sequence costs a full stream.
     */
    PER_SEQUENCE("per-sequence"),
    /**
     * One buffer of cells shared by all sequences: a prefix copy only adds a sequence id to its cells and the cache
     * costs only the cells it holds, but a sequence's cells sit at schedule-dependent indices among the others' and
     * every token attends over all sequences' cells (masked).
     */
    UNIFIED("unified");

    private final String id;

    KvLayout(String id) {
        this.id = id;
    }

    /** The command-line name. */
    public String id() {
        return id;
    }

    /** The layout named {@code id} ({@code per-sequence} or {@code unified}). */
    public static KvLayout of(String id) {
        return Arrays.stream(values()).filter(layout -> layout.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the KV layout must be per-sequence or unified, got '"
                        + id + "'"));
    }
}
