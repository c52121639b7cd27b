package org.eibench.engine.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.models.chat.ChatTemplatePolicy;
import org.eibench.models.vlm.KvLayout;
import org.eibench.models.vlm.VlmSpec;
import picocli.CommandLine.Option;

/** llama.cpp-style model options shared by generate, run and bench ({@code -m}, {@code --mmproj}, {@code -ngl}, …). */
public final class ModelOptions {
    /** The most CPU threads: ggml's thread pool holds at most GGML_MAX_N_THREADS (ggml.h) and asserts beyond. */
    static final int MAX_THREADS = 512;
    static final String MAX_THREADS_WHY = "0 = one per core; ggml's thread pool holds at most 512";
    /** Why a parallelism stops at {@code LlamaContext.MAX_SEQUENCES} (LLAMA_MAX_SEQ). */
    static final String MAX_SEQUENCES_WHY = "llama.cpp holds at most 256 sequences in a context";

    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "Text model GGUF file (e.g. llava-v1.5-7b-Q4_K_M.gguf); required unless the command takes"
                    + " --endpoint and it is given.")
    Path model;

    @Option(names = "--mmproj", paramLabel = "FILE",
            description = "Multimodal projector GGUF released with the model; needed for images.")
    Path mmproj;

    @Range(min = -1, why = "-1 = all")
    @Option(names = {"-ngl", "--gpu-layers"}, paramLabel = "N", defaultValue = "-1",
            description = "Layers offloaded to the GPU; -1 = all, 0 = CPU only (default: ${DEFAULT-VALUE}).")
    int gpuLayers;

    @Range(min = 0, why = "0 = 4096 per sequence")
    @Option(names = {"-c", "--ctx"}, paramLabel = "N", defaultValue = "0",
            description = "Total context size in tokens, shared by the parallel sequences; 0 = 4096 per sequence"
                    + " or the model's trained length if smaller (default: ${DEFAULT-VALUE}).")
    int contextSize;

    @Range(min = 0, why = "0 = unused")
    @Option(names = "--ctx-per-seq", paramLabel = "N", defaultValue = "0",
            description = "Context size per parallel sequence instead of a total (-c): the total is N x --parallel,"
                    + " also when --parallel is a list (bench); e.g. 1024 for 637-token prompts and 256-token answers"
                    + " (default: ${DEFAULT-VALUE}, unused).")
    int contextPerSequence;

    @Range(min = 0, max = ModelOptions.MAX_THREADS, why = ModelOptions.MAX_THREADS_WHY)
    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "0",
            description = "CPU threads; 0 = one per available core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--chat-template", paramLabel = "NAME",
            description = "Chat template: llava_v1, llava_v0, chatml_direct, mistral_instruct, … (LLaVA's own),"
                    + " vicuna, chatml, llama3, … (llama.cpp's); default: for a LLaVA model the reference's choice by"
                    + " model name (llava-v1.5-* -> llava_v1), for other models detected from the file's metadata.")
    String chatTemplate;

    /** The template choice, made once (it reads the GGUF headers). */
    private ChatTemplatePolicy.Choice templateChoice;

    @Option(names = {"-fa", "--flash-attn"}, paramLabel = "auto|on|off", defaultValue = "auto",
            description = "Flash attention; auto = off on the CPU (so greedy answers do not depend on --parallel),"
                    + " llama.cpp's choice on a GPU (default: ${DEFAULT-VALUE}).")
    String flashAttention;

    @Option(names = "--no-prefix-reuse",
            description = "Decode every prompt in full instead of reusing the KV cells of a prompt prefix (chat"
                    + " opening, image) that an earlier or running call already computed.")
    boolean noPrefixReuse;

    @Range(min = 0, max = Long.MAX_VALUE >> 20, why = "0 = no limit; the bytes must fit in 64 bits")
    @Option(names = "--kv-memory-mib", paramLabel = "MIB", defaultValue = "0",
            description = "Most memory the KV cache may take; 0 = with a GPU, what is free there after loading the"
                    + " model less a reserve (no limit on the CPU). A context that does not fit runs fewer parallel"
                    + " sequences instead of failing (default: ${DEFAULT-VALUE}).")
    long kvMemoryMib;

    @Range(min = -1, max = Long.MAX_VALUE >> 20, why = "-1 = choose, 0 = none; the bytes must fit in 64 bits")
    @Option(names = "--prefix-cache-mib", paramLabel = "MIB", defaultValue = "-1",
            description = "KV memory that keeps finished calls' prompt prefixes (chat opening, image, shared text)"
                    + " for later calls, beside the running sequences' own; evicted least recently used. -1 = eight"
                    + " times the running sequences' KV cache per sequence (--kv-layout unified: as much as theirs),"
                    + " within --kv-memory-mib or the GPU's free memory; 0 = only what the running sequences' cells"
                    + " still hold (default: ${DEFAULT-VALUE}).")
    long prefixCacheMib;

    @Option(names = "--kv-layout", paramLabel = "per-sequence|unified", defaultValue = "per-sequence",
            description = "KV cells: per-sequence = one stream per sequence (greedy answers do not depend on the"
                    + " schedule; a cached prefix costs a whole stream); unified = one buffer shared by all sequences"
                    + " (a cached prefix costs only its cells, but answers may change with the schedule, see"
                    + " docs/performance.md) (default: ${DEFAULT-VALUE}).")
    String kvLayout;

    @Option(names = "--vision-ahead", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "Read and encode images on their own thread ahead of decoding; auto = off until it is"
                    + " verified on a GPU (on the CPU encoder and decoder share the cores) (default: ${DEFAULT-VALUE}).")
    String visionAhead;

    @Option(names = "--prepare-ahead", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "Read images and tokenize the next requests on their own thread while the current batch"
                    + " decodes (the vision encoder stays at admission); auto = on when a core is free beside the"
                    + " --threads of llama.cpp (default: ${DEFAULT-VALUE}).")
    String prepareAhead;

    /** An auto|on|off option: null (choose), true or false. */
    private static Boolean autoOnOff(String option, String value) {
        return switch (value) {
            case "auto" -> null;
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + " must be auto, on or off, got '" + value + "'");
        };
    }

    /** The model spec these options describe, with {@code parallel} sequences. */
    public VlmSpec spec(int parallel) throws IOException {
        requireModel();
        if (contextSize > 0 && contextPerSequence > 0) {
            throw new IllegalArgumentException("give either -c (total context) or --ctx-per-seq (per sequence),"
                    + " not both");
        }
        if (contextSize < 0 || contextPerSequence < 0 || kvMemoryMib < 0) {
            throw new IllegalArgumentException("-c, --ctx-per-seq and --kv-memory-mib must not be negative");
        }
        int total = contextPerSequence > 0 ? Math.multiplyExact(contextPerSequence, parallel) : contextSize;
        VlmSpec.Builder builder = VlmSpec.builder().setModel(model).optMmproj(mmproj).optGpuLayers(gpuLayers)
                .optContextSize(total).optThreads(threadsOrCores(threads)).optParallel(parallel)
                .optPrefixReuse(!noPrefixReuse)
                .optKvMemoryLimit(Math.multiplyExact(kvMemoryMib, 1L << 20))
                .optPrefixCache(prefixCacheMib < 0 ? -1 : Math.multiplyExact(prefixCacheMib, 1L << 20))
                .optKvLayout(kvLayout())
                .optVisionAhead(autoOnOff("--vision-ahead", visionAhead))
                .optPrepareAhead(autoOnOff("--prepare-ahead", prepareAhead))
                .optFlashAttention(switch (flashAttention) {
                    case "auto" -> null;
                    case "on" -> LlamaContext.FlashAttention.ENABLED;
                    case "off" -> LlamaContext.FlashAttention.DISABLED;
                    default -> throw new IllegalArgumentException("--flash-attn must be auto, on or off, got '"
                            + flashAttention + "'");
                });
        templateChoice().template().ifPresent(builder::optChatTemplate);
        return builder.build();
    }

    /**
     * The chat template and why ({@link ChatTemplatePolicy}: {@code --chat-template}, else the reference's rule for a
     * LLaVA model, else detection); an empty template leaves the model's own to llama.cpp.
     */
    public ChatTemplatePolicy.Choice templateChoice() throws IOException {
        requireModel();
        if (templateChoice == null) {
            templateChoice = ChatTemplatePolicy.builtIn().choose(model, mmproj, chatTemplate);
        }
        return templateChoice;
    }

    /**
     * The chat template for a model served by an endpoint, chosen by the reference's rule on its name (or
     * {@code --chat-template}); it only writes the records' prompts, since the server applies its own.
     */
    public ChatTemplatePolicy.Choice endpointTemplateChoice(String modelName) {
        String shortName = modelName.substring(modelName.lastIndexOf('/') + 1);
        return ChatTemplatePolicy.builtIn().choose(new ChatTemplatePolicy.ModelNames(shortName, null, null, null),
                () -> new ChatTemplatePolicy.Choice(java.util.Optional.empty(), "server",
                        "the server applies its own template; records show the turns as ROLE: text"),
                chatTemplate);
    }

    private void requireModel() {
        if (model == null) {
            throw new IllegalArgumentException("give the model: -m FILE.gguf (or, for eibench run, --endpoint URL"
                    + " --endpoint-model NAME)");
        }
    }

    /**
     * The thread count to give llama.cpp: its own default is 4 threads whatever the machine, and its threads
     * spin-wait at every barrier, so on a 2-core machine 4 threads run many times slower than 2.
     */
    static int threadsOrCores(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Whether calls reuse the KV cells of shared prompt prefixes. */
    public boolean prefixReuse() {
        return !noPrefixReuse;
    }

    /** The KV layout {@code --kv-layout} names. */
    public KvLayout kvLayout() {
        return KvLayout.of(kvLayout);
    }

    public Path model() {
        return model;
    }

    public Path mmproj() {
        return mmproj;
    }
}
