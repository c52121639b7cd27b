package org.eibench.kernels.gguf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A summary of a GGUF file for people and for {@code eibench inspect}: what model it is, how big, and (for an
 * mmproj file, architecture {@code clip}) what vision encoder and projector it holds. Absent values are
 * {@code null}.
 *
 * @param path the file
 * @param version GGUF version
 * @param fileSize bytes on disk
 * @param architecture {@code general.architecture}
 * @param name {@code general.name}
 * @param fileType {@code general.file_type} as llama.cpp names it (e.g. {@code MOSTLY_F16}), or the raw number
 * @param parameterCount the sum of all tensor element counts
 * @param tensorCount number of tensors
 * @param contextLength {@code <arch>.context_length}
 * @param embeddingLength {@code <arch>.embedding_length}
 * @param blockCount {@code <arch>.block_count}
 * @param headCount {@code <arch>.attention.head_count}
 * @param headCountKv {@code <arch>.attention.head_count_kv}
 * @param vocabSize the length of {@code tokenizer.ggml.tokens}
 * @param tokenizerModel {@code tokenizer.ggml.model}
 * @param bosTokenId {@code tokenizer.ggml.bos_token_id}
 * @param eosTokenId {@code tokenizer.ggml.eos_token_id}
 * @param chatTemplate {@code tokenizer.chat_template}, the full Jinja text
 * @param vision the vision-encoder summary of an mmproj file, else {@code null}
 */
