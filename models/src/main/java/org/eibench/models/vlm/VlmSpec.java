package org.eibench.models.vlm;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.models.chat.ChatTemplate;

/**
 * What to load for a {@link VisionLanguageModel}: built with {@link #builder()}; {@code set} methods are required,
 * {@code opt} methods optional (DJL's Criteria convention).
 *
 * <pre>{@code
 * VlmSpec spec = VlmSpec.builder()
 *         .setModel(Path.of("llava-v1.5-7b-Q4_K_M.gguf"))
 *         .optMmproj(Path.of("mmproj-model-f16.gguf"))
 *         .optGpuLayers(99).optContextSize(8192).optParallel(8)
 *         .build();
 * }</pre>
 *
 * @param model the text model GGUF
 * @param mmproj the multimodal projector GGUF, or null for a text-only model
 * @param gpuLayers layers offloaded to the GPU (negative = all, 0 = CPU only)
 * @param contextSize total KV cells for all parallel sequences (0 = 4096 per sequence, capped by the model)
 * @param parallel sequences decoded together ({@code n_seq_max})
 * @param batchSize most tokens per decode call (0 = llama.cpp default 2048)
 * @param threads CPU threads (0 = llama.cpp default)
 * @param chatTemplateName a llama.cpp built-in template name ("vicuna", "chatml", ...), or null
 * @param chatTemplate a template object, or null; wins over the name
 * @param imageCacheSize image encodings kept for reuse across requests (0 disables the cache)
 * @param flashAttention flash attention, or null to choose: off for CPU-only runs (see {@link #flashAttentionFor}),
 *     llama.cpp's automatic choice with a GPU
 * @param prefixReuse reuse the KV cells of a prompt prefix (chat opening, image, shared text) that a sequence already
 *     holds or another sequence computed, instead of decoding it again (see {@link BatchGenerator})
 * @param kvMemoryLimitBytes most bytes the KV cache may take, or 0 to size it from the GPU memory free after loading
 *     the model (offloaded runs only); a request that does not fit runs fewer sequences (see {@link KvCacheFit})
 * @param visionAhead prepare requests (read and tokenize images, run the vision encoder) on their own thread ahead of
 *     admission, overlapping decoding; or null to choose (see {@link #visionAheadEnabled})
 * @param prefixCacheBytes most bytes of KV cells that hold finished requests' prompt prefixes for later ones, beside
 *     the running sequences' cells (see {@link PrefixPlanner}); 0 keeps only what the running sequences' own cells
 *     hold, negative chooses (see {@code VisionLanguageModel.prefixCache})
 * @param kvLayout how KV cells are laid out over the sequences (null = {@link KvLayout#PER_SEQUENCE})
 * @param prepareAhead read images and tokenize requests on their own thread ahead of admission, the vision encoder
 *     staying on the decoding thread ({@link Preparation#TOKENIZE_AHEAD}); or null to choose (see
 *     {@link #preparation})
 */
