package org.eibench.models.vlm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares requests on its own thread, ahead of the decoding thread, while the decoding thread keeps decoding: reads
 * and resizes images and tokenizes ({@link PromptPreparer#tokenizeAll}), and, when the stage encodes too, runs the
 * vision encoder ({@link PromptPreparer#prepareAll}); which of the two is the caller's {@code prepare} function.
 * Requests that arrive together are prepared as one group, so their new images share encoder calls where the model
 * allows.
 *
 * <p>Results come out in submission order. At most {@code lookahead} prepared requests wait to be taken, which bounds
 * the native memory (chunks, encodings) held ahead of admission.
 *
 * @param <T> what the caller attaches to each request and gets back with its result
 */
final class VisionStage<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VisionStage.class);
    /** Most requests prepared in one group. */
    private static final int MAX_GROUP = 16;

    /** A request's attachment and its preparation result. */
    record Ready<T>(T tag, PromptPreparer.Result result) {
    }

    private final Function<List<GenerationRequest>, List<PromptPreparer.Result>> prepare;
    private final Function<T, GenerationRequest> requestOf;
    private final LinkedBlockingQueue<T> incoming = new LinkedBlockingQueue<>();
    private final LinkedBlockingDeque<Ready<T>> ready = new LinkedBlockingDeque<>();
    private final Semaphore lookahead;
    private final Thread thread;
    /** Why the thread stopped unexpectedly; from then on every request fails at once instead of waiting forever. */
    private volatile Throwable died;

    /**
     * @param prepare prepares a group of requests ({@link PromptPreparer#prepareAll}), one result per request
     * @param requestOf the request of an attachment
     * @param lookahead most prepared requests waiting to be taken
     */
    VisionStage(Function<List<GenerationRequest>, List<PromptPreparer.Result>> prepare,
            Function<T, GenerationRequest> requestOf, int lookahead) {
        this(prepare, requestOf, lookahead, "vision-encode");
    }

    /** The same, on a thread named {@code threadName} (profiles tell the stages apart by it). */
    VisionStage(Function<List<GenerationRequest>, List<PromptPreparer.Result>> prepare,
            Function<T, GenerationRequest> requestOf, int lookahead, String threadName) {
        this.prepare = prepare;
        this.requestOf = requestOf;
        this.lookahead = new Semaphore(lookahead);
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).start(this::run);
    }

    /** Queues a request for preparation (any thread). */
    void submit(T tag) {
        incoming.add(tag);
        if (died != null) {
            failWaiting(died); // the thread is gone: nobody else would answer this request
        }
    }

    /** The next prepared request in submission order, or null when none is ready yet. */
    Ready<T> poll() {
        Ready<T> next = ready.pollFirst();
        if (next != null) {
            lookahead.release();
        }
        return next;
    }

    /**
     * The next prepared request in submission order, waiting until it is ready. Every submitted request is answered
     * (a stage that died answers with its failure), so this returns for any request submitted and not yet taken.
     */
    Ready<T> take() throws InterruptedException {
        Ready<T> next = ready.takeFirst();
        lookahead.release();
        return next;
    }

    /** Blocks until a prepared request is ready or {@code millis} have passed; takes nothing. */
    void awaitReady(long millis) throws InterruptedException {
        Ready<T> next = ready.pollFirst(millis, TimeUnit.MILLISECONDS);
        if (next != null) {
            ready.addFirst(next);
        }
    }

    private void run() {
        try {
            while (true) {
                lookahead.acquire();
                List<T> group = new ArrayList<>();
                group.add(incoming.take());
                // requests that have already arrived join the group while the lookahead allows
                while (group.size() < MAX_GROUP && !incoming.isEmpty() && lookahead.tryAcquire()) {
                    T next = incoming.poll();
                    if (next == null) {
                        lookahead.release();
                        break;
                    }
                    group.add(next);
                }
                List<PromptPreparer.Result> results;
                try {
                    results = prepare.apply(group.stream().map(requestOf).toList());
                } catch (RuntimeException | Error e) {
                    LOG.error("preparing {} request(s) failed", group.size(), e);
                    results = group.stream().map(t -> new PromptPreparer.Result(null, asRuntime(e))).toList();
                    if (e instanceof Error error) {
                        died = error;
                    }
                }
                for (int i = 0; i < group.size(); i++) {
                    ready.addLast(new Ready<>(group.get(i), results.get(i)));
                }
                if (died != null) {
                    failWaiting(died);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Answers every request still waiting for preparation with the vision stage's fatal failure. */
    private synchronized void failWaiting(Throwable cause) {
        List<T> waiting = new ArrayList<>();
        incoming.drainTo(waiting);
        for (T tag : waiting) {
            ready.addLast(new Ready<>(tag, new PromptPreparer.Result(null, asRuntime(cause))));
        }
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException e ? e
                : new IllegalStateException("the vision stage stopped: " + t, t);
    }

    /**
     * Stops the thread (after an encode in progress), frees the prepared requests nobody took, and returns the
     * attachments of every request that will not be prepared or taken.
     */
    List<T> closeAndDrain() {
        thread.interrupt();
        try {
            thread.join(TimeUnit.MINUTES.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the vision thread did not stop; the native memory of its requests is not freed");
            return List.of();
        }
        List<T> dropped = new ArrayList<>();
        for (Ready<T> left : ready) {
            dropped.add(left.tag());
            if (left.result().prompt() != null) {
                left.result().prompt().close();
            }
        }
        ready.clear();
        incoming.drainTo(dropped);
        return dropped;
    }

    @Override
    public void close() {
        closeAndDrain();
    }
}
