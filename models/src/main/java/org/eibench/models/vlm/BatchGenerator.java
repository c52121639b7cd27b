package org.eibench.models.vlm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * share encoder calls where the model allows). Where it runs is the {@link Preparation} mode: all at admission on the
 * calling thread; or reading, tokenizing and the rest ahead on a stage thread ({@link VisionStage}) and only the
 * encoding at admission, for the same groups of requests as inline admission takes (so the schedule, and with it
 * every count, is the one inline preparation gives); or everything, encoding too, ahead on the stage thread.
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
 * <p>Each slot has a {@link SlotState}. Prefix reuse ({@link VlmSpec#prefixReuse()}, on by default) is planned by
 * the {@link PrefixPlanner}: a request takes a free slot's own retained cells and removes the rest ({@code seq_rm}),
 * or a copy of an active sequence ({@code seq_cp} of the whole sequence, the only cross-sequence copy llama.cpp does
 * without a unified KV cache, then {@code seq_rm} of the tail; in the {@link KvLayout#UNIFIED} layout a partial
 * {@code seq_cp} that only tags the prefix's cells), or waits ({@link SlotState#WAITING}) for a leader
 * still prefilling the prefix they share. The context's sequences beyond the slots are the prefix cache: a free slot's
 * prefix is parked there before another request overwrites it, and later requests copy it back the same way
 * ({@link VlmSpec#prefixCacheBytes()}).
 *
 * <p>Determinism: at temperature 0 each answer depends only on its own request, bit for bit, not on N, admission
 * order, which other sequences share a batch or whether its prefix was reused ({@code ScheduleInvarianceTest}). This
 * holds on the CPU because its matrix products do not depend on the number of tokens in a micro-batch (the native
 * build switches llamafile's sgemm off, see docs/reliability.md) and flash attention is off there by default
 * ({@link VlmSpec#flashAttentionFor}): with either, logits depend on the batch shape, and a reused prefix (computed in
 * another batch than a full prefill would be) could change a greedy answer.
 *
 * <p>Not thread-safe: one thread calls {@link #submit}, {@link #step()} and friends; callbacks run on that thread
 * (the vision stage only prepares, and hands prepared requests over through a queue). The model's
 * {@link GenerationService} is that thread; tests step a generator themselves.
 */
final class BatchGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(BatchGenerator.class);
    /** Fewest prepared requests the vision stage may keep ready ahead of admission (twice the slots otherwise). */
    private static final int LOOKAHEAD_MIN = 4;
    /** How long an otherwise idle step waits for the vision stage before returning to its caller. */
    private static final long READY_WAIT_MILLIS = 5;

    private final LlamaContext context;
    private final MtmdContext mtmd;
    private final LlamaVocab vocab;
    private final LlamaBatch batch;
    private final Slot[] slots;
    private final PrefixPlanner planner;
    /** Submitted requests not yet prepared (inline preparation only). */
    private final Deque<PendingRequest> queue = new ArrayDeque<>();
    /** Requests submitted and not yet reported, per group: the prefix cache keeps an ended group's prefix only then. */
    private final Map<String, Integer> outstandingPerGroup = new HashMap<>();
    private final PromptPreparer preparer;
    /** The vision stage, or null when requests are prepared at admission on the decoding thread. */
    private final VisionStage<PendingRequest> vision;
    /** What the stage does ahead of admission (nothing when {@link #vision} is null). */
    private final Preparation preparation;
    /** Requests handed to the vision stage and not yet taken from it (decoding thread only). */
    private int preparing;
    /** The decoding thread's own preparation times, and the stage thread's. */
    private final PreparationTimes.Clock admissionClock = new PreparationTimes.Clock();
    private final PreparationTimes.Clock aheadClock = new PreparationTimes.Clock();
    /** The group of requests being admitted together, and their results: reused by every admission. */
    private final List<PendingRequest> admitting = new ArrayList<>();
    private final List<GenerationRequest> admittingRequests = new ArrayList<>();
    private final List<PromptPreparer.Result> tokenized = new ArrayList<>();
    private final int positionsPerSlot;
    private final SchedulerCounters counters = new SchedulerCounters();
    /** The slots of the batch being built and the prefilling ones among them: reused by every step. */
    private final List<Slot> inBatch = new ArrayList<>();
    private final List<Slot> prefilling = new ArrayList<>();
    /** The slots waiting at an image, and those of them whose images share calls: reused by every step. */
    private final List<Slot> atImage = new ArrayList<>();
    private final List<Slot> jointImages = new ArrayList<>();
    private static final Comparator<Slot> BY_ADMISSION = Comparator.comparingLong(slot -> slot.admissionOrder);

    /**
     * A generator whose slots have all of a per-sequence context's cells, or an equal share of a unified one's.
     *
     * @param parallel sequences decoded together; the context's other sequences hold the prefix cache
     */
    BatchGenerator(PromptRenderer renderer, LlamaContext context, MtmdContext mtmd, int parallel, int imageCacheSize,
            boolean prefixReuse, Preparation preparation) {
        this(renderer, context, mtmd, parallel, context.contextSize() / Math.max(1, parallel), imageCacheSize,
                prefixReuse, preparation);
    }

    /**
     * @param parallel sequences decoded together; the context's other sequences hold the prefix cache
     * @param cellsPerSlot in a unified context, the cells one slot may use (prompt and generated tokens); the cells
     *     beyond the slots' bound what the cache sequences hold together. A per-sequence context's slots have their
     *     stream's cells, and its cache is bounded by its streams
     */
    BatchGenerator(PromptRenderer renderer, LlamaContext context, MtmdContext mtmd, int parallel, int cellsPerSlot,
            int imageCacheSize, boolean prefixReuse, Preparation preparation) {
        if (parallel < 1 || parallel > context.maxSequences()) {
            throw new IllegalArgumentException(parallel + " parallel sequences in a context of "
                    + context.maxSequences());
        }
        this.context = context;
        this.mtmd = mtmd;
        this.vocab = context.model().vocab();
        this.batch = context.newBatch(context.batchSize(), 1);
        this.slots = new Slot[parallel];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i);
        }
        Slot[] cache = new Slot[context.maxSequences() - parallel];
        for (int i = 0; i < cache.length; i++) {
            cache[i] = new Slot(parallel + i);
        }
        this.positionsPerSlot = context.kvUnified() ? cellsPerSlot : context.contextSizePerSequence();
        this.planner = new PrefixPlanner(slots, cache, prefixReuse, context.kvUnified()
                ? Math.max(0, context.contextSize() - (long) parallel * cellsPerSlot) : Long.MAX_VALUE,
                outstandingPerGroup::containsKey);
        this.preparer = new PromptPreparer(renderer, mtmd, vocab, positionsPerSlot, slots.length, imageCacheSize);
        this.preparation = mtmd == null ? Preparation.INLINE : preparation;
        int lookahead = Math.max(LOOKAHEAD_MIN, 2 * slots.length);
        this.vision = switch (this.preparation) {
            case INLINE -> null;
            case TOKENIZE_AHEAD -> new VisionStage<>(group -> preparer.tokenizeAll(group, aheadClock),
                    PendingRequest::request, lookahead, "prepare-ahead");
            case ENCODE_AHEAD -> new VisionStage<>(group -> preparer.prepareAll(group, aheadClock),
                    PendingRequest::request, lookahead);
        };
    }

    /** Number of slots (sequences decoded together). */
    int parallelism() {
        return slots.length;
    }

    /** KV positions available to one sequence (prompt plus generated tokens). */
    int positionsPerSequence() {
        return positionsPerSlot;
    }

    /** Slots without a request. */
    private int freeSlots() {
        int free = 0;
        for (Slot slot : slots) {
            if (slot.free()) {
                free++;
            }
        }
        return free;
    }

    /** Requests being decoded now. */
    int activeSequences() {
        int active = 0;
        for (Slot slot : slots) {
            if (!slot.free()) {
                active++;
            }
        }
        return active;
    }

    /** Requests waiting for a slot (including those the vision stage is preparing). */
    int pendingRequests() {
        return queue.size() + preparing;
    }

    /** Whether nothing is queued, being prepared or running. */
    boolean isIdle() {
        return queue.isEmpty() && preparing == 0 && activeSequences() == 0;
    }

    /** Whether images are encoded on their own thread ahead of admission ({@link VlmSpec#visionAheadEnabled}). */
    boolean visionAhead() {
        return preparation == Preparation.ENCODE_AHEAD;
    }

    /** Where requests are prepared. */
    Preparation preparation() {
        return preparation;
    }

    GenerationStats stats() {
        return counters.snapshot(preparer, admissionClock.snapshot(), aheadClock.snapshot());
    }

    /**
     * Queues a request; its result is passed to {@code onResult} (on the thread calling {@link #step()}) as soon as it
     * finishes or fails.
     */
    void submit(GenerationRequest request, Consumer<BatchResult> onResult) {
        submit(request, onResult, null);
    }

    /** {@link #submit} that also records the logits row of every sampled step into {@code logits} (unless null). */
    void submit(GenerationRequest request, Consumer<BatchResult> onResult, List<float[]> logits) {
        PendingRequest pending = new PendingRequest(Objects.requireNonNull(request, "request"),
                Objects.requireNonNull(onResult, "onResult"), logits);
        outstandingPerGroup.merge(request.group(), 1, Integer::sum);
        if (vision == null) {
            queue.addLast(pending);
            return;
        }
        preparing++;
        vision.submit(pending);
    }

    /**
     * Submits all requests before the first step, so that which of them are admitted together does not depend on
     * when they arrive, then runs them.
     *
     * @return results in request order
     */
    List<BatchResult> runAll(List<GenerationRequest> requests) {
        BatchResult[] results = new BatchResult[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            submit(requests.get(i), result -> results[index] = result);
        }
        runUntilIdle();
        return List.of(results);
    }

    /** Runs {@link #step()} until every queued and running request has finished. */
    void runUntilIdle() {
        while (step()) {
            // each step admits, decodes once and samples
        }
    }

    /**
     * Does one round: admit, decode pending images, one {@code llama_decode} for all slots, sample.
     *
     * @return whether work remains (queued or running requests)
     */
    boolean step() {
        long start = System.nanoTime();
        long waitedBefore = counters.visionWaitNanos;
        try {
            return stepOnce();
        } finally {
            counters.steps++;
            counters.stepNanos += System.nanoTime() - start - (counters.visionWaitNanos - waitedBefore);
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
            decodeBatch(inBatch);
        }
        return !isIdle();
    }

    private void decodeBatch(List<Slot> inBatch) {
        counters.decoding(inBatch.size(), batch.size(), pendingRequests() > 0);
        int promptTokens = batch.size();
        for (Slot slot : inBatch) {
            if (slot.generating()) {
                promptTokens--;
            }
        }
        DecodeStatus status;
        long decodeStart = System.nanoTime();
        try {
            status = context.decode(batch);
            counters.decodeNanos += System.nanoTime() - decodeStart;
        } catch (RuntimeException e) {
            inBatch.forEach(slot -> fail(slot, e));
            return;
        }
        if (status == DecodeStatus.OK) {
            counters.promptPositionsDecoded += promptTokens;
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

    // ---- admission

    private void admit() {
        for (int free = freeSlots(); free > 0; free = freeSlots()) {
            if (preparation == Preparation.ENCODE_AHEAD) {
                VisionStage.Ready<PendingRequest> next = vision.poll();
                if (next == null) {
                    return;
                }
                preparing--;
                startOrFail(next.tag(), next.result());
                continue;
            }
            // as many requests as there are free slots, prepared together (their new images share encoder calls)
            admitting.clear();
            tokenized.clear();
            if (preparation == Preparation.INLINE) {
                if (queue.isEmpty()) {
                    return;
                }
                admittingRequests.clear();
                while (admitting.size() < free && !queue.isEmpty()) {
                    PendingRequest pending = queue.pollFirst();
                    admitting.add(pending);
                    admittingRequests.add(pending.request());
                }
                tokenized.addAll(preparer.tokenizeAll(admittingRequests, admissionClock));
            } else if (preparing == 0 || !takeTokenized(Math.min(free, preparing))) {
                return;
            }
            List<PromptPreparer.Result> results = preparer.encodeAll(tokenized, admissionClock);
            for (int i = 0; i < admitting.size(); i++) {
                startOrFail(admitting.get(i), results.get(i));
            }
        }
    }

    /**
     * Takes the next {@code count} requests the stage tokenized into {@link #admitting} and {@link #tokenized},
     * waiting for those it has not finished (the same group inline admission would prepare now, so that the schedule
     * does not depend on the stage's timing).
     *
     * @return false when interrupted before taking any
     */
    private boolean takeTokenized(int count) {
        long start = System.nanoTime();
        try {
            while (admitting.size() < count) {
                VisionStage.Ready<PendingRequest> next = vision.take();
                preparing--;
                admitting.add(next.tag());
                tokenized.add(next.result());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            counters.visionWaitNanos += System.nanoTime() - start;
        }
        return !admitting.isEmpty();
    }

    private void startOrFail(PendingRequest pending, PromptPreparer.Result result) {
        if (result.failure() != null) {
            report(pending, new BatchResult(pending.request(), null, result.failure()));
            counters.failed++;
            return;
        }
        counters.admitted(pending.request(), result.prompt());
        PrefixPlanner.Reuse reuse = planner.plan(result.prompt());
        Slot slot = reuse.target();
        park(slot, reuse.awaited() || reuse.source() != slot ? 0 : reuse.positions(), reuse.source());
        if (reuse.awaited()) {
            // the leader was admitted in this or an earlier step and has not decoded the shared prefix yet
            slot.admit(pending, result.prompt(), counters.admissions++, reuse.source(), reuse.positions());
            counters.prefixWaits++;
        } else {
            slot.admit(pending, result.prompt(), counters.admissions++, null, 0);
            takePrefix(slot, reuse.source(), reuse.positions());
        }
    }

    /**
     * Before a free slot's retained cells are overwritten by a request keeping only {@code kept} of them, copies them
     * into a cache sequence when the planner finds them worth keeping ({@link PrefixPlanner#parkingFor}).
     */
    private void park(Slot slot, int kept, Slot source) {
        Slot entry = planner.parkingFor(slot, kept, source);
        if (entry == null) {
            return;
        }
        for (Slot evicted : planner.evictionsFor(entry, slot.retained, source)) {
            context.seqRemove(evicted.seq, -1, -1);
            evicted.prefix = PromptPrefix.EMPTY;
            evicted.retained = 0;
        }
        context.seqRemove(entry.seq, -1, -1);
        copyPrefix(slot, entry, slot.retained);
        if (!context.seqRemove(entry.seq, slot.retained, -1)) {
            context.seqRemove(entry.seq, -1, -1);
            entry.prefix = PromptPrefix.EMPTY;
            entry.retained = 0;
            return;
        }
        entry.prefix = slot.prefix;
        entry.retained = slot.retained;
        planner.touch(entry);
        counters.parked++;
    }

    /**
     * Nothing to decode while the stage encodes ahead: blocks briefly until it has a request ready, instead of
     * spinning.
     */
    private void awaitPrepared() {
        long start = System.nanoTime();
        try {
            vision.awaitReady(READY_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            counters.visionWaitNanos += System.nanoTime() - start;
        }
    }

    /**
     * Gives {@code slot} the first {@code positions} KV positions of {@code source} (itself or a whole-sequence copy)
     * and sets it to decode the rest of its prompt; with 0 positions, or when llama.cpp cannot cut the cells there,
     * the slot starts empty.
     */
    private void takePrefix(Slot slot, Slot source, int positions) {
        if (source.seq >= slots.length && positions > 0) {
            planner.touch(source);
            counters.cacheCopies++;
        }
        if (source != slot) {
            context.seqRemove(slot.seq, -1, -1);
            copyPrefix(source, slot, positions);
        }
        if (positions == 0 || !context.seqRemove(slot.seq, positions, -1)) {
            context.seqRemove(slot.seq, -1, -1);
            positions = 0;
        }
        counters.reused(positions);
        slot.prefillFrom(positions);
    }

    /**
     * Gives the empty sequence {@code target} {@code source}'s first {@code positions} positions: in a unified context
     * their cells gain {@code target}'s id (nothing is copied); per sequence, llama.cpp copies between streams only
     * whole, so the caller removes the tail.
     */
    private void copyPrefix(Slot source, Slot target, int positions) {
        if (context.kvUnified()) {
            context.seqCopy(source.seq, target.seq, 0, positions);
        } else {
            context.seqCopy(source.seq, target.seq, -1, -1);
        }
    }

    /** Starts the waiting slots the planner finds ready ({@link PrefixPlanner#startable()}). */
    private void startWaitingSlots() {
        for (PrefixPlanner.Reuse ready : planner.startable()) {
            try {
                takePrefix(ready.target(), ready.source(), ready.positions());
            } catch (RuntimeException e) {
                fail(ready.target(), e);
            }
        }
    }

    // ---- images

    /**
     * Decodes the next image of every slot waiting at one: those that can share calls together
     * ({@link #decodeJointly}), the others (and all of them when the shared calls fail) one by one, until no slot
     * waits at an image. An image that another slot's image would follow within this step's token batch is held back
     * once, for one step, so that the two share calls (requests admitted together reach their images a step apart
     * when only some of them hold their text prefix already).
     */
    private void decodeImages() {
        List<Slot> atImage = this.atImage;
        List<Slot> joint = this.jointImages;
        boolean another = anotherImageFollows();
        for (collectSlotsAtImage(atImage); !atImage.isEmpty(); collectSlotsAtImage(atImage)) {
            joint.clear();
            for (Slot slot : atImage) {
                if (!mtmd.canDecodeJointly(nextImage(slot).chunk())) {
                    decodeAlone(slot);
                } else if (another && slot.imageHeldAt < 0) {
                    slot.imageHeldAt = counters.steps;
                } else {
                    joint.add(slot);
                }
            }
            if (joint.size() == 1 || (joint.size() > 1 && !decodeJointly(joint))) {
                joint.forEach(this::decodeAlone);
            }
            another = false;
        }
    }

    /** Whether some slot prefills text that this step's token batch finishes and that an image follows. */
    private boolean anotherImageFollows() {
        int room = batch.capacity();
        for (Slot slot : slots) {
            if (slot.generating()) {
                room--;
            }
        }
        for (Slot slot : slots) {
            if (slot.reachesImageWithin(room)) {
                return true;
            }
        }
        return false;
    }

    private void collectSlotsAtImage(List<Slot> atImage) {
        atImage.clear();
        for (Slot slot : slots) {
            if (slot.nextPartIsImage() && slot.imageHeldAt != counters.steps) {
                atImage.add(slot);
            }
        }
    }

    private static PreparedPrompt.Image nextImage(Slot slot) {
        return (PreparedPrompt.Image) slot.prompt.parts().get(slot.partIndex);
    }

    /**
     * The next images of several slots in shared {@code llama_decode} calls ({@link MtmdContext#decodeImages}): the
     * same cells, bit for bit, as one call per image, in fewer and fuller micro-batches.
     *
     * @return false when they cannot share calls (slices too short, {@link MtmdContext#slicesJointly}) or the calls
     *     failed; the slots then hold none of these images and are decoded one by one, which puts any error on the
     *     request that caused it
     */
    private boolean decodeJointly(List<Slot> joint) {
        List<MtmdContext.ImagePlacement> placements = new ArrayList<>(joint.size());
        int[] tokenCounts = new int[joint.size()];
        for (int i = 0; i < joint.size(); i++) {
            Slot slot = joint.get(i);
            PreparedPrompt.Image image = nextImage(slot);
            placements.add(new MtmdContext.ImagePlacement(image.chunk(), image.embedding(), slot.seq, slot.position));
            tokenCounts[i] = image.chunk().tokenCount();
        }
        if (!MtmdContext.slicesJointly(tokenCounts, MtmdContext.sharedMicroBatch(context))) {
            return false;
        }
        int[] next;
        long decodeStart = System.nanoTime();
        try {
            next = mtmd.decodeImages(context, placements);
        } catch (RuntimeException e) {
            LOG.debug("shared image decode of {} slots failed, decoding them one by one: {}", joint.size(),
                    e.getMessage());
            return false;
        } finally {
            counters.imageDecodeNanos += System.nanoTime() - decodeStart;
        }
        counters.imagesDecodedTogether += joint.size();
        for (int i = 0; i < joint.size(); i++) {
            imageDecoded(joint.get(i), next[i]);
        }
        return true;
    }

    private void decodeAlone(Slot slot) {
        PreparedPrompt.Image image = nextImage(slot);
        try {
            long decodeStart = System.nanoTime();
            int next = mtmd.decodeImage(context, image.chunk(), image.embedding(), slot.position, slot.seq,
                    context.batchSize());
            counters.imageDecodeNanos += System.nanoTime() - decodeStart;
            imageDecoded(slot, next);
        } catch (RuntimeException e) {
            counters.imageDecodeCalls++; // a failed call counts, as it always did
            fail(slot, e);
        }
    }

    /** The slot's next image is in its KV cells: on to the part after it at {@code next}. */
    private void imageDecoded(Slot slot, int next) {
        counters.imageDecodeCalls++; // images decoded, whether alone or in shared calls
        counters.promptPositionsDecoded += nextImage(slot).positions();
        slot.position = next;
        slot.imageHeldAt = -1;
        slot.partIndex++;
        slot.offset = 0;
    }

    // ---- the shared token batch

    private List<Slot> fillBatch() {
        List<Slot> inBatch = this.inBatch;
        List<Slot> prefilling = this.prefilling;
        inBatch.clear();
        prefilling.clear();
        for (Slot slot : slots) {
            slot.outputIndex = -1;
            slot.planned = 0;
            if (slot.generating()) {
                slot.outputIndex = batch.add(slot.lastToken, slot.position, true, slot.seqIds);
                inBatch.add(slot);
            } else if (slot.nextPartIsText()) {
                prefilling.add(slot);
            }
        }
        if (prefilling.size() > 1) {
            prefilling.sort(BY_ADMISSION);
        }
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
                int index = batch.add(tokens[slot.offset + i], slot.position + i, output, slot.seqIds);
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
            if (slot.generating()) {
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
        if (slot.pending.logitTrace() != null) {
            slot.pending.logitTrace().add(context.logits(slot.outputIndex));
        }
        long sampleStart = System.nanoTime();
        int token = slot.prompt.sampler().sample(context, slot.outputIndex);
        counters.sampleNanos += System.nanoTime() - sampleStart;
        if (!slot.generating()) {
            slot.state = SlotState.GENERATE;
            slot.firstTokenNanos = System.nanoTime();
        }
        SamplingParams sampling = slot.pending.request().sampling();
        if (!sampling.ignoreEos() && vocab.isEndOfGeneration(token)) {
            finish(slot, StopReason.EOG, slot.text());
            return;
        }
        slot.tokens.add(token);
        slot.appendPiece(vocab.tokenToPiece(token, false));
        List<String> stops = slot.prompt.stops();
        for (int i = 0; i < stops.size(); i++) {
            String stop = stops.get(i);
            int at = slot.findStop(stop);
            if (at >= 0) {
                finish(slot, StopReason.STOP_STRING, slot.generatedText.substring(0, at));
                return;
            }
        }
        if (slot.tokens.size() >= sampling.maxTokens()) {
            finish(slot, StopReason.MAX_TOKENS, slot.text());
        } else if (slot.position + 1 >= positionsPerSlot) {
            finish(slot, StopReason.CONTEXT_FULL, slot.text());
        } else {
            slot.lastToken = token;
        }
    }

    // ---- completion

    private void finish(Slot slot, StopReason reason, String text) {
        long now = System.nanoTime();
        double prefillMs = (slot.firstTokenNanos - slot.admittedNanos) / 1e6; // images were encoded before admission
        double decodeMs = (now - slot.firstTokenNanos) / 1e6;
        Generation generation = new Generation(text, slot.tokens, slot.promptPositions, slot.tokens.size(), reason,
                new Generation.Timings(slot.prompt.encodeMs(), prefillMs, decodeMs));
        PendingRequest pending = slot.pending;
        slot.lastUsed = counters.finishes++;
        release(slot, !planner.enabled());
        counters.completed++;
        report(pending, new BatchResult(pending.request(), generation, null));
    }

    private void fail(Slot slot, RuntimeException error) {
        if (slot.free()) {
            return;
        }
        PendingRequest pending = slot.pending;
        LOG.warn("request {} failed: {}", describe(pending.request()), error.getMessage());
        release(slot, true);
        counters.failed++;
        report(pending, new BatchResult(pending.request(), null, error));
    }

    /** Frees a slot; unless {@code clearKv}, its KV cells stay for later requests ({@link Slot#release}). */
    private void release(Slot slot, boolean clearKv) {
        counters.generatedTokens += slot.tokens.size();
        if (clearKv) {
            try {
                context.seqRemove(slot.seq, -1, -1);
            } catch (RuntimeException e) {
                LOG.warn("could not clear sequence {}: {}", slot.seq, e.getMessage());
            }
        }
        slot.release(clearKv);
    }

    private void report(PendingRequest pending, BatchResult result) {
        outstandingPerGroup.computeIfPresent(pending.request().group(),
                (group, count) -> count == 1 ? null : count - 1);
        try {
            pending.callback().accept(result);
        } catch (RuntimeException e) {
            LOG.error("result callback for request {} threw", describe(pending.request()), e);
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
