package org.eibench.models.vlm;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every {@link GenerationService} keeps the same way, whatever answers its requests: the token counts of the
 * generations it finished, and the failure that stopped it. A backend adds each finished generation with
 * {@link #count} and reports why it stopped with {@link #stop}.
 */
public abstract class AbstractGenerationService implements GenerationService {
    private final AtomicLong generatedTokens = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Adds a finished generation's prompt and generated tokens to the counts. */
    protected final void count(Generation generation) {
        generatedTokens.addAndGet(generation.generatedTokens());
        promptTokens.addAndGet(generation.promptTokens());
    }

    /**
     * Records why the service stopped serving; the first reason stays.
     *
     * @return whether {@code why} is that first reason
     */
    protected final boolean stop(Throwable why) {
        return failure.compareAndSet(null, why);
    }

    @Override
    public final Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public final long generatedTokens() {
        return generatedTokens.get();
    }

    @Override
    public final long promptTokens() {
        return promptTokens.get();
    }
}
