package org.eibench.models.vlm;

/** Why generation of one answer ended. */
public enum StopReason {
    /** The model produced an end-of-generation token (EOS, EOT, ...); it is not part of the text. */
    EOG,
    /** {@link SamplingParams#maxTokens()} tokens were generated. */
    MAX_TOKENS,
    /** The text reached one of the stop strings; the text is cut before it. */
    STOP_STRING,
    /** The sequence's share of the context is full. */
    CONTEXT_FULL
}
