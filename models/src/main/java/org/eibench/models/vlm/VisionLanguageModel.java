package org.eibench.models.vlm;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.eibench.kernels.llama.BackendDevices;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.kernels.llama.LlamaModel;
import org.eibench.kernels.llama.MtmdContext;
import org.eibench.kernels.llama.NativeLibraries;
import org.eibench.models.chat.ChatTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vision-language model: a llama.cpp text model, optionally its mmproj, and one context of
 * {@link VlmSpec#parallel()} sequences.
 *
 * <pre>{@code
 * try (VisionLanguageModel vlm = VisionLanguageModel.load(VlmSpec.builder().setModel(model).optMmproj(mmproj).build())) {
 *     Generation answer = vlm.generate(GenerationRequest.chat(
 *             List.of(ChatMessage.user(ChatTemplate.MEDIA_MARKER + "Why does she feel sad?")),
 *             List.of(ImageInput.of(image)), SamplingParams.greedy(256)));
 * }
 * }</pre>
 *
 * <p>Chat templates: a request's own template wins, then the spec's template object, then the spec's llama.cpp
 * template name, then the template stored in the model, rendered by llama.cpp ({@link PromptRenderer}).
 *
 * <p>Every request goes through the model's one {@link GenerationService} ({@link #service()}), which decodes up to
 * {@link VlmSpec#parallel()} of them together; {@link #generate}, {@link #generateAll} and {@link #trace} submit to it
 * and wait, so they may be called from any thread, also while others use the service.
 */
public final class VisionLanguageModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VisionLanguageModel.class);
    private static final int DEFAULT_CONTEXT_PER_SEQUENCE = 4096;

    /**
     * What was loaded, for run reports.
     *
     * @param model the text model file
     * @param mmproj the mmproj file, or null
     * @param description llama.cpp's model description
     * @param parameters parameter count
     * @param embeddingSize hidden size
     * @param contextSize KV cells in total
     * @param parallel sequences decoded together
     * @param chatTemplate the default template's name
     * @param nativeBuild the native build's build-info.properties (llama.commit, patch.hash, variant)
     */
    public record Info(Path model, Path mmproj, String description, long parameters, int embeddingSize,
            int contextSize, int parallel, String chatTemplate, Map<String, String> nativeBuild) {
    }

    private final VlmSpec spec;
    private final LlamaModel model;
    private final MtmdContext mtmd;
    private final LlamaContext context;
    private final BatchGenerator generator;
    private final ContinuousBatchingService service;
    private final PromptRenderer renderer;

    private VisionLanguageModel(VlmSpec spec, LlamaModel model, MtmdContext mtmd, LlamaContext context,
            int parallel, int cellsPerSequence) {
        this.spec = spec;
        this.model = model;
        this.mtmd = mtmd;
        this.context = context;
        this.renderer = new PromptRenderer(spec.model(), PromptRenderer.defaultTemplate(spec, model));
        this.generator = new BatchGenerator(renderer, context, mtmd, parallel, cellsPerSequence, spec.imageCacheSize(),
                spec.prefixReuse(), spec.preparation());
        this.service = new ContinuousBatchingService(generator, renderer, spec.model().getFileName().toString());
    }

    /**
     * Loads the model, the mmproj (when given) and a context.
     *
     * @throws org.eibench.kernels.llama.InvalidModelFileException when a file is missing, damaged or the pair does
     *     not fit
     * @throws org.eibench.kernels.llama.LlamaException when llama.cpp cannot load them
     */
    public static VisionLanguageModel load(VlmSpec spec) {
        LlamaModel model = LlamaModel.load(spec.model(), LlamaModel.Params.defaults().withGpuLayers(spec.gpuLayers()));
        try {
            MtmdContext mtmd = spec.mmproj() == null ? null
                    : MtmdContext.load(spec.mmproj(), model, new MtmdContext.Params(spec.gpuLayers() != 0,
                            spec.threads(), false));
            int perSequence = Math.min(DEFAULT_CONTEXT_PER_SEQUENCE, Math.max(512, model.trainedContextSize()));
            int contextSize = spec.contextSize() > 0 ? spec.contextSize() : perSequence * spec.parallel();
            KvBudget budget = kvBudget(spec);
            long bytesPerCell = model.kvBytesPerCell();
            KvCacheFit fit = budget == null ? new KvCacheFit(spec.parallel(), contextSize, null)
                    : KvCacheFit.fit(spec.parallel(), contextSize, bytesPerCell, budget.bytes(), budget.where());
            if (fit.adjustment() != null) {
                LOG.warn(fit.adjustment());
            }
            int cellsPerSequence = fit.contextSize() / fit.parallel();
            PrefixCacheSize cache = prefixCache(spec, fit, cellsPerSequence, bytesPerCell, budget);
            LlamaContext.Params params = LlamaContext.Params.defaults()
                    .withContextSize(fit.contextSize() + cache.cells())
                    .withSequences(fit.parallel() + cache.sequences())
                    .withBatchSize(spec.batchSize())
                    .withThreads(spec.threads())
                    .withFlashAttention(spec.flashAttentionFor(NativeLibraries.get().hasCuda()))
                    .withKvUnified(spec.kvLayout() == KvLayout.UNIFIED);
            LlamaContext context = LlamaContext.create(model, params);
            VisionLanguageModel vlm = new VisionLanguageModel(spec, model, mtmd, context, fit.parallel(),
                    cellsPerSequence);
            LOG.info("loaded {} ({}{}), {} KV layout, {} cells ({} MiB of KV): {} sequences x {} + {} prefix-cache"
                            + " sequences holding at most {} cells, chat template {}",
                    spec.model().getFileName(), model.description(),
                    mtmd == null ? ", text only" : ", mmproj " + spec.mmproj().getFileName(), spec.kvLayout().id(),
                    context.contextSize(), context.contextSize() * bytesPerCell >> 20, fit.parallel(),
                    vlm.generator.positionsPerSequence(), cache.sequences(), cache.cells(), vlm.templateName());
            return vlm;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Least GPU memory left free beside the KV cache, for compute buffers and other use. */
    private static final long RESERVE_BYTES = 1L << 30;

    /** Bytes the KV cache may take and where that bound comes from (for messages). */
    private record KvBudget(long bytes, String where) {
    }

    /**
     * The memory the KV cache may take: {@link VlmSpec#kvMemoryLimitBytes()} when given, else, when layers are
     * offloaded to GPUs, what they report free now less a reserve of 1 GiB or 5 % of their memory, whichever is
     * larger; null for no bound. Host memory is not sized this way: it is shared with the JVM and everything else on
     * the machine, so a CPU run keeps the request (a cache larger than the machine's memory is refused when the
     * context is created, with the fix).
     */
    private static KvBudget kvBudget(VlmSpec spec) {
        if (spec.kvMemoryLimitBytes() > 0) {
            return new KvBudget(spec.kvMemoryLimitBytes(), "allowed for it (--kv-memory-mib)");
        }
        List<BackendDevices.Device> gpus = spec.gpuLayers() == 0 ? List.of()
                : BackendDevices.list().stream().filter(BackendDevices.Device::dedicatedMemory).toList();
        long total = gpus.stream().mapToLong(BackendDevices.Device::totalBytes).sum();
        if (total <= 0) {
            return null;
        }
        long free = gpus.stream().mapToLong(BackendDevices.Device::freeBytes).sum();
        return new KvBudget(free - Math.max(RESERVE_BYTES, total / 20), "free on "
                + gpus.stream().map(BackendDevices.Device::name).toList()
                + " after loading the model (less a reserve for compute buffers)");
    }

    /**
     * The prefix cache's share of the context: sequences beside the running ones and the cells they may hold.
     *
     * @param cells in the per-sequence layout, the cache sequences' streams; in the unified layout, the cells added to
     *     the one buffer, which bound what the cache sequences hold together
     */
    record PrefixCacheSize(int sequences, int cells) {
        static final PrefixCacheSize NONE = new PrefixCacheSize(0, 0);
    }

    /**
     * The prefix cache's sequences and cells ({@link VlmSpec#prefixCacheBytes()}). Per sequence, each cache sequence
     * is one more stream of a running sequence's size ({@link #prefixCacheSequences}). Unified, the cache costs only
     * the cells it holds: when not given, as many cells as the running sequences have (the cache doubles the KV
     * cells at most; in the budget and the host-memory bound as for the per-sequence streams), shared by as many
     * cache sequences as llama.cpp allows, each holding at least {@link PrefixPlanner#MIN_PARK_POSITIONS}.
     */
    static PrefixCacheSize prefixCache(VlmSpec spec, KvCacheFit fit, int cellsPerSequence, long bytesPerCell,
            KvBudget budget) {
        if (!spec.prefixReuse() || spec.prefixCacheBytes() == 0) {
            return PrefixCacheSize.NONE;
        }
        if (spec.kvLayout() == KvLayout.PER_SEQUENCE) {
            int sequences = prefixCacheSequences(spec, fit, (long) cellsPerSequence * bytesPerCell, budget);
            return new PrefixCacheSize(sequences, sequences * cellsPerSequence);
        }
        long cells = spec.prefixCacheBytes() < 0 ? fit.contextSize() : spec.prefixCacheBytes() / bytesPerCell;
        cells = Math.min(cells, memoryLeft(spec, budget, (long) fit.contextSize() * bytesPerCell) / bytesPerCell);
        cells = Math.min(cells, Integer.MAX_VALUE - fit.contextSize());
        int sequences = (int) Math.min(cells / PrefixPlanner.MIN_PARK_POSITIONS,
                LlamaContext.MAX_SEQUENCES - fit.parallel());
        return sequences == 0 ? PrefixCacheSize.NONE : new PrefixCacheSize(sequences, (int) cells);
    }

    /**
     * Bytes the prefix cache may take beside {@code runningBytes} of the running sequences: what the KV budget leaves,
     * or, with no budget and a chosen cache size, half the host memory free now (it is shared with everything else).
     */
    private static long memoryLeft(VlmSpec spec, KvBudget budget, long runningBytes) {
        if (budget != null) {
            return Math.max(0, budget.bytes() - runningBytes);
        }
        return spec.prefixCacheBytes() < 0
                ? ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getFreeMemorySize() / 2
                : Long.MAX_VALUE;
    }

    /**
     * Cache sequences of the per-sequence layout: each is one more KV stream of a running sequence's size (the
     * per-sequence layout copies only whole streams).
     * When not given, eight times as many as there are running sequences: a runner keeps twice as many samples in
     * flight as it runs sequences, and a CFSA sample has prefixes of its own to keep between its calls (its image
     * prefix, its text-only stage's) while least-recently-used eviction also keeps finished samples' for a while (at
     * four times, 64 CFSA samples at N = 4 prefilled 105 images for 64; at eight times, 64); never more than the KV
     * budget leaves beside them, nor beyond llama.cpp's limit of sequences.
     */
    static int prefixCacheSequences(VlmSpec spec, KvCacheFit fit, long bytesPerSequence, KvBudget budget) {
        long wanted = spec.prefixCacheBytes() < 0 ? 8L * fit.parallel() : spec.prefixCacheBytes() / bytesPerSequence;
        wanted = Math.min(wanted, memoryLeft(spec, budget, fit.parallel() * bytesPerSequence) / bytesPerSequence);
        return (int) Math.min(wanted, LlamaContext.MAX_SEQUENCES - fit.parallel());
    }

    /** Whether images can be given (an mmproj with vision was loaded). */
    public boolean supportsImages() {
        return mtmd != null && mtmd.supportsVision();
    }

    /** Sequences decoded together. */
    public int parallelism() {
        return generator.parallelism();
    }

    /** The default chat template (null when neither the spec nor the model has one). */
    public ChatTemplate chatTemplate() {
        return renderer.defaultTemplate();
    }

    private String templateName() {
        return chatTemplate() == null ? "none" : chatTemplate().name();
    }

    /** The exact prompt text a request is tokenized from (media markers included). */
    public String renderPrompt(GenerationRequest request) {
        return renderer.render(request);
    }

    /**
     * The model's scheduler: requests submitted from any thread decode together, {@link #parallelism()} at a time.
     * Closing it stops it for good (the model closes it too).
     */
    public GenerationService service() {
        return service;
    }

    /**
     * Generates one answer: submits it to {@link #service()} and waits.
     *
     * @throws IllegalArgumentException for bad input (image not readable, no mmproj for an image, prompt too long)
     * @throws org.eibench.kernels.llama.LlamaException when native decoding fails
     */
    public Generation generate(GenerationRequest request) {
        return await(service.submitForResult(Objects.requireNonNull(request, "request"), null)).orThrow();
    }

    /**
     * Generates many answers with all sequences decoding together; a failing request becomes a failed result and
     * does not stop the others.
     *
     * @param onResult called as each request finishes, on the scheduler's thread (may be null)
     * @return results in request order
     */
    public List<BatchResult> generateAll(List<GenerationRequest> requests, Consumer<BatchResult> onResult) {
        Objects.requireNonNull(requests, "requests");
        List<CompletableFuture<BatchResult>> futures = requests.stream()
                .map(request -> service.submitForResult(request, null)
                        .whenComplete((result, failure) -> {
                            if (result != null && onResult != null) {
                                onResult.accept(result);
                            }
                        }))
                .toList();
        return futures.stream().map(VisionLanguageModel::await).toList();
    }

    /** Generates one answer and records the logits of every step (parity checks). */
    public LogitTrace trace(GenerationRequest request) {
        List<float[]> logits = Collections.synchronizedList(new ArrayList<>());
        Generation generation = await(service.submitForResult(request, logits)).orThrow();
        return new LogitTrace(generation, List.copyOf(logits));
    }

    private static BatchResult await(CompletableFuture<BatchResult> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The multi-sequence primitive under {@link #service()}, for tests that step it themselves (never both). */
    BatchGenerator batchGenerator() {
        return generator;
    }

    /** KV cells of the context, the prefix cache's included. */
    int kvCells() {
        return context.contextSize();
    }

    /** Provenance for reports. */
    public Info info() {
        return new Info(spec.model(), spec.mmproj(), model.description(), model.parameterCount(),
                model.embeddingSize(), generator.parallelism() * generator.positionsPerSequence(), generator.parallelism(),
                templateName(), NativeLibraries.get().buildInfo());
    }

    /** Frees the context, the mmproj and the model. */
    @Override
    public synchronized void close() {
        try {
            service.close();
            generator.close();
        } finally {
            model.close();
        }
    }
}
