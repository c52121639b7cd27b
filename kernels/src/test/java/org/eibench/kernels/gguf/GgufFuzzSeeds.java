package org.eibench.kernels.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small valid GGUF files that seed {@link GgufFuzzTest}: a text model, an mmproj, every value type, several tensor
 * types and alignments. The real fixtures are megabytes, far too big to mutate quickly; these are a few hundred
 * bytes each. {@code main} writes them into the committed seed corpus:
 *
 * <pre>{@code
 * java -cp <models test classpath> org.eibench.kernels.gguf.GgufFuzzSeeds \
 *     models/src/test/resources/org/eibench/models/gguf/GgufFuzzTestInputs/readNeverFailsUnchecked
 * }</pre>
 */
public final class GgufFuzzSeeds {
    private GgufFuzzSeeds() {}

    /** The seeds by file name, each a well-formed GGUF file. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("seed-empty-v3.gguf", new GgufTestWriter().bytes());
        seeds.put("seed-text-model.gguf", new GgufTestWriter()
                .kv("general.architecture", GgufValueType.STRING, "llama")
                .kv("general.name", GgufValueType.STRING, "tiny")
                .kv("general.file_type", GgufValueType.UINT32, 1)
                .kv("llama.context_length", GgufValueType.UINT32, 64)
                .kv("llama.embedding_length", GgufValueType.UINT32, 16)
                .kv("llama.block_count", GgufValueType.UINT32, 1)
                .kv("llama.attention.head_count", GgufValueType.UINT32, 2)
                .kv("llama.attention.head_count_kv", GgufValueType.UINT32, 2)
                .kv("tokenizer.ggml.model", GgufValueType.STRING, "llama")
                .kv("tokenizer.ggml.tokens", GgufValueType.ARRAY, new GgufArray(GgufValueType.STRING, List.of("<s>", "</s>", "a")))
                .kv("tokenizer.ggml.bos_token_id", GgufValueType.UINT32, 0)
                .kv("tokenizer.ggml.eos_token_id", GgufValueType.UINT32, 1)
                .kv("tokenizer.chat_template", GgufValueType.STRING, "{% for m in messages %}<|im_start|>{{ m.content }}{% endfor %}")
                .tensor("token_embd.weight", GgmlType.F16, 16, 3)
                .tensor("blk.0.ffn.weight", GgmlType.Q4_0, 32, 1)
                .bytes());
        seeds.put("seed-mmproj.gguf", new GgufTestWriter()
                .kv("general.architecture", GgufValueType.STRING, GgufInfo.CLIP)
                .kv("clip.projector_type", GgufValueType.STRING, "mlp")
                .kv("clip.has_vision_encoder", GgufValueType.BOOL, true)
                .kv("clip.vision.image_size", GgufValueType.UINT32, 28)
                .kv("clip.vision.patch_size", GgufValueType.UINT32, 14)
                .kv("clip.vision.embedding_length", GgufValueType.UINT32, 8)
                .kv("clip.vision.block_count", GgufValueType.UINT32, 1)
                .tensor("mm.0.weight", GgmlType.F16, 8, 16)
                .tensor("mm.2.weight", GgmlType.F16, 16, 16)
                .bytes());
        GgufArray nested = new GgufArray(GgufValueType.ARRAY, List.of(
                new GgufArray(GgufValueType.INT16, List.of(-1L, 2L)), new GgufArray(GgufValueType.STRING, List.of("x"))));
        seeds.put("seed-every-value-type-v2.gguf", new GgufTestWriter().version(2).alignment(64)
                .kv(GgufFile.KEY_ALIGNMENT, GgufValueType.UINT32, 64)
                .kv("u8", GgufValueType.UINT8, 250)
                .kv("i8", GgufValueType.INT8, -5)
                .kv("u16", GgufValueType.UINT16, 65000)
                .kv("i16", GgufValueType.INT16, -30000)
                .kv("i32", GgufValueType.INT32, -2_000_000_000)
                .kv("f32", GgufValueType.FLOAT32, 1.5f)
                .kv("u64", GgufValueType.UINT64, -1L)
                .kv("i64", GgufValueType.INT64, -(1L << 40))
                .kv("f64", GgufValueType.FLOAT64, 2.25)
                .kv("str", GgufValueType.STRING, "héllo ✓")
                .kv("nested", GgufValueType.ARRAY, nested)
                .tensor("output_norm.weight", GgmlType.F32, 5)
                .bytes());
        seeds.put("seed-tensor-types.gguf", new GgufTestWriter().alignment(16)
                .kv(GgufFile.KEY_ALIGNMENT, GgufValueType.UINT32, 16)
                .kv("general.architecture", GgufValueType.STRING, "clip")
                .kv("clip.vision.projection_dim", GgufValueType.UINT32, 32)
                .tensor("a", GgmlType.Q8_0, 32, 1)
                .tensor("b", GgmlType.Q4_K, 256)
                .tensor("c", GgmlType.I8, 3, 2, 1, 1)
                .tensor("d", GgmlType.BF16, 0, 7)
                .bytes());
        return seeds;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }
}