public record VlmSpec(Path model, Path mmproj, int gpuLayers, int contextSize, int parallel, int batchSize,
        int threads, String chatTemplateName, ChatTemplate chatTemplate, int imageCacheSize,
        LlamaContext.FlashAttention flashAttention, boolean prefixReuse, long kvMemoryLimitBytes,
        Boolean visionAhead, long prefixCacheBytes, KvLayout kvLayout, Boolean prepareAhead) {
    public VlmSpec {
        kvLayout = kvLayout == null ? KvLayout.PER_SEQUENCE : kvLayout;
        Objects.requireNonNull(model, "model (use setModel)");
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        if (contextSize < 0 || batchSize < 0 || threads < 0 || imageCacheSize < 0 || kvMemoryLimitBytes < 0) {
            throw new IllegalArgumentException("sizes and thread counts must not be negative");
        }
    }

    /**
     * The flash-attention mode to use. On the CPU, llama.cpp's flash attention splits a single-token decode across
     * threads differently from a multi-token batch, so a sequence's logits would depend on what it is batched with;
     * without it, greedy answers do not depend on {@code parallel} or scheduling (BatchGeneratorTest). With a GPU,
     * llama.cpp chooses (the GPU's batch-shape-dependent kernels rule out that guarantee there anyway).
     */
    public LlamaContext.FlashAttention flashAttentionFor(boolean gpuBackendPresent) {
        if (flashAttention != null) {
            return flashAttention;
        }
        return gpuBackendPresent && gpuLayers != 0 ? LlamaContext.FlashAttention.AUTO
                : LlamaContext.FlashAttention.DISABLED;
    }

    /**
     * Whether images are encoded on their own thread ahead of decoding. Chosen: off for now. On the CPU both stages
     * would share the same cores (on a 2-core machine that made CFSA slower, see docs/performance.md). On a GPU the
     * encoder and the decoder are separate CUDA streams driven from two threads, which older ggml-cuda versions did
     * not survive (llama.cpp issue 11804, CUDA graph capture); until a GPU run of this build has shown it safe and
     * faster, it is opt-in ({@code --vision-ahead on}).
     */
    public boolean visionAheadEnabled() {
        return visionAhead != null && visionAhead;
    }

    /**
     * Where requests are prepared: {@link Preparation#ENCODE_AHEAD} with {@link #visionAheadEnabled}; otherwise
     * {@link Preparation#TOKENIZE_AHEAD} when {@code prepareAhead} is true, or chosen (null) and a core is free beside
     * llama.cpp's {@code threads}; else {@link Preparation#INLINE}. On 2 cores with 2 threads the stage's thread only
     * takes CPU from ggml's, and the tiny fixture ran 1–5 % slower with it (docs/performance.md, issue 17); with a
     * free core it overlaps reading and tokenizing with decoding. The schedule is the same either way.
     */
    public Preparation preparation() {
        if (visionAheadEnabled()) {
            return Preparation.ENCODE_AHEAD;
        }
        boolean ahead = prepareAhead != null ? prepareAhead
                : threads > 0 && Runtime.getRuntime().availableProcessors() > threads;
        return ahead ? Preparation.TOKENIZE_AHEAD : Preparation.INLINE;
    }

    public Optional<Path> mmprojFile() {
        return Optional.ofNullable(mmproj);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link VlmSpec}. */
    public static final class Builder {
        private Path model;
        private Path mmproj;
        private int gpuLayers = -1;
        private int contextSize;
        private int parallel = 1;
        private int batchSize;
        private int threads;
        private String chatTemplateName;
        private ChatTemplate chatTemplate;
        private int imageCacheSize = 32;
        private LlamaContext.FlashAttention flashAttention;
        private boolean prefixReuse = true;
        private Boolean visionAhead;
        private long kvMemoryLimitBytes;
        private long prefixCacheBytes = -1;
        private KvLayout kvLayout = KvLayout.PER_SEQUENCE;
        private Boolean prepareAhead;

        private Builder() {
        }

        /** The text model GGUF (required). */
        public Builder setModel(Path file) {
            this.model = file;
            return this;
        }

        /** The mmproj GGUF; without it the model takes text only. */
        public Builder optMmproj(Path file) {
            this.mmproj = file;
            return this;
        }

        /** Layers on the GPU: negative = all (default), 0 = CPU only. */
        public Builder optGpuLayers(int layers) {
            this.gpuLayers = layers;
            return this;
        }

        /** Total context over all parallel sequences (default 4096 per sequence, capped by the model). */
        public Builder optContextSize(int cells) {
            this.contextSize = cells;
            return this;
        }

        /** Sequences decoded together (default 1). */
        public Builder optParallel(int sequences) {
            this.parallel = sequences;
            return this;
        }

        /** Most tokens per decode call (default 2048). */
        public Builder optBatchSize(int tokens) {
            this.batchSize = tokens;
            return this;
        }

        /** CPU threads (default: llama.cpp's choice). */
        public Builder optThreads(int count) {
            this.threads = count;
            return this;
        }

        /** A llama.cpp built-in chat template by name (default: the template stored in the model). */
        public Builder optChatTemplate(String name) {
            this.chatTemplateName = name;
            return this;
        }

        /** A chat template object (e.g. ChatTemplatePolicy's choice, from the project's template registry). */
        public Builder optChatTemplate(ChatTemplate template) {
            this.chatTemplate = template;
            return this;
        }

        /** Image encodings kept for reuse (default 32; 0 disables). */
        public Builder optImageCacheSize(int entries) {
            this.imageCacheSize = entries;
            return this;
        }

        /** Flash attention on, off or llama.cpp's choice (default: off on the CPU, llama.cpp's choice on a GPU). */
        public Builder optFlashAttention(LlamaContext.FlashAttention mode) {
            this.flashAttention = mode;
            return this;
        }

        /** Reuse the KV cells of shared prompt prefixes across requests (default on; off recomputes every prompt). */
        public Builder optPrefixReuse(boolean reuse) {
            this.prefixReuse = reuse;
            return this;
        }

        /** Encode images on their own thread ahead of decoding: true, false, or null to choose (the default). */
        public Builder optVisionAhead(Boolean ahead) {
            this.visionAhead = ahead;
            return this;
        }

        /** Read and tokenize requests on their own thread ahead of admission: true, false, or null to choose. */
        public Builder optPrepareAhead(Boolean ahead) {
            this.prepareAhead = ahead;
            return this;
        }

        /** Most bytes the KV cache may take (default 0: what is free after loading the model, less a reserve). */
        public Builder optKvMemoryLimit(long bytes) {
            this.kvMemoryLimitBytes = bytes;
            return this;
        }

        /**
         * Most bytes of KV cells kept for finished requests' prompt prefixes (default -1: choose; 0: only the running
         * sequences' own cells).
         */
        public Builder optPrefixCache(long bytes) {
            this.prefixCacheBytes = bytes;
            return this;
        }

        /** The KV cells' layout over the sequences (default {@link KvLayout#PER_SEQUENCE}). */
        public Builder optKvLayout(KvLayout layout) {
            this.kvLayout = layout;
            return this;
        }

        public VlmSpec build() {
            return new VlmSpec(model, mmproj, gpuLayers, contextSize, parallel, batchSize, threads, chatTemplateName,
                    chatTemplate, imageCacheSize, flashAttention, prefixReuse, kvMemoryLimitBytes, visionAhead,
                    prefixCacheBytes, kvLayout, prepareAhead);
        }
    }
}
