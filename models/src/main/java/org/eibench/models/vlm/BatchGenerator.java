package org.eibench.models.vlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.eibench.kernels.llama.DecodeStatus;
import org.eibench.kernels.llama.ImageEmbedding;
import org.eibench.kernels.llama.LlamaBatch;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.kernels.llama.LlamaException;
import org.eibench.kernels.llama.LlamaVocab;
import org.eibench.kernels.llama.MtmdBitmap;
import org.eibench.kernels.llama.MtmdContext;
import org.eibench.kernels.llama.MtmdInputChunk;
import org.eibench.kernels.llama.MtmdInputChunks;
import org.eibench.kernels.llama.Sampler;
import org.eibench.kernels.llama.SamplerChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes many requests together over one llama.cpp context: the primitive a continuous-batching scheduler drives.
 *
 * <p>The context holds N sequences ({@code n_seq_max}); each sequence id is a <em>slot</em>. Requests wait in a FIFO
 * queue ({@link #submit}); each {@link #step()}:
 * <ol>
 *   <li>admits waiting requests into free slots, reusing KV cells of a shared prompt prefix (see below); a request
 *       whose preparation fails (unreadable image, prompt longer than a slot's context, no mmproj) is reported as a
 *       failed {@link BatchResult} at once and takes no slot;</li>
 *   <li>for each slot whose next prompt part is an image: takes the image's embedding from a bounded LRU cache keyed
 *       by the image's SHA-256, or encodes it once ({@code mtmd_encode_chunk}) and caches it, then decodes it into
 *       that slot at its position ({@code mtmd_helper_decode_image_chunk}). Embedding batches cannot share a
 *       {@code llama_batch} with token ids, so each image is its own decode call;</li>
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
 * the last prompt token is always decoded so that its logits give the first sampled token. Requests admitted in the
 * same step as the sequence they share a prefix with find nothing decoded yet and prefill in full.
 *
 * <p>Determinism: at temperature 0 each answer depends only on its own request, not on N, admission order, which
 * other sequences share a batch or whether its prefix was reused (tested), up to floating-point ties that differ
 * between batch shapes. This holds on the CPU because flash attention is off there by default
 * ({@link VlmSpec#flashAttentionFor}): with it, logits depend on the batch shape, and a reused prefix (computed in
 * another batch than a full prefill would be) could change a greedy answer.
 *
 * <p>Not thread-safe: one thread calls {@link #submit}, {@link #step()} and friends; callbacks run on that thread.
 * Obtain one from {@link VisionLanguageModel#batchGenerator()}.
 */
public final class BatchGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(BatchGenerator.class);
    /**
     * Least gain, in positions, for which a request takes its prefix from another sequence: such a copy duplicates that
     * sequence's whole KV stream (every layer), which only pays off against a real prefill.
     */
    static final int MIN_COPY_POSITIONS = 32;

    /**
     * Counters since creation. Times are wall nanoseconds: {@code stepNanos} is all of {@link #step()}, the others
     * the native calls inside it, so {@code stepNanos - nativeNanos()} is the Java side of the loop.
     */
    public record Stats(long decodeCalls, long imageDecodeCalls, long imagesEncoded, long imageCacheHits,
            long completed, long failed, long stepNanos, long decodeNanos, long imageEncodeNanos,
            long imageDecodeNanos, long sampleNanos, long batchTokens, long prefixReuseHits, long reusedPositions) {
        /** Time spent in llama.cpp and libmtmd calls. */
        public long nativeNanos() {
            return decodeNanos + imageEncodeNanos + imageDecodeNanos + sampleNanos;
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

    /** One part of a prompt in order: text token ids or an image chunk. */
    private sealed interface Part permits TextPart, ImagePart {
    }

    private record TextPart(int[] tokens) implements Part {
    }

    private record ImagePart(MtmdInputChunk chunk) implements Part {
    }

    /** A tokenized request, not yet in a slot. */
    private record Prompt(MtmdInputChunks chunks, List<Part> parts, PromptPrefix prefix, int positions,
            List<String> stops, SamplerChain sampler) {
    }

    /** Where an admitted request's KV prefix comes from: {@code source}'s first {@code positions} positions. */
    private record Reuse(Slot target, Slot source, int positions) {
    }

    /** The state of one sequence id. */
    private static final class Slot {
        final int seq;
        Pending pending;
        /** The request's prompt while active; once free, what its KV cells still hold (up to {@code retained}). */
        PromptPrefix prefix = PromptPrefix.EMPTY;
        int retained;
        long lastUsed = -1;
        MtmdInputChunks chunks;
        List<Part> parts;
        int partIndex;
        int offset;
        int planned;
        int position;
        int promptPositions;
        SamplerChain sampler;
        List<String> stops;
        final List<Integer> tokens = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean generating;
        int lastToken;
        int outputIndex = -1;
        long admittedNanos;
        long firstTokenNanos;
        double encodeMs;
        long admissionOrder;

        Slot(int seq) {
            this.seq = seq;
        }

        boolean free() {
            return pending == null;
        }
    }

    private final VisionLanguageModel owner;
    private final LlamaContext context;
    private final MtmdContext mtmd;
    private final LlamaVocab vocab;
    private final LlamaBatch batch;
    private final Slot[] slots;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final ImageEmbeddingCache cache;
    private final int positionsPerSlot;
    private final boolean prefixReuse;
    private long admissions;
    private long finishes;
    private long prefixReuseHits;
    private long reusedPositions;
    private long decodeCalls;
    private long imageDecodeCalls;
    private long stepNanos;
    private long decodeNanos;
    private long imageEncodeNanos;
    private long imageDecodeNanos;
    private long sampleNanos;
    private long batchTokens;
    private long imagesEncoded;
    private long completed;
    private long failed;

    BatchGenerator(VisionLanguageModel owner, LlamaContext context, MtmdContext mtmd, int imageCacheSize,
            boolean prefixReuse) {
        this.owner = owner;
        this.context = context;
        this.mtmd = mtmd;
        this.vocab = context.model().vocab();
        this.batch = context.newBatch(context.batchSize(), 1);
        this.slots = new Slot[context.maxSequences()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i);
        }
        this.cache = new ImageEmbeddingCache(imageCacheSize);
        this.positionsPerSlot = context.contextSizePerSequence();
        this.prefixReuse = prefixReuse;
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

    /** Requests waiting for a slot. */
    public int pendingRequests() {
        return queue.size();
    }

    /** Whether nothing is queued or running. */
    public boolean isIdle() {
        return queue.isEmpty() && activeSequences() == 0;
    }

    public Stats stats() {
        return new Stats(decodeCalls, imageDecodeCalls, imagesEncoded, cache.hits(), completed, failed, stepNanos,
                decodeNanos, imageEncodeNanos, imageDecodeNanos, sampleNanos, batchTokens, prefixReuseHits,
                reusedPositions);
    }

    /**
     * Queues a request; its result is passed to {@code onResult} (on the thread calling {@link #step()}) as soon as it
     * finishes or fails.
     */
    public void submit(GenerationRequest request, Consumer<BatchResult> onResult) {
        queue.addLast(new Pending(Objects.requireNonNull(request, "request"), Objects.requireNonNull(onResult,
                "onResult"), null));
    }

    /** {@link #submit} that also records the logits row of every sampled step into {@code logits}. */
    void submitTraced(GenerationRequest request, Consumer<BatchResult> onResult, List<float[]> logits) {
        queue.addLast(new Pending(request, onResult, logits));
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
        queue.addLast(new Pending(request, r -> result[0] = r, logits));
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
        try {
            return stepOnce();
        } finally {
            stepNanos += System.nanoTime() - start;
        }
    }

    private boolean stepOnce() {
        admit();
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
        while (!queue.isEmpty() && Arrays.stream(slots).anyMatch(Slot::free)) {
            Pending next = queue.pollFirst();
            Prompt prompt;
            try {
                prompt = prepare(next.request);
            } catch (RuntimeException e) {
                report(next, new BatchResult(next.request, null, e));
                failed++;
                continue;
            }
            start(plan(prompt), next, prompt);
        }
    }

    private Prompt prepare(GenerationRequest request) {
        String prompt = owner.renderPrompt(request);
        Set<String> stops = new LinkedHashSet<>(request.sampling().stop());
        if (request.rawPrompt() == null) {
            stops.addAll(owner.templateFor(request).stopStrings());
        }
        List<Part> parts = new ArrayList<>();
        MtmdInputChunks chunks = null;
        SamplerChain sampler = null;
        try {
            if (mtmd != null) {
                chunks = tokenize(request, prompt);
                for (MtmdInputChunk chunk : chunks.chunks()) {
                    switch (chunk.type()) {
                        case TEXT -> parts.add(new TextPart(chunk.textTokens()));
                        case IMAGE -> parts.add(new ImagePart(chunk));
                        case AUDIO -> throw new IllegalArgumentException("audio input is not supported");
                    }
                }
            } else {
                if (!request.images().isEmpty()) {
                    throw new IllegalArgumentException("request " + describe(request) + " has "
                            + request.images().size() + " image(s) but the model was loaded without an mmproj"
                            + " (text only)");
                }
                parts.add(new TextPart(vocab.tokenize(prompt, true, true)));
            }
            parts.removeIf(part -> part instanceof TextPart text && text.tokens().length == 0);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("request " + describe(request) + " has an empty prompt");
            }
            if (!(parts.getLast() instanceof TextPart)) {
                throw new IllegalArgumentException("request " + describe(request)
                        + " ends with an image; a prompt must end with text (e.g. the assistant turn opening)");
            }
            PromptPrefix prefix = new PromptPrefix(parts.stream().map(BatchGenerator::segmentOf).toList());
            int positions = prefix.positions();
            if (positions >= positionsPerSlot) {
                throw new IllegalArgumentException("request " + describe(request) + " has a prompt of "
                        + positions + " positions (tokens and image embeddings) but one sequence holds "
                        + positionsPerSlot + " (the context divided by the parallel sequences): raise the context"
                        + " size (--ctx) to more than " + (long) positions * slots.length
                        + " or use fewer parallel sequences (--parallel)");
            }
            sampler = samplerFor(request.sampling());
            return new Prompt(chunks, parts, prefix, positions, List.copyOf(stops), sampler);
        } catch (RuntimeException e) {
            if (chunks != null) {
                chunks.close();
            }
            if (sampler != null) {
                sampler.close();
            }
            throw e;
        }
    }

    private MtmdInputChunks tokenize(GenerationRequest request, String prompt) {
        List<MtmdBitmap> bitmaps = new ArrayList<>();
        try {
            for (ImageInput image : request.images()) {
                bitmaps.add(image.file() != null ? mtmd.bitmapFromFile(image.file())
                        : mtmd.bitmapFromBytes(image.bytes(), image.label()));
            }
            return mtmd.tokenize(prompt, bitmaps, true, true);
        } finally {
            bitmaps.forEach(MtmdBitmap::close);
        }
    }

    private static PromptPrefix.Segment segmentOf(Part part) {
        return switch (part) {
            case TextPart text -> new PromptPrefix.Text(text.tokens());
            case ImagePart image -> new PromptPrefix.Image(image.chunk().id(), image.chunk().positionCount());
        };
    }

    /**
     * Chooses a free slot for a prompt and where its KV prefix comes from: the free slot whose own retained cells
     * match the longest prefix (prefix affinity), or, when an active sequence holds a clearly longer one (by at least
     * {@link #MIN_COPY_POSITIONS}), the least recently used free slot filled with a copy of that sequence. With no
     * match the least recently used free slot is taken, so recently finished prefixes stay longest.
     */
    private Reuse plan(Prompt prompt) {
        List<Slot> free = Arrays.stream(slots).filter(Slot::free).toList();
        Slot leastRecent = free.stream().min((a, b) -> Long.compare(a.lastUsed, b.lastUsed)).orElseThrow();
        if (!prefixReuse) {
            return new Reuse(leastRecent, leastRecent, 0);
        }
        Reuse best = new Reuse(leastRecent, leastRecent, reusable(prompt, leastRecent));
        for (Slot slot : free) {
            int positions = reusable(prompt, slot);
            if (positions > best.positions()) {
                best = new Reuse(slot, slot, positions);
            }
        }
        Slot active = null;
        int activePositions = 0;
        for (Slot slot : slots) {
            int positions = slot.free() ? 0 : reusable(prompt, slot);
            if (positions > activePositions) {
                active = slot;
                activePositions = positions;
            }
        }
        return activePositions >= best.positions() + MIN_COPY_POSITIONS
                ? new Reuse(leastRecent, active, activePositions) : best;
    }

    /**
     * Prompt positions whose KV cells {@code slot} already holds, leaving at least the last prompt token to decode
     * (its logits give the first sampled token).
     */
    private static int reusable(Prompt prompt, Slot slot) {
        int cached = slot.free() ? slot.retained : Math.min(slot.position, slot.promptPositions);
        return Math.min(prompt.prefix().commonPositions(slot.prefix, cached), prompt.positions() - 1);
    }

    private void start(Reuse reuse, Pending pending, Prompt prompt) {
        Slot slot = reuse.target();
        int positions = reuse.positions();
        if (reuse.source() != slot) {
            context.seqRemove(slot.seq, -1, -1);
            // a whole-sequence copy: llama.cpp copies between sequences of a non-unified cache only as a whole
            context.seqCopy(reuse.source().seq, slot.seq, -1, -1);
        }
        if (positions == 0 || !context.seqRemove(slot.seq, positions, -1)) {
            context.seqRemove(slot.seq, -1, -1);
            positions = 0;
        }
        if (positions > 0) {
            prefixReuseHits++;
            reusedPositions += positions;
        }
        slot.pending = pending;
        slot.admittedNanos = System.nanoTime();
        slot.admissionOrder = admissions++;
        slot.chunks = prompt.chunks();
        slot.parts = prompt.parts();
        slot.prefix = prompt.prefix();
        slot.retained = 0;
        slot.promptPositions = prompt.positions();
        slot.stops = prompt.stops();
        slot.sampler = prompt.sampler();
        slot.position = positions;
        int remaining = positions;
        slot.partIndex = 0;
        while (remaining > 0 && remaining >= positionsOf(slot.parts.get(slot.partIndex))) {
            remaining -= positionsOf(slot.parts.get(slot.partIndex));
            slot.partIndex++;
        }
        slot.offset = remaining;
    }

    private static int positionsOf(Part part) {
        return switch (part) {
            case TextPart text -> text.tokens().length;
            case ImagePart image -> image.chunk().positionCount();
        };
    }

    private SamplerChain samplerFor(SamplingParams sampling) {
        SamplerChain chain = SamplerChain.create();
        try {
            if (sampling.grammar() != null) {
                chain.add(Sampler.grammar(vocab, sampling.grammar(), "root"));
            }
            if (sampling.isGreedy()) {
                return chain.add(Sampler.greedy());
            }
            if (sampling.topK() > 0) {
                chain.add(Sampler.topK(sampling.topK()));
            }
            if (sampling.topP() < 1f) {
                chain.add(Sampler.topP(sampling.topP(), 1));
            }
            return chain.add(Sampler.temperature(sampling.temperature()))
                    .add(Sampler.distribution((int) sampling.seed()));
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    // ---- images

    private void decodeImages() {
        for (Slot slot : slots) {
            while (!slot.free() && !slot.generating && slot.partIndex < slot.parts.size()
                    && slot.parts.get(slot.partIndex) instanceof ImagePart image) {
                try {
                    ImageEmbedding embedding = embeddingOf(slot, image.chunk());
                    imageDecodeCalls++;
                    long decodeStart = System.nanoTime();
                    slot.position = mtmd.decodeImage(context, image.chunk(), embedding, slot.position, slot.seq,
                            context.batchSize());
                    imageDecodeNanos += System.nanoTime() - decodeStart;
                    slot.partIndex++;
                    slot.offset = 0;
                } catch (RuntimeException e) {
                    fail(slot, e);
                }
            }
        }
    }

    private ImageEmbedding embeddingOf(Slot slot, MtmdInputChunk chunk) {
        String hash = chunk.id();
        ImageEmbedding cached = cache.get(hash);
        if (cached != null) {
            return cached;
        }
        long start = System.nanoTime();
        ImageEmbedding encoded = mtmd.encode(chunk);
        long encodeNanos = System.nanoTime() - start;
        imageEncodeNanos += encodeNanos;
        slot.encodeMs += encodeNanos / 1e6;
        imagesEncoded++;
        cache.put(hash, encoded);
        return encoded;
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
                .filter(s -> !s.free() && !s.generating && s.partIndex < s.parts.size()
                        && s.parts.get(s.partIndex) instanceof TextPart)
                .sorted((a, b) -> Long.compare(a.admissionOrder, b.admissionOrder))
                .toList();
        for (Slot slot : prefilling) {
            int room = batch.capacity() - batch.size();
            if (room == 0) {
                break;
            }
            int[] tokens = ((TextPart) slot.parts.get(slot.partIndex)).tokens();
            int count = Math.min(room, tokens.length - slot.offset);
            boolean endsPrompt = slot.partIndex == slot.parts.size() - 1 && slot.offset + count == tokens.length;
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
                int[] tokens = ((TextPart) slot.parts.get(slot.partIndex)).tokens();
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
        int token = slot.sampler.sample(context, slot.outputIndex);
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
        for (String stop : slot.stops) {
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
        double prefillMs = Math.max(0, (slot.firstTokenNanos - slot.admittedNanos) / 1e6 - slot.encodeMs);
        double decodeMs = (now - slot.firstTokenNanos) / 1e6;
        Generation generation = new Generation(text, slot.tokens, slot.promptPositions, slot.tokens.size(), reason,
                new Generation.Timings(slot.encodeMs, prefillMs, decodeMs));
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
        if (slot.sampler != null) {
            slot.sampler.close();
        }
        if (slot.chunks != null) {
            slot.chunks.close();
        }
        slot.pending = null;
        slot.sampler = null;
        slot.chunks = null;
        slot.parts = null;
        slot.stops = null;
        slot.partIndex = 0;
        slot.offset = 0;
        slot.planned = 0;
        slot.position = 0;
        slot.generating = false;
        slot.outputIndex = -1;
        slot.encodeMs = 0;
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
        return request.id().isEmpty() ? "(no id)" : request.id();
    }

    /** Frees every slot and the batch (called by the model on close); queued requests are dropped. */
    void close() {
        for (Slot slot : slots) {
            if (!slot.free()) {
                release(slot, true);
            }
        }
        queue.clear();
        batch.close();
    }
}
