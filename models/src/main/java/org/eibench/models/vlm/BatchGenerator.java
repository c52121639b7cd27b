package org.eibench.models.vlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.eibench.kernels.llama.DecodeStatus;
import org.eibench.kernels.llama.LlamaBatch;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.kernels.llama.LlamaException;
import org.eibench.kernels.llama.LlamaVocab;
import org.eibench.kernels.llama.MtmdContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes many requests together over one llama.cpp context: the primitive a continuous-batching scheduler drives.
 *
 * <p>The context holds N sequences ({@code n_seq_max}); each sequence id is a <em>slot</em>. Requests wait in FIFO
 * order ({@link #submit}) and are <em>prepared</em> ({@link PromptPreparer}): tokenized, their images read and
 * encoded once each (a bounded LRU cache keyed by the image's SHA-256; the new images of requests prepared together
 * share encoder calls where the model allows). Preparation runs either at admission on the calling thread, or ahead
 * of it on the vision stage's own thread ({@link VisionStage}, {@link VlmSpec#visionAheadEnabled}).
 * Each {@link #step()}:
 * <ol>
 *   <li>admits prepared requests into free slots, reusing KV cells of a shared prompt prefix (see below); a request
 *       whose preparation failed (unreadable image, prompt longer than a slot's context, no mmproj) is reported as a
 *       failed {@link BatchResult} at once and takes no slot;</li>
 *   <li>for each slot whose next prompt part is an image: decodes its encoding into that slot at its position
 *       ({@code mtmd_helper_decode_image_chunk}). Embedding batches cannot share a {@code llama_batch} with token
 *       ids, so each image is its own decode call;</li>
 *   <li>builds ONE token batch holding the next token of every generating slot and as many prompt tokens of
 *       prefilling slots as still fit {@code n_batch} (in admission order), and runs ONE {@code llama_decode};</li>
 *   <li>samples each slot that produced logits with its own sampler chain (seeded from its request), and finishes a
 *       slot on an end-of-generation token, {@code maxTokens}, a stop string or a full context. A finished slot's
 *       result goes to the request's callback at once and the slot is refilled on the next step.</li>
 * </ol>
 * A decode that finds no KV room ({@link DecodeStatus#NO_KV_SLOT}) leaves the cache unchanged; the slot holding the
 * most cells is failed and the others retry on the next step. Any other decode failure fails the slots that were in
 * that batch; the rest continue.
 *
 * <p>Prefix reuse ({@link VlmSpec#prefixReuse()}, on by default): a finished slot keeps its KV cells and remembers
 * the prompt parts (text token ids, images by content hash) they hold, up to the first generated token. An admitted
 * request takes the free slot whose cells share its longest prefix and removes the rest ({@code seq_rm}); when an
 * active sequence has already decoded a prefix at least {@link #MIN_COPY_POSITIONS} longer, the least recently used
 * free slot gets a copy of that sequence ({@code seq_cp} of the whole sequence, the only cross-sequence copy
 * llama.cpp does without a unified KV cache, then {@code seq_rm} of the tail). An image counts only as a whole, and
 * the last prompt token is always decoded so that its logits give the first sampled token. A request whose prefix an
 * active sequence is still prefilling (e.g. CFSA's questions on one image, admitted together) waits in its slot,
 * decoding nothing, until that <em>leader</em> has decoded the shared positions, then copies them; if the leader
 * stops first (fails, or its slot is reused), the waiting request takes what is left, possibly nothing.
 *
 * <p>Determinism: at temperature 0 each answer depends only on its own request, not on N, admission order, which
 * other sequences share a batch or whether its prefix was reused (tested), up to floating-point ties that differ
 * between batch shapes. This holds on the CPU because flash attention is off there by default
 * ({@link VlmSpec#flashAttentionFor}): with it, logits depend on the batch shape, and a reused prefix (computed in
 * another batch than a full prefill would be) could change a greedy answer.
 *
 * <p>Not thread-safe: one thread calls {@link #submit}, {@link #step()} and friends; callbacks run on that thread
 * (the vision stage only prepares, and hands prepared requests over through a queue).
 * Obtain one from {@link VisionLanguageModel#batchGenerator()}.
 */
public final class BatchGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(BatchGenerator.class);
    /**
     * Least gain, in positions, for which a request takes its prefix from another sequence: such a copy duplicates that
     * sequence's whole KV stream (every layer), which only pays off against a real prefill.
     */
    static final int MIN_COPY_POSITIONS = 32;
    /** Fewest prepared requests the vision stage may keep ready ahead of admission (twice the slots otherwise). */
    private static final int LOOKAHEAD_MIN = 4;
    /** How long an otherwise idle step waits for the vision stage before returning to its caller. */
    private static final long READY_WAIT_MILLIS = 5;

    /**
     * Counters since creation; {@code prefixWaits} counts requests that waited for another sequence to decode their
     * prefix (reuse hits count them once they copied it). Times are wall nanoseconds: {@code stepNanos} is all of
     * {@link #step()} but its waits for the vision stage, the others the native calls inside it, so
     * {@code stepNanos - nativeNanos()} is the Java side of the loop. With {@code visionAhead}, image encoding runs
     * on the vision thread, outside {@code stepNanos}.
     */
    public record Stats(long decodeCalls, long imageDecodeCalls, long imagesEncoded, long imageEncoderCalls,
            long imageCacheHits,
            long completed, long failed, long stepNanos, long decodeNanos, long imageEncodeNanos,
            long imageDecodeNanos, long sampleNanos, long batchTokens, long prefixReuseHits, long reusedPositions,
            long prefixWaits, boolean visionAhead) {
        /** Time the decoding thread spent in llama.cpp and libmtmd calls (encoding only without the vision stage). */
        public long nativeNanos() {
            return decodeNanos + (visionAhead ? 0 : imageEncodeNanos) + imageDecodeNanos + sampleNanos;
        }
    }

    /** A queued request. */
    private static final class Pending {
        final GenerationRequest request;
        final Consumer<BatchResult> callback;
        final List<float[]> logitTrace;

        Pending(GenerationRequest request, Consumer<BatchResult> callback, List<float[]> logitTrace) {
            this.request = request;
            this.callback = callback;
            this.logitTrace = logitTrace;
        }
    }

    /**
     * Where an admitted request's KV prefix comes from: {@code source}'s first {@code positions} positions, which
     * {@code source} holds now, or only once it has decoded them ({@code awaited}).
     */
    private record Reuse(Slot target, Slot source, int positions, boolean awaited) {
        Reuse(Slot target, Slot source, int positions) {
            this(target, source, positions, false);
        }
    }

    /** The state of one sequence id. */
    private static final class Slot {
        final int seq;
        Pending pending;
        /** The request's prompt while active; once free, what its KV cells still hold (up to {@code retained}). */
        PromptPrefix prefix = PromptPrefix.EMPTY;
        int retained;
        long lastUsed = -1;
        /** The admitted request's prompt; the slot owns it and closes it on release. */
        PreparedPrompt prompt;
        int partIndex;
        int offset;
        int planned;
        int position;
        int promptPositions;
        final List<Integer> tokens = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean generating;
        int lastToken;
        int outputIndex = -1;
        long admittedNanos;
        long firstTokenNanos;
        long admissionOrder;
        /** While non-null, this slot waits for {@code leader} to decode {@code awaitedPositions} shared positions. */
        Slot leader;
        Pending leaderRequest;
        int awaitedPositions;

        Slot(int seq) {
            this.seq = seq;
        }

        boolean free() {
            return pending == null;
        }

        boolean waiting() {
            return leader != null;
        }

        /** A request that is prefilling or generating (not waiting for a leader's prefix). */
        boolean decoding() {
            return pending != null && leader == null;
        }
    }

    private final VisionLanguageModel owner;
    private final LlamaContext context;
    private final MtmdContext mtmd;
    private final LlamaVocab vocab;
    private final LlamaBatch batch;
    private final Slot[] slots;
    /** Submitted requests not yet prepared (inline preparation only). */
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final PromptPreparer preparer;
    /** The vision stage, or null when requests are prepared at admission on the decoding thread. */
    private final VisionStage<Pending> vision;
    /** Requests handed to the vision stage and not yet taken from it (decoding thread only). */
    private int preparing;
    private final int positionsPerSlot;
    private final boolean prefixReuse;
    private long admissions;
    private long finishes;
    private long prefixReuseHits;
    private long reusedPositions;
    private long prefixWaits;
    private long decodeCalls;
    private long imageDecodeCalls;
    private long stepNanos;
    private long visionWaitNanos;
    private long decodeNanos;
    private long imageDecodeNanos;
    private long sampleNanos;
    private long batchTokens;
    private long completed;
    private long failed;

    BatchGenerator(VisionLanguageModel owner, LlamaContext context, MtmdContext mtmd, int imageCacheSize,
            boolean prefixReuse, boolean visionAhead) {
        this.owner = owner;
        this.context = context;
        this.mtmd = mtmd;
        this.vocab = context.model().vocab();
        this.batch = context.newBatch(context.batchSize(), 1);
        this.slots = new Slot[context.maxSequences()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i);
        }
        this.positionsPerSlot = context.contextSizePerSequence();
        this.prefixReuse = prefixReuse;
        this.preparer = new PromptPreparer(owner, mtmd, vocab, positionsPerSlot, slots.length, imageCacheSize);
        this.vision = visionAhead ? new VisionStage<>(preparer::prepareAll, pending -> pending.request,
                Math.max(LOOKAHEAD_MIN, 2 * slots.length)) : null;
    }

    /** Number of slots (sequences decoded together). */
    public int parallelism() {
        return slots.length;
    }

    /** KV positions available to one sequence (prompt plus generated tokens). */
    public int positionsPerSequence() {
        return positionsPerSlot;
    }

    /** Requests being decoded now. */
    public int activeSequences() {
        return (int) Arrays.stream(slots).filter(s -> !s.free()).count();
    }

    /** Requests waiting for a slot (including those the vision stage is preparing). */
    public int pendingRequests() {
        return queue.size() + preparing;
    }

    /** Whether nothing is queued, being prepared or running. */
    public boolean isIdle() {
        return queue.isEmpty() && preparing == 0 && activeSequences() == 0;
    }

    /** Whether images are encoded on their own thread ahead of admission ({@link VlmSpec#visionAheadEnabled}). */
    public boolean visionAhead() {
        return vision != null;
    }

    public Stats stats() {
        return new Stats(decodeCalls, imageDecodeCalls, preparer.imagesEncoded(), preparer.encoderCalls(),
                preparer.cacheHits(), completed, failed, stepNanos, decodeNanos, preparer.encodeNanos(),
                imageDecodeNanos, sampleNanos, batchTokens, prefixReuseHits, reusedPositions, prefixWaits,
                vision != null);
    }

    /**
     * Queues a request; its result is passed to {@code onResult} (on the thread calling {@link #step()}) as soon as it
     * finishes or fails.
     */
    public void submit(GenerationRequest request, Consumer<BatchResult> onResult) {
        enqueue(new Pending(Objects.requireNonNull(request, "request"), Objects.requireNonNull(onResult,
                "onResult"), null));
    }

    /** {@link #submit} that also records the logits row of every sampled step into {@code logits}. */
    void submitTraced(GenerationRequest request, Consumer<BatchResult> onResult, List<float[]> logits) {
        enqueue(new Pending(request, onResult, logits));
    }

    private void enqueue(Pending pending) {
        if (vision == null) {
            queue.addLast(pending);
            return;
        }
        preparing++;
        vision.submit(pending);
    }

    /** Runs {@link #step()} until every queued and running request has finished. */
    public void runUntilIdle() {
        while (step()) {
            // each step admits, decodes once and samples
        }
    }

    /**
     * Runs a list of requests to completion, reporting each result as it finishes.
     *
     * @return the results in request order
     */
    public List<BatchResult> generateAll(List<GenerationRequest> requests, Consumer<BatchResult> onResult) {
        BatchResult[] results = new BatchResult[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            submit(requests.get(i), result -> {
                results[index] = result;
                if (onResult != null) {
                    onResult.accept(result);
                }
            });
        }
        runUntilIdle();
        return List.of(results);
    }

    /** Generates one request and keeps the logits of every sampled step (for parity checks); needs an idle generator. */
    LogitTrace trace(GenerationRequest request) {
        if (!isIdle()) {
            throw new IllegalStateException("trace needs an idle generator");
        }
        List<float[]> logits = new ArrayList<>();
        BatchResult[] result = new BatchResult[1];
        enqueue(new Pending(request, r -> result[0] = r, logits));
        runUntilIdle();
        return new LogitTrace(result[0].orThrow(), List.copyOf(logits));
    }

    /**
     * Does one round: admit, decode pending images, one {@code llama_decode} for all slots, sample.
     *
     * @return whether work remains (queued or running requests)
     */
    public boolean step() {
        long start = System.nanoTime();
        long waitedBefore = visionWaitNanos;
        try {
            return stepOnce();
        } finally {
            stepNanos += System.nanoTime() - start - (visionWaitNanos - waitedBefore);
        }
    }

    private boolean stepOnce() {
        admit();
        if (activeSequences() == 0 && preparing > 0) {
            awaitPrepared();
            return true;
        }
        startWaitingSlots();
        decodeImages();
        batch.clear();
        List<Slot> inBatch = fillBatch();
        if (!inBatch.isEmpty()) {
            decodeCalls++;
            batchTokens += batch.size();
            DecodeStatus status;
            long decodeStart = System.nanoTime();
            try {
                status = context.decode(batch);
                decodeNanos += System.nanoTime() - decodeStart;
            } catch (RuntimeException e) {
                inBatch.forEach(slot -> fail(slot, e));
                return !isIdle();
            }
            if (status == DecodeStatus.OK) {
                commit(inBatch);
            } else if (status == DecodeStatus.NO_KV_SLOT) {
                Slot largest = inBatch.stream().max((a, b) -> Integer.compare(a.position, b.position)).orElseThrow();
                fail(largest, new LlamaException("the KV cache is full (" + context.contextSize()
                        + " cells for " + slots.length + " sequences); this request was dropped to make room:"
                        + " use a larger context or fewer parallel sequences"));
                inBatch.forEach(slot -> slot.planned = 0);
            } else {
                LlamaException error = new LlamaException("llama_decode failed with " + status + " for a batch of "
                        + batch.size() + " tokens");
                inBatch.forEach(slot -> fail(slot, error));
            }
        }
        return !isIdle();
    }

    // ---- admission

    private void admit() {
        while (Arrays.stream(slots).anyMatch(Slot::free)) {
            if (vision != null) {
                VisionStage.Ready<Pending> next = vision.poll();
                if (next == null) {
                    return;
                }
                preparing--;
                startOrFail(next.tag(), next.result());
            } else {
                if (queue.isEmpty()) {
                    return;
                }
                // as many requests as there are free slots, prepared together (their new images share encoder calls)
                int free = (int) Arrays.stream(slots).filter(Slot::free).count();
                List<Pending> group = new ArrayList<>();
                while (group.size() < free && !queue.isEmpty()) {
                    group.add(queue.pollFirst());
                }
                List<PromptPreparer.Result> results = preparer.prepareAll(group.stream().map(p -> p.request).toList());
                for (int i = 0; i < group.size(); i++) {
                    startOrFail(group.get(i), results.get(i));
                }
            }
        }
    }

    private void startOrFail(Pending pending, PromptPreparer.Result result) {
        if (result.failure() != null) {
            report(pending, new BatchResult(pending.request, null, result.failure()));
            failed++;
        } else {
            start(plan(result.prompt()), pending, result.prompt());
        }
    }

    /** Nothing to decode: blocks briefly until the vision stage has a request ready, instead of spinning. */
    private void awaitPrepared() {
        long start = System.nanoTime();
        try {
            vision.awaitReady(READY_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            visionWaitNanos += System.nanoTime() - start;
        }
    }

    /**
     * Chooses a free slot for a prompt and where its KV prefix comes from: the free slot whose own retained cells
     * match the longest prefix (prefix affinity), or, when an active sequence holds a clearly longer one (by at least
     * {@link #MIN_COPY_POSITIONS}), the least recently used free slot filled with a copy of that sequence. With no
     * match the least recently used free slot is taken, so recently finished prefixes stay longest.
     */
    private Reuse plan(PreparedPrompt prompt) {
        List<Slot> free = Arrays.stream(slots).filter(Slot::free).toList();
        Slot leastRecent = free.stream().min((a, b) -> Long.compare(a.lastUsed, b.lastUsed)).orElseThrow();
        if (!prefixReuse) {
            return new Reuse(leastRecent, leastRecent, 0);
        }
        Reuse best = new Reuse(leastRecent, leastRecent, reusable(prompt.prefix(), prompt.positions(), leastRecent));
        for (Slot slot : free) {
            int positions = reusable(prompt.prefix(), prompt.positions(), slot);
            if (positions > best.positions()) {
                best = new Reuse(slot, slot, positions);
            }
        }
        Slot active = null;
        int activePositions = 0;
        Slot leader = null;
        int leaderPositions = 0;
        for (Slot slot : slots) {
            if (!slot.decoding()) {
                continue;
            }
            int positions = reusable(prompt.prefix(), prompt.positions(), slot);
            if (positions > activePositions) {
                active = slot;
                activePositions = positions;
            }
            int once = Math.min(prompt.prefix().commonPositions(slot.prefix, slot.promptPositions),
                    prompt.positions() - 1);
            if (once > leaderPositions) {
                leader = slot;
                leaderPositions = once;
            }
        }
        int now = Math.max(best.positions(), activePositions);
        if (leaderPositions >= now + MIN_COPY_POSITIONS && leaderPositions > activePositions) {
            return new Reuse(leastRecent, leader, leaderPositions, true);
        }
        return activePositions >= best.positions() + MIN_COPY_POSITIONS
                ? new Reuse(leastRecent, active, activePositions) : best;
    }

    /**
     * Prompt positions whose KV cells {@code slot} already holds, leaving at least the last prompt token to decode
     * (its logits give the first sampled token).
     */
    private static int reusable(PromptPrefix prefix, int positions, Slot slot) {
        int cached = slot.free() ? slot.retained : slot.waiting() ? 0 : Math.min(slot.position, slot.promptPositions);
        return Math.min(prefix.commonPositions(slot.prefix, cached), positions - 1);
    }

    private void start(Reuse reuse, Pending pending, PreparedPrompt prompt) {
        Slot slot = reuse.target();
        slot.pending = pending;
        slot.admittedNanos = System.nanoTime();
        slot.admissionOrder = admissions++;
        slot.prompt = prompt;
        slot.prefix = prompt.prefix();
        slot.retained = 0;
        slot.promptPositions = prompt.positions();
        if (reuse.awaited()) {
            // the leader was admitted in this or an earlier step and has not decoded the shared prefix yet
            slot.leader = reuse.source();
            slot.leaderRequest = reuse.source().pending;
            slot.awaitedPositions = reuse.positions();
            slot.position = 0;
            prefixWaits++;
        } else {
            takePrefix(slot, reuse.source(), reuse.positions());
        }
    }

    /**
     * Gives {@code slot} the first {@code positions} KV positions of {@code source} (itself or a whole-sequence copy)
     * and sets it to decode the rest of its prompt; with 0 positions, or when llama.cpp cannot cut the cells there,
     * the slot starts empty.
     */
    private void takePrefix(Slot slot, Slot source, int positions) {
        if (source != slot) {
            context.seqRemove(slot.seq, -1, -1);
            // a whole-sequence copy: llama.cpp copies between sequences of a non-unified cache only as a whole
            context.seqCopy(source.seq, slot.seq, -1, -1);
        }
        if (positions == 0 || !context.seqRemove(slot.seq, positions, -1)) {
            context.seqRemove(slot.seq, -1, -1);
            positions = 0;
        }
        if (positions > 0) {
            prefixReuseHits++;
            reusedPositions += positions;
        }
        slot.position = positions;
        int remaining = positions;
        slot.partIndex = 0;
        while (remaining > 0 && remaining >= slot.prompt.parts().get(slot.partIndex).positions()) {
            remaining -= slot.prompt.parts().get(slot.partIndex).positions();
            slot.partIndex++;
        }
        slot.offset = remaining;
    }

    /**
     * Starts each waiting slot whose leader has decoded the shared prefix, or has stopped working on it (finished,
     * failed, slot reused): then the slot takes whatever prefix is still there, possibly none.
     */
    private void startWaitingSlots() {
        for (Slot slot : slots) {
            if (!slot.waiting()) {
                continue;
            }
            Slot leader = slot.leader;
            boolean sameRequest = leader.pending == slot.leaderRequest;
            if (sameRequest && leader.position < slot.awaitedPositions) {
                continue;
            }
            int positions = Math.min(slot.awaitedPositions, reusable(slot.prefix, slot.promptPositions, leader));
            slot.leader = null;
            slot.leaderRequest = null;
            try {
                takePrefix(slot, leader, positions);
            } catch (RuntimeException e) {
                fail(slot, e);
            }
        }
    }

    // ---- images

    private void decodeImages() {
        for (Slot slot : slots) {
            while (slot.decoding() && !slot.generating && slot.partIndex < slot.prompt.parts().size()
                    && slot.prompt.parts().get(slot.partIndex) instanceof PreparedPrompt.Image image) {
                try {
                    imageDecodeCalls++;
                    long decodeStart = System.nanoTime();
                    slot.position = mtmd.decodeImage(context, image.chunk(), image.embedding(), slot.position,
                            slot.seq, context.batchSize());
                    imageDecodeNanos += System.nanoTime() - decodeStart;
                    slot.partIndex++;
                    slot.offset = 0;
                } catch (RuntimeException e) {
                    fail(slot, e);
                }
            }
        }
    }

    // ---- the shared token batch

    private List<Slot> fillBatch() {
        List<Slot> inBatch = new ArrayList<>();
        for (Slot slot : slots) {
            slot.outputIndex = -1;
            slot.planned = 0;
            if (!slot.free() && slot.generating) {
                slot.outputIndex = batch.add(slot.lastToken, slot.position, true, slot.seq);
                inBatch.add(slot);
            }
        }
        List<Slot> prefilling = Arrays.stream(slots)
                .filter(s -> s.decoding() && !s.generating && s.partIndex < s.prompt.parts().size()
                        && s.prompt.parts().get(s.partIndex) instanceof PromptPrefix.Text)
                .sorted((a, b) -> Long.compare(a.admissionOrder, b.admissionOrder))
                .toList();
        for (Slot slot : prefilling) {
            int room = batch.capacity() - batch.size();
            if (room == 0) {
                break;
            }
            int[] tokens = ((PromptPrefix.Text) slot.prompt.parts().get(slot.partIndex)).tokens();
            int count = Math.min(room, tokens.length - slot.offset);
            boolean endsPrompt = slot.partIndex == slot.prompt.parts().size() - 1
                    && slot.offset + count == tokens.length;
            for (int i = 0; i < count; i++) {
                boolean output = endsPrompt && i == count - 1;
                int index = batch.add(tokens[slot.offset + i], slot.position + i, output, slot.seq);
                if (output) {
                    slot.outputIndex = index;
                }
            }
            slot.planned = count;
            inBatch.add(slot);
        }
        return inBatch;
    }

    private void commit(List<Slot> inBatch) {
        for (Slot slot : inBatch) {
            if (slot.free()) {
                continue;
            }
            if (slot.generating) {
                slot.position++;
            } else {
                slot.position += slot.planned;
                slot.offset += slot.planned;
                int[] tokens = ((PromptPrefix.Text) slot.prompt.parts().get(slot.partIndex)).tokens();
                if (slot.offset == tokens.length) {
                    slot.partIndex++;
                    slot.offset = 0;
                }
            }
            slot.planned = 0;
            if (slot.outputIndex >= 0) {
                try {
                    sample(slot);
                } catch (RuntimeException e) {
                    fail(slot, e);
                }
            }
        }
    }

    private void sample(Slot slot) {
        if (slot.pending.logitTrace != null) {
            slot.pending.logitTrace.add(context.logits(slot.outputIndex));
        }
        long sampleStart = System.nanoTime();
        int token = slot.prompt.sampler().sample(context, slot.outputIndex);
        sampleNanos += System.nanoTime() - sampleStart;
        if (!slot.generating) {
            slot.generating = true;
            slot.firstTokenNanos = System.nanoTime();
        }
        SamplingParams sampling = slot.pending.request.sampling();
        if (!sampling.ignoreEos() && vocab.isEndOfGeneration(token)) {
            finish(slot, StopReason.EOG, text(slot));
            return;
        }
        slot.tokens.add(token);
        slot.bytes.writeBytes(vocab.tokenToPiece(token, false));
        String text = text(slot);
        for (String stop : slot.prompt.stops()) {
            int at = text.indexOf(stop);
            if (at >= 0) {
                finish(slot, StopReason.STOP_STRING, text.substring(0, at));
                return;
            }
        }
        if (slot.tokens.size() >= sampling.maxTokens()) {
            finish(slot, StopReason.MAX_TOKENS, text);
        } else if (slot.position + 1 >= positionsPerSlot) {
            finish(slot, StopReason.CONTEXT_FULL, text);
        } else {
            slot.lastToken = token;
        }
    }

    private static String text(Slot slot) {
        return slot.bytes.toString(StandardCharsets.UTF_8);
    }

    // ---- completion

    private void finish(Slot slot, StopReason reason, String text) {
        long now = System.nanoTime();
        double prefillMs = (slot.firstTokenNanos - slot.admittedNanos) / 1e6; // images were encoded before admission
        double decodeMs = (now - slot.firstTokenNanos) / 1e6;
        Generation generation = new Generation(text, slot.tokens, slot.promptPositions, slot.tokens.size(), reason,
                new Generation.Timings(slot.prompt.encodeMs(), prefillMs, decodeMs));
        Pending pending = slot.pending;
        slot.lastUsed = finishes++;
        release(slot, !prefixReuse);
        completed++;
        report(pending, new BatchResult(pending.request, generation, null));
    }

    private void fail(Slot slot, RuntimeException error) {
        if (slot.free()) {
            return;
        }
        Pending pending = slot.pending;
        LOG.warn("request {} failed: {}", describe(pending.request), error.getMessage());
        release(slot, true);
        failed++;
        report(pending, new BatchResult(pending.request, null, error));
    }

    /**
     * Frees a slot. Unless {@code clearKv}, its KV cells stay and it remembers their prompt prefix for later requests
     * (its generated tokens are cells too, but not a reusable prefix: admission removes them).
     */
    private void release(Slot slot, boolean clearKv) {
        if (clearKv) {
            try {
                context.seqRemove(slot.seq, -1, -1);
            } catch (RuntimeException e) {
                LOG.warn("could not clear sequence {}: {}", slot.seq, e.getMessage());
            }
            slot.prefix = PromptPrefix.EMPTY;
            slot.retained = 0;
        } else {
            slot.retained = slot.promptPositions;
        }
        if (slot.prompt != null) {
            slot.prompt.close();
        }
        slot.pending = null;
        slot.leader = null;
        slot.leaderRequest = null;
        slot.awaitedPositions = 0;
        slot.prompt = null;
        slot.partIndex = 0;
        slot.offset = 0;
        slot.planned = 0;
        slot.position = 0;
        slot.generating = false;
        slot.outputIndex = -1;
        slot.tokens.clear();
        slot.bytes.reset();
    }

    private static void report(Pending pending, BatchResult result) {
        try {
            pending.callback.accept(result);
        } catch (RuntimeException e) {
            LOG.error("result callback for request {} threw", describe(pending.request), e);
        }
    }

    private static String describe(GenerationRequest request) {
        return PromptPreparer.describe(request);
    }

    /**
     * Stops the vision stage (waiting for an encode in progress), frees every slot, prepared request and the batch
     * (called by the model on close); queued requests are dropped.
     */
    void close() {
        if (vision != null) {
            vision.close();
        }
        for (Slot slot : slots) {
            if (!slot.free()) {
                release(slot, true);
            }
        }
        queue.clear();
        batch.close();
    }
}
