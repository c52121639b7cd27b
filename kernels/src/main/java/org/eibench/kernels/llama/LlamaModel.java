package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;
import org.eibench.kernels.gguf.GgufFile;

/**
 * A loaded llama.cpp text model ({@code struct llama_model}).
 *
 * <p>Ownership (llama.h): the model is freed with {@code llama_model_free}; contexts and mtmd contexts created from it
 * must be freed first, so {@link #close()} closes every {@link LlamaContext} and {@link MtmdContext} still open on
 * this model before freeing it. The vocabulary ({@link #vocab()}) lives as long as the model.
 *
 * <p>Thread-safety: the model is read-only after loading and may be shared by contexts on several threads.
 */
public final class LlamaModel extends NativeHandle {
    /** {@code enum llama_load_mode}. */
    public enum LoadMode {
        AUTO(-1), NONE(0), MMAP(1), MLOCK(2), MMAP_MLOCK(3), DIRECT_IO(4);

        final int code;

        LoadMode(int code) {
            this.code = code;
        }
    }

    /**
     * What {@code llama_model_load_from_file} needs from us; everything else keeps {@code llama_model_default_params()}.
     *
     * @param gpuLayers layers to offload to the GPU; negative = all (llama.cpp's own default), 0 = CPU only
     * @param loadMode how the weights are read
     * @param progress receives load progress 0..1 (may be null)
     */
    public record Params(int gpuLayers, LoadMode loadMode, DoubleConsumer progress) {
        /** All layers on the GPU when there is one, automatic load mode, no progress reporting. */
        public static Params defaults() {
            return new Params(-1, LoadMode.AUTO, null);
        }

        public Params withGpuLayers(int layers) {
            return new Params(layers, loadMode, progress);
        }

        public Params withProgress(DoubleConsumer listener) {
            return new Params(gpuLayers, loadMode, listener);
        }
    }

    private final Path file;
    private final GgufFile gguf;
    private final LlamaVocab vocab;
    private final Set<AutoCloseable> children = ConcurrentHashMap.newKeySet();

    private LlamaModel(MemorySegment pointer, Path file, GgufFile gguf) {
        super(pointer, "llama model " + file);
        this.file = file;
        this.gguf = gguf;
        this.vocab = new LlamaVocab(this, LlamaNative.llama_model_get_vocab(pointer));
    }

