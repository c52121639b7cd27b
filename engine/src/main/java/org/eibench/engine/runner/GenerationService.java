package org.eibench.engine.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eibench.models.vlm.BatchGenerator;
import org.eibench.models.vlm.Generation;
import org.eibench.models.vlm.GenerationRequest;
import org.eibench.models.vlm.VisionLanguageModel;

/**
 * The continuous-batching scheduler: one driver thread owns the model's {@link BatchGenerator} and steps it while any
 * request is running; callers on any thread {@link #submit} requests and get futures.
 *
 * <p>Each step is one {@code llama_decode} carrying the prefill and decode tokens of every active sequence; a
 * finished sequence's slot is refilled with the next waiting request at the very next step, because every request
 * submitted meanwhile is handed to the generator before that step.
 */
public final class GenerationService implements AutoCloseable {
    private record Job(GenerationRequest request, CompletableFuture<Generation> result) {}

    private static final Job STOP = new Job(null, null);

    private final VisionLanguageModel model;
    private final BatchGenerator generator;
    private final LinkedBlockingQueue<Job> inbox = new LinkedBlockingQueue<>();
    private final Thread driver;
    private final AtomicLong generatedTokens = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private volatile Throwable driverFailure;

    public GenerationService(VisionLanguageModel model, String name) {
        this.model = model;
        this.generator = model.batchGenerator();
        this.driver = Thread.ofPlatform().name("decode-" + name).daemon(true).start(this::drive);
    }

    /** The exact prompt text the request is tokenized from (the model's chat template applied, media markers in). */
    public String renderPrompt(GenerationRequest request) {
        return model.renderPrompt(request);
    }

    /** Queues a request; the future completes with its generation, or exceptionally with its failure. */
    public CompletableFuture<Generation> submit(GenerationRequest request) {
        CompletableFuture<Generation> result = new CompletableFuture<>();
        if (driverFailure != null) {
            result.completeExceptionally(new IllegalStateException("the decode thread stopped", driverFailure));
        } else {
            inbox.add(new Job(request, result));
        }
        return result;
    }

    /** Why the decode thread stopped, or empty while it runs; after a failure every request fails. */
    public java.util.Optional<Throwable> failure() {
        return java.util.Optional.ofNullable(driverFailure);
    }

    /** Tokens generated so far (for throughput figures). */
    public long generatedTokens() {
        return generatedTokens.get();
    }

    /** Prompt tokens (text and image positions) prefilled so far. */
    public long promptTokens() {
        return promptTokens.get();
    }

    public BatchGenerator.Stats stats() {
        return generator.stats();
    }

    private void drive() {
        List<Job> running = new ArrayList<>();
        try {
            while (true) {
                // block only when the generator has nothing to do; otherwise take what has arrived and step
                Job first = generator.isIdle() ? inbox.take() : inbox.poll();
                List<Job> arrived = new ArrayList<>();
                if (first != null) {
                    arrived.add(first);
                    inbox.drainTo(arrived);
                }
                for (Job job : arrived) {
                    if (job == STOP) {
                        IllegalStateException closed = new IllegalStateException("the generation service was closed");
                        running.forEach(j -> j.result().completeExceptionally(closed));
                        failAll(inbox, closed);
                        return;
                    }
                    running.add(job);
                    generator.submit(job.request(), r -> {
                        running.remove(job);
                        if (r.succeeded()) {
                            generatedTokens.addAndGet(r.generation().generatedTokens());
                            promptTokens.addAndGet(r.generation().promptTokens());
                            job.result().complete(r.generation());
                        } else {
                            job.result().completeExceptionally(r.failure());
                        }
                    });
                }
                generator.step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            driverFailure = t;
            running.forEach(j -> j.result().completeExceptionally(t));
            failAll(inbox, t);
        }
    }

    private static void failAll(LinkedBlockingQueue<Job> queue, Throwable cause) {
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        left.stream().filter(j -> j != STOP).forEach(j -> j.result().completeExceptionally(cause));
    }

    /** Stops the driver; requests not finished by then, and later submissions, fail. */
    @Override
    public void close() throws InterruptedException {
        inbox.add(STOP);
        driver.join();
    }
}
