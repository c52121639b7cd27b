package org.eibench.models.vlm;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one way to drive a model: callers on any thread submit requests (a conversation with its images, or a raw
 * prompt, and sampling settings) and get futures of their generations (text, tokens, prompt and generated token
 * counts); up to {@link #parallelism()} requests decode together, the rest wait in FIFO order.
 *
 * <p>{@link VisionLanguageModel#service()} is the local implementation (continuous batching over llama.cpp);
 * {@code org.eibench.models.openai.OpenAiChatService} sends the requests to an OpenAI-compatible server. Nothing
 * above this interface (the runner, the judge) knows which one runs.
 */
public interface GenerationService extends AutoCloseable {
    /** Queues a request; the future completes with its generation, or exceptionally with its failure. */
    CompletableFuture<Generation> submit(GenerationRequest request);

    /**
     * The exact prompt text a request is sent as (its chat template applied, media markers in), for the records; a
     * backend that renders on its side gives its best rendering of the same conversation.
     */
    String renderPrompt(GenerationRequest request);

    /** Requests generated at the same time. */
    int parallelism();

    /** Why the service stopped serving, or empty while it serves; after a failure every request fails. */
    Optional<Throwable> failure();

    /** Tokens generated so far (for throughput figures). */
    long generatedTokens();

    /** Prompt tokens (text and image positions) prefilled so far. */
    long promptTokens();

    /** The scheduler's counters (all zero where the backend does not report them). */
    GenerationStats stats();

    /** Stops serving; requests not finished by then, and later submissions, fail. */
    @Override
    void close();
}