    /**
     * Loads a GGUF model after the guard: the header is parsed and checked once in Java (exists, readable, well-formed,
     * not truncated, hyper-parameters llama.cpp would abort on), a new file is loaded in a child JVM first
     * ({@link LoadProbe}), and the parsed header stays available as {@link #gguf()}.
     *
     * @throws InvalidModelFileException when the file is missing, damaged or would abort llama.cpp
     * @throws LlamaException when llama.cpp cannot load it (unsupported architecture, out of memory, ...)
     */
    public static LlamaModel load(Path file, Params params) {
        NativeLibraries.get();
        GgufFile gguf = ModelFileGuard.model(file);
        LoadProbe.require(file, null);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = LlamaNative.llama_model_default_params(arena);
            p.set(JAVA_INT, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "n_gpu_layers"), params.gpuLayers());
            p.set(JAVA_INT, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "load_mode"), params.loadMode().code);
            if (params.progress() != null) {
                p.set(Layouts.C_POINTER, Layouts.offset(Layouts.LLAMA_MODEL_PARAMS, "progress_callback"),
                        progressStub(params.progress(), arena));
            }
            NativeLog.clearErrors();
            MemorySegment model = LlamaNative.llama_model_load_from_file(
                    arena.allocateFrom(file.toAbsolutePath().toString()), p);
            if (model.equals(MemorySegment.NULL)) {
                throw new LlamaException("llama.cpp could not load model " + file + NativeLog.nativeReason());
            }
            return new LlamaModel(model, file, gguf);
        }
    }

    private static MemorySegment progressStub(DoubleConsumer listener, Arena arena) {
        try {
            var target = MethodHandles.lookup().findStatic(LlamaModel.class, "onProgress",
                    MethodType.methodType(boolean.class, DoubleConsumer.class, float.class, MemorySegment.class))
                    .bindTo(listener);
            return Linker.nativeLinker().upcallStub(target,
                    FunctionDescriptor.of(JAVA_BOOLEAN, JAVA_FLOAT, Layouts.C_POINTER), arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused") // called from native code; must not throw
    private static boolean onProgress(DoubleConsumer listener, float progress, MemorySegment userData) {
        try {
            listener.accept(progress);
        } catch (RuntimeException ignored) {
            // a failing listener must not abort the JVM inside the loader
        }
        return true;
    }

    void register(AutoCloseable child) {
        pointer();
        children.add(child);
    }

    void unregister(AutoCloseable child) {
        children.remove(child);
    }

    @Override
    public void close() {
        for (AutoCloseable child : Set.copyOf(children)) {
            try {
                child.close();
            } catch (Exception ignored) {
                // closing is best effort; the model is freed regardless
            }
        }
        children.clear();
        super.close();
    }

    @Override
    void free(MemorySegment pointer) {
        LlamaNative.llama_model_free(pointer);
    }

    /** The GGUF file this model came from. */
    public Path file() {
        return file;
    }

    /** The GGUF header read and checked before loading (metadata, tensor shapes): read it here, not from the file again. */
    public GgufFile gguf() {
        return gguf;
    }

    /** The model's vocabulary (owned by the model). */
    public LlamaVocab vocab() {
        pointer();
        return vocab;
    }

    /** Hidden size ({@code llama_model_n_embd}). */
    public int embeddingSize() {
        return LlamaNative.llama_model_n_embd(pointer());
    }

    /** Input embedding size ({@code llama_model_n_embd_inp}): what image embeddings must match. */
    public int inputEmbeddingSize() {
        return LlamaNative.llama_model_n_embd_inp(pointer());
    }

    /** Context length the model was trained with. */
    public int trainedContextSize() {
        return LlamaNative.llama_model_n_ctx_train(pointer());
    }

    /** Number of transformer layers. */
    public int layerCount() {
        return LlamaNative.llama_model_n_layer(pointer());
    }

    /**
     * Bytes one KV cell takes with llama.cpp's default f16 cache: keys and values of every layer,
     * {@code 2 x n_layer x n_head_kv x (n_embd / n_head) x 2}. An estimate for architectures whose key and value
     * heads differ in size from {@code n_embd / n_head}.
     */
    public long kvBytesPerCell() {
        MemorySegment model = pointer();
        int heads = Math.max(1, LlamaNative.llama_model_n_head(model));
        long headDim = LlamaNative.llama_model_n_embd(model) / heads;
        return 2L * LlamaNative.llama_model_n_layer(model) * LlamaNative.llama_model_n_head_kv(model) * headDim * 2L;
    }

    /** Total tensor bytes. */
    public long sizeBytes() {
        return LlamaNative.llama_model_size(pointer());
    }

    /** Total parameter count. */
    public long parameterCount() {
        return LlamaNative.llama_model_n_params(pointer());
    }

    /** llama.cpp's description, e.g. {@code "llama ?B F16"}. */
    public String description() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = SizedBuffer.fill(arena, JAVA_BYTE, 128, SizedBuffer.Convention.FULL_LENGTH, 1,
                    "llama_model_desc", (buf, cap) -> LlamaNative.llama_model_desc(pointer(), buf, cap));
            return text == null ? "" : utf8(text);
        }
    }

    /** A scalar metadata value as llama.cpp formats it, e.g. {@code general.architecture}. */
    public Optional<String> metadata(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment k = arena.allocateFrom(key);
            MemorySegment text = SizedBuffer.fill(arena, JAVA_BYTE, 256, SizedBuffer.Convention.FULL_LENGTH, 1,
                    "llama_model_meta_val_str", (buf, cap) -> LlamaNative.llama_model_meta_val_str(pointer(), k, buf, cap));
            return text == null ? Optional.empty() : Optional.of(utf8(text));
        }
    }

    /** All scalar metadata (array values are left out by llama.cpp), in file order. */
    public Map<String, String> metadata() {
        Map<String, String> map = new LinkedHashMap<>();
        int count = LlamaNative.llama_model_meta_count(pointer());
        try (Arena arena = Arena.ofConfined()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                MemorySegment key = SizedBuffer.fill(arena, JAVA_BYTE, 128, SizedBuffer.Convention.FULL_LENGTH, 1,
                        "llama_model_meta_key_by_index",
                        (buf, cap) -> LlamaNative.llama_model_meta_key_by_index(pointer(), index, buf, cap));
                MemorySegment value = SizedBuffer.fill(arena, JAVA_BYTE, 256, SizedBuffer.Convention.FULL_LENGTH, 1,
                        "llama_model_meta_val_str_by_index",
                        (buf, cap) -> LlamaNative.llama_model_meta_val_str_by_index(pointer(), index, buf, cap));
                if (key != null && value != null) {
                    map.put(utf8(key), utf8(value));
                }
            }
        }
        return map;
    }

    /**
     * The chat template stored in the GGUF ({@code tokenizer.chat_template}, or {@code tokenizer.chat_template.NAME}).
     *
     * @param name null for the default template
     */
    public Optional<String> chatTemplate(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = LlamaNative.llama_model_chat_template(pointer(),
                    name == null ? MemorySegment.NULL : arena.allocateFrom(name));
            return result.equals(MemorySegment.NULL) ? Optional.empty()
                    : Optional.of(result.reinterpret(Long.MAX_VALUE).getString(0));
        }
    }

    static String utf8(MemorySegment bytes) {
        return new String(bytes.toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
