package org.eibench.models.scorer;

/** How a transformer's per-token hidden states become one sentence vector. */
public enum Pooling {
    /** Mean over the real (unpadded) tokens, then scaled to unit length: sentence-transformers' recipe for MiniLM. */
    MEAN_L2,
    /** The hidden state of the first ({@code [CLS]}) token, unnormalised: what EIBench's long_term_scores.py uses. */
    CLS
}
