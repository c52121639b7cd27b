package org.eibench.models.scorer;

/** One padded batch of token ids, row-major {@code [size, length]}; mask 1 marks real tokens. */
record TokenBatch(long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int size, int length) {}