public record GgufInfo(
        String path,
        int version,
        long fileSize,
        String architecture,
        String name,
        String fileType,
        long parameterCount,
        int tensorCount,
        Long contextLength,
        Long embeddingLength,
        Long blockCount,
        Long headCount,
        Long headCountKv,
        Long vocabSize,
        String tokenizerModel,
        Long bosTokenId,
        Long eosTokenId,
        String chatTemplate,
        Vision vision) {

    /** The architecture of mmproj (vision encoder + projector) files. */
    public static final String CLIP = "clip";

    /**
     * The vision part of an mmproj file.
     *
     * @param projectorType {@code clip.projector_type} (e.g. {@code mlp} for LLaVA-1.5)
     * @param hasVisionEncoder {@code clip.has_vision_encoder}
     * @param imageSize {@code clip.vision.image_size}
     * @param patchSize {@code clip.vision.patch_size}
     * @param embeddingLength {@code clip.vision.embedding_length}
     * @param blockCount {@code clip.vision.block_count}
     * @param projectionDim the width of the projector's output as libmtmd computes it ({@link ProjectorFit#projectionDim})
     */
    public record Vision(String projectorType, Boolean hasVisionEncoder, Long imageSize, Long patchSize,
            Long embeddingLength, Long blockCount, Long projectionDim) {}

    private static final String[] FILE_TYPES = {
        "ALL_F32", "MOSTLY_F16", "MOSTLY_Q4_0", "MOSTLY_Q4_1", null, null, null, "MOSTLY_Q8_0", "MOSTLY_Q5_0",
        "MOSTLY_Q5_1", "MOSTLY_Q2_K", "MOSTLY_Q3_K_S", "MOSTLY_Q3_K_M", "MOSTLY_Q3_K_L", "MOSTLY_Q4_K_S",
        "MOSTLY_Q4_K_M", "MOSTLY_Q5_K_S", "MOSTLY_Q5_K_M", "MOSTLY_Q6_K", "MOSTLY_IQ2_XXS", "MOSTLY_IQ2_XS",
        "MOSTLY_Q2_K_S", "MOSTLY_IQ3_XS", "MOSTLY_IQ3_XXS", "MOSTLY_IQ1_S", "MOSTLY_IQ4_NL", "MOSTLY_IQ3_S",
        "MOSTLY_IQ3_M", "MOSTLY_IQ2_S", "MOSTLY_IQ2_M", "MOSTLY_IQ4_XS", "MOSTLY_IQ1_M", "MOSTLY_BF16", null, null,
        null, "MOSTLY_TQ1_0", "MOSTLY_TQ2_0", "MOSTLY_MXFP4_MOE", "MOSTLY_NVFP4", "MOSTLY_Q1_0", "MOSTLY_Q2_0",
    };

    /** Summarises a file that has been read. */
    public static GgufInfo of(GgufFile f) {
        String arch = f.architecture();
        String prefix = arch + ".";
        return new GgufInfo(
                f.path().toString(),
                f.version(),
                f.fileSize(),
                arch,
                f.getString("general.name").orElse(null),
                fileTypeName(f),
                f.parameterCount(),
                f.tensors().size(),
                uint(f, prefix + "context_length"),
                uint(f, prefix + "embedding_length"),
                uint(f, prefix + "block_count"),
                uint(f, prefix + "attention.head_count"),
                uint(f, prefix + "attention.head_count_kv"),
                f.getArray("tokenizer.ggml.tokens").map(a -> (long) a.size()).orElse(null),
                f.getString("tokenizer.ggml.model").orElse(null),
                uint(f, "tokenizer.ggml.bos_token_id"),
                uint(f, "tokenizer.ggml.eos_token_id"),
                f.chatTemplate().orElse(null),
                CLIP.equals(arch) ? vision(f) : null);
    }

    private static Vision vision(GgufFile f) {
        return new Vision(
                f.getString("clip.projector_type").orElse(null),
                f.getBool("clip.has_vision_encoder").orElse(null),
                uint(f, "clip.vision.image_size"),
                uint(f, "clip.vision.patch_size"),
                uint(f, "clip.vision.embedding_length"),
                uint(f, "clip.vision.block_count"),
                ProjectorFit.projectionDim(f).isPresent() ? ProjectorFit.projectionDim(f).getAsLong() : null);
    }

    private static Long uint(GgufFile f, String key) {
        var v = f.getUInt(key);
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static String fileTypeName(GgufFile f) {
        var ft = f.getUInt("general.file_type");
        if (ft.isEmpty()) {
            return null;
        }
        long id = ft.getAsLong();
        String name = id < FILE_TYPES.length ? FILE_TYPES[(int) id] : null;
        return name != null ? name : "unknown (" + id + ")";
    }

    /** Whether this is an mmproj (vision encoder + projector) file. */
    public boolean isMmproj() {
        return vision != null;
    }

    /** The first line of the chat template, cut to {@code maxChars}, or {@code null} when there is none. */
    public String chatTemplatePreview(int maxChars) {
        if (chatTemplate == null) {
            return null;
        }
        String oneLine = chatTemplate.replace("\n", "\\n");
        return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, Math.max(0, maxChars - 3)) + "...";
    }

    /** The summary as ordered key/values, absent values left out; what {@link #describe()} and JSON output show. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "path", path);
        put(m, "gguf_version", version);
        put(m, "file_size", fileSize);
        put(m, "architecture", architecture);
        put(m, "name", name);
        put(m, "file_type", fileType);
        put(m, "parameter_count", parameterCount);
        put(m, "tensor_count", tensorCount);
        put(m, "context_length", contextLength);
        put(m, "embedding_length", embeddingLength);
        put(m, "block_count", blockCount);
        put(m, "head_count", headCount);
        put(m, "head_count_kv", headCountKv);
        put(m, "vocab_size", vocabSize);
        put(m, "tokenizer_model", tokenizerModel);
        put(m, "bos_token_id", bosTokenId);
        put(m, "eos_token_id", eosTokenId);
        put(m, "has_chat_template", chatTemplate != null);
        if (vision != null) {
            put(m, "projector_type", vision.projectorType());
            put(m, "has_vision_encoder", vision.hasVisionEncoder());
            put(m, "image_size", vision.imageSize());
            put(m, "patch_size", vision.patchSize());
            put(m, "vision_embedding_length", vision.embeddingLength());
            put(m, "vision_block_count", vision.blockCount());
            put(m, "projection_dim", vision.projectionDim());
        }
        return m;
    }

    /** A readable multi-line summary, one {@code key: value} per line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        toMap().forEach((k, v) -> sb.append(String.format("%-24s %s%n", k + ":", v)));
        String preview = chatTemplatePreview(100);
        if (preview != null) {
            sb.append(String.format("%-24s %s%n", "chat_template:", preview));
        }
        return sb.toString();
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
