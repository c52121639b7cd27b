package org.eibench.models.vlm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The continuous-batching scheduler: one driver thread owns the model's {@link BatchGenerator} and steps it while any
 * request is running; callers on any thread submit requests and get futures.
 *
 * <p>Each step is one {@code llama_decode} carrying the prefill and decode tokens of every active sequence; a
 * finished sequence's slot is refilled with the next waiting request at the very next step, because every request
 * submitted meanwhile is handed to the generator before that step. The driver thread starts with the first request.
 */
final class ContinuousBatchingService extends AbstractGenerationService {
    /** A submitted request; {@code logits} (or null) collects the logits row of every sampled step. */
    private record Job(GenerationRequest request, CompletableFuture<BatchResult> result, List<float[]> logits) {}

    private static final Job STOP = new Job(null, null, null);

    private final PromptRenderer renderer;
    private final BatchGenerator generator;
    private final String name;
    private final LinkedBlockingQueue<Job> inbox = new LinkedBlockingQueue<>();
    private Thread driver;
    private boolean closed;

    ContinuousBatchingService(BatchGenerator generator, PromptRenderer renderer, String name) {
        this.generator = generator;
        this.renderer = renderer;
        this.name = name;
    }

    @Override
    public String renderPrompt(GenerationRequest request) {
        return renderer.render(request);
    }

    @Override
    public CompletableFuture<Generation> submit(GenerationRequest request) {
        return submitForResult(request, null).thenCompose(r -> r.succeeded()
                ? CompletableFuture.completedFuture(r.generation()) : CompletableFuture.failedFuture(r.failure()));
    }

    /**
     * Queues a request; the future completes with its result (a failed request is a failed result, not an exceptional
     * future, unless the service itself stopped).
     */
    CompletableFuture<BatchResult> submitForResult(GenerationRequest request, List<float[]> logits) {
        CompletableFuture<BatchResult> result = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("the generation service was closed"));
                return result;
            }
            if (driver == null) {
                driver = Thread.ofPlatform().name("decode-" + name).daemon(true).start(this::drive);
            }
        }
        Optional<Throwable> driverFailure = failure();
        if (driverFailure.isPresent()) {
            result.completeExceptionally(new IllegalStateException("the decode thread stopped", driverFailure.get()));
        } else {
            inbox.add(new Job(request, result, logits));
        }
        return result;
    }

    @Override
    public int parallelism() {
        return generator.parallelism();
    }

    @Override
    public GenerationStats stats() {
        return generator.stats();
    }

    private void drive() {
        List<Job> running = new ArrayList<>();
        List<Job> arrived = new ArrayList<>();
        try {
            while (true) {
                // block only when the generator has nothing to do; otherwise take what has arrived and step
                Job first = generator.isIdle() ? inbox.take() : inbox.poll();
                arrived.clear();
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
                            count(r.generation());
                        }
                        job.result().complete(r);
                    }, job.logits());
                }
                generator.step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            stop(t);
            running.forEach(j -> j.result().completeExceptionally(t));
            failAll(inbox, t);
        }
    }

    private static void failAll(LinkedBlockingQueue<Job> queue, Throwable cause) {
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        left.stream().filter(j -> j != STOP).forEach(j -> j.result().completeExceptionally(cause));
    }

    /** Stops the driver (waiting for it); idempotent. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = driver;
        }
        if (running == null) {
            return;
        }
        inbox.add(STOP);
        try {
            running.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
