package org.eibench.kernels.gguf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What llama.cpp and libmtmd of the pinned source (de3ff815) assert on when they load a header that parsed: values
 * that are in range for the format but make {@code GGML_ASSERT} abort the whole process at load, first decode or
 * first image encode. Each problem is one sentence naming the key or tensor, the value, and the fix; an empty list
 * means no rule here objects (the file may still fail in llama.cpp with an ordinary, reported error).
 *
 * <p>Sources: {@code src/llama-model.cpp} ({@code load_hparams}: block count, experts), {@code src/llama-vocab.cpp}
 * (unique token strings), {@code ggml-backend.cpp} (32-byte tensor alignment of mapped data),
 * {@code tools/mtmd/clip.cpp} (vision hyper-parameters and the LLaVA projector's matrix shapes).
 */
public final class GgufLoadRules {
    /** llama-hparams.h LLAMA_MAX_LAYERS. */
    static final long MAX_LAYERS = 512;
    /** llama-hparams.h LLAMA_MAX_EXPERTS. */
    static final long MAX_EXPERTS = 1024;
    /** ggml-backend.cpp TENSOR_ALIGNMENT: mapped tensor data must start on such a boundary. */
    static final long TENSOR_ALIGNMENT = 32;
    private static final Set<String> ROPE_SCALING_TYPES = Set.of("none", "linear", "yarn", "longrope");
    private static final String RECONVERT = "convert the model again with llama.cpp's convert_hf_to_gguf.py";

    private GgufLoadRules() {
    }

    /** Problems that would make llama.cpp abort on this file as a text model. */
    public static List<String> forModel(GgufFile f) {
        List<String> problems = new ArrayList<>();
        String arch = f.architecture();
        if (GgufInfo.CLIP.equals(arch)) {
            problems.add("is a projector (mmproj) file (general.architecture = clip), not a text model: pass it as"
                    + " --mmproj and the text model it belongs to as --model");
            return problems;
        }
        if (f.alignment() % TENSOR_ALIGNMENT != 0) {
            problems.add("has general.alignment = " + f.alignment() + ": llama.cpp maps tensor data on "
                    + TENSOR_ALIGNMENT + "-byte boundaries and aborts on a smaller alignment; write the file again"
                    + " with general.alignment " + TENSOR_ALIGNMENT + " (gguf-py's default), e.g. " + RECONVERT);
        }
        String p = arch + ".";
        OptionalLong layers = f.getUInt(p + "block_count");
        if (layers.isPresent() && (layers.getAsLong() < 1 || layers.getAsLong() > MAX_LAYERS)) {
            problems.add("has " + p + "block_count = " + layers.getAsLong() + ", outside the 1.." + MAX_LAYERS
                    + " layers llama.cpp supports; the header is damaged: " + RECONVERT);
        }
        positive(f, p + "context_length", problems);
        OptionalLong embd = positive(f, p + "embedding_length", problems);
        OptionalLong heads = positive(f, p + "attention.head_count", problems);
        OptionalLong kvHeads = positive(f, p + "attention.head_count_kv", problems);
        if (heads.isPresent() && kvHeads.isPresent() && heads.getAsLong() % kvHeads.getAsLong() != 0) {
            problems.add("has " + p + "attention.head_count = " + heads.getAsLong() + ", not a multiple of "
                    + p + "attention.head_count_kv = " + kvHeads.getAsLong() + "; " + RECONVERT);
        }
        if (embd.isPresent() && heads.isPresent() && f.getUInt(p + "attention.key_length").isEmpty()
                && embd.getAsLong() % heads.getAsLong() != 0) {
            problems.add("has " + p + "embedding_length = " + embd.getAsLong() + ", not divisible by "
                    + p + "attention.head_count = " + heads.getAsLong() + "; " + RECONVERT);
        }
        long experts = f.getUInt(p + "expert_count").orElse(0);
        long expertsUsed = f.getUInt(p + "expert_used_count").orElse(0);
        if (experts > MAX_EXPERTS || expertsUsed > experts || (experts > 0 && expertsUsed == 0)) {
            problems.add("has " + p + "expert_count = " + experts + " and " + p + "expert_used_count = "
                    + expertsUsed + ": llama.cpp needs 0 < used <= count <= " + MAX_EXPERTS + " (or both 0); "
                    + RECONVERT);
        }
        positiveFinite(f, p + "attention.layer_norm_rms_epsilon", problems);
        positiveFinite(f, p + "attention.layer_norm_epsilon", problems);
        positiveFinite(f, p + "rope.freq_base", problems);
        f.getString(p + "rope.scaling.type").filter(t -> !ROPE_SCALING_TYPES.contains(t)).ifPresent(t -> problems.add(
                "has " + p + "rope.scaling.type = '" + t + "', none of " + ROPE_SCALING_TYPES + "; " + RECONVERT));
        vocabulary(f, problems);
        return problems;
    }

    /** Problems that would make libmtmd abort on this file as the projector of a text model. */
    public static List<String> forMmproj(GgufFile f) {
        List<String> problems = new ArrayList<>();
        if (!GgufInfo.CLIP.equals(f.architecture())) {
            problems.add("is not an mmproj file (general.architecture = '" + f.architecture() + "', expected 'clip');"
                    + " give the vision projector released with the model as --mmproj");
            return problems;
        }
        if (f.getBool("clip.has_vision_encoder").orElse(true)) {
            vision(f, problems);
        }
        return problems;
    }

    private static void vision(GgufFile f, List<String> problems) {
        String fix = "use the mmproj file released with the model (or convert it again with convert_hf_to_gguf.py"
                + " --mmproj)";
        OptionalLong embd = positive(f, "clip.vision.embedding_length", problems);
        OptionalLong heads = positive(f, "clip.vision.attention.head_count", problems);
        if (embd.isPresent() && heads.isPresent() && embd.getAsLong() % heads.getAsLong() != 0) {
            problems.add("has clip.vision.attention.head_count = " + heads.getAsLong()
                    + ", which does not divide clip.vision.embedding_length = " + embd.getAsLong() + "; " + fix);
        }
        OptionalLong blocks = positive(f, "clip.vision.block_count", problems);
        if (blocks.isPresent() && blocks.getAsLong() > MAX_LAYERS) {
            problems.add("has clip.vision.block_count = " + blocks.getAsLong() + ", outside the 1.." + MAX_LAYERS
                    + " that any CLIP encoder has; " + fix);
        }
        OptionalLong patch = positive(f, "clip.vision.patch_size", problems);
        OptionalLong image = positive(f, "clip.vision.image_size", problems);
        if (patch.isPresent() && image.isPresent() && image.getAsLong() < patch.getAsLong()) {
            problems.add("has clip.vision.image_size = " + image.getAsLong() + ", smaller than clip.vision.patch_size = "
                    + patch.getAsLong() + " (an image of no patches); " + fix);
        }
        positiveFinite(f, "clip.vision.attention.layer_norm_epsilon", problems);
        if (embd.isPresent() && patch.isPresent()) {
            long c = embd.getAsLong();
            long ps = patch.getAsLong();
            shape(f, "v.patch_embd.weight", new long[] {ps, ps, 3, c}, problems, fix);
            // bounded: a hostile block count must not turn this check into an endless loop (found by fuzzing)
            long checkedBlocks = Math.min(blocks.orElse(0), MAX_LAYERS);
            for (int i = 0; i < checkedBlocks; i++) {
                for (String part : new String[] {"attn_q", "attn_k", "attn_v", "attn_out"}) {
                    firstDim(f, "v.blk." + i + "." + part + ".weight", c, "clip.vision.embedding_length", problems, fix);
                }
            }
        }
        String projector = f.getString("clip.projector_type").orElse("mlp");
        if (("mlp".equals(projector) || "mlp_norm".equals(projector)) && embd.isPresent()) {
            llavaProjector(f, embd.getAsLong(), problems, fix);
        }
        if (image.isPresent() && patch.isPresent() && "mlp".equals(projector)
                && f.tensor("v.position_embd.weight").isPresent()) {
            long side = image.getAsLong() / patch.getAsLong();
            long positions = side * side + (f.tensor("v.class_embd").isPresent() ? 1 : 0);
            long rows = f.tensor("v.position_embd.weight").orElseThrow().dim(1);
            if (rows != positions) {
                problems.add("has v.position_embd.weight for " + rows + " positions but clip.vision.image_size / "
                        + "patch_size gives " + positions + "; " + fix);
            }
        }
    }

    /** LLaVA's MLP projector: {@code mm.0} takes the vision width, each later layer the previous layer's output. */
    private static void llavaProjector(GgufFile f, long visionWidth, List<String> problems, String fix) {
        long width = visionWidth;
        String from = "clip.vision.embedding_length";
        for (int layer = 0; layer <= 4; layer++) {
            String name = "mm." + layer + ".weight";
            if (f.tensor(name).isEmpty()) {
                continue;
            }
            GgufTensorInfo t = f.tensor(name).orElseThrow();
            if (t.dims().length != 2 || t.dim(0) != width) {
                problems.add("has tensor " + name + " of shape " + java.util.Arrays.toString(t.dims())
                        + " but the projector feeds it " + width + "-wide vectors (" + from + "): the matrix is"
                        + " transposed or belongs to another model; " + fix);
                return;
            }
            String bias = "mm." + layer + ".bias";
            if (f.tensor(bias).isPresent() && f.tensor(bias).orElseThrow().dim(0) != t.dim(1)) {
                problems.add("has tensor " + bias + " of width " + f.tensor(bias).orElseThrow().dim(0) + " but "
                        + name + " outputs " + t.dim(1) + "; " + fix);
            }
            width = t.dim(1);
            from = "the output of " + name;
        }
    }

    private static void vocabulary(GgufFile f, List<String> problems) {
        var tokens = f.getArray("tokenizer.ggml.tokens");
        if (tokens.isEmpty()) {
            return;
        }
        if (tokens.get().elementType() != GgufValueType.STRING) {
            problems.add("has tokenizer.ggml.tokens of " + tokens.get().elementType() + ", not strings; " + RECONVERT);
            return;
        }
        List<Object> values = tokens.get().values();
        Map<Object, Integer> first = new HashMap<>(values.size() * 2);
        for (int i = 0; i < values.size(); i++) {
            Integer earlier = first.putIfAbsent(values.get(i), i);
            if (earlier != null) {
                problems.add("has the token string " + GgufFile.abbreviate(values.get(i), 40) + " twice in"
                        + " tokenizer.ggml.tokens (ids " + earlier + " and " + i + "); llama.cpp needs every token"
                        + " string once: the vocabulary is damaged, " + RECONVERT);
                break;
            }
        }
        for (String parallel : new String[] {"tokenizer.ggml.scores", "tokenizer.ggml.token_type"}) {
            f.getArray(parallel).filter(a -> a.size() != values.size()).ifPresent(a -> problems.add("has "
                    + a.size() + " entries in " + parallel + " but " + values.size() + " tokens; " + RECONVERT));
        }
    }

    private static OptionalLong positive(GgufFile f, String key, List<String> problems) {
        if (f.get(key).isEmpty() || f.getArray(key).isPresent()) {
            return OptionalLong.empty();
        }
        OptionalLong v = f.getInt(key);
        if (v.isEmpty()) {
            problems.add("has " + key + " of type " + f.type(key).orElseThrow() + ", expected an integer; " + RECONVERT);
            return OptionalLong.empty();
        }
        if (v.getAsLong() <= 0 || v.getAsLong() > Integer.MAX_VALUE) {
            problems.add("has " + key + " = " + Long.toUnsignedString(v.getAsLong()) + ", expected a positive 32-bit"
                    + " count; the header is damaged: " + RECONVERT);
            return OptionalLong.empty();
        }
        return v;
    }

    private static void positiveFinite(GgufFile f, String key, List<String> problems) {
        OptionalDouble v = f.getFloat(key);
        if (v.isPresent() && !(Double.isFinite(v.getAsDouble()) && v.getAsDouble() > 0)) {
            problems.add("has " + key + " = " + v.getAsDouble() + ", expected a small positive number (e.g. 1e-5);"
                    + " the header is damaged: " + RECONVERT);
        }
    }

    private static void shape(GgufFile f, String name, long[] expected, List<String> problems, String fix) {
        f.tensor(name).filter(t -> !java.util.Arrays.equals(t.dims(), expected)).ifPresent(t -> problems.add(
                "has tensor " + name + " of shape " + java.util.Arrays.toString(t.dims()) + ", expected "
                        + java.util.Arrays.toString(expected) + " from the clip.vision.* keys; " + fix));
    }

    private static void firstDim(GgufFile f, String name, long expected, String from, List<String> problems,
            String fix) {
        f.tensor(name).filter(t -> t.dim(0) != expected).ifPresent(t -> problems.add("has tensor " + name
                + " of shape " + java.util.Arrays.toString(t.dims()) + " but " + from + " = " + expected + "; " + fix));
    }
}
