package org.eibench.models.vlm;

/**
 * The outcome of one request in a {@link BatchGenerator}: a generation, or the reason it failed.
 *
 * @param request the request as submitted
 * @param generation the answer, or null when it failed
 * @param failure why it failed (bad image, prompt too long, ...), or null
 */
public record BatchResult(GenerationRequest request, Generation generation, RuntimeException failure) {
    public BatchResult {
        if ((generation == null) == (failure == null)) {
            throw new IllegalArgumentException("a result has either a generation or a failure");
        }
    }

    public boolean succeeded() {
        return generation != null;
    }

    /** The generation, or the failure rethrown. */
    public Generation orThrow() {
        if (failure != null) {
            throw failure;
        }
        return generation;
    }
}
