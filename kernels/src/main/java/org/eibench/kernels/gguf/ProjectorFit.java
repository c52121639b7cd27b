package org.eibench.kernels.gguf;

import java.util.OptionalLong;

/**
 * Whether an mmproj file's projector feeds vectors of the width the text model embeds tokens in; a mismatch makes
 * libmtmd refuse the pair (and an unchecked one would fail when the image embeddings are decoded). The one rule for
 * this check: the guard before libmtmd loads an mmproj and {@code eibench inspect} both use {@link #projectionDim}.
 *
 * @param fits whether the widths agree
 * @param projectionDim the projector's output width
 * @param embeddingLength the text model's {@code <arch>.embedding_length}
 * @param message a sentence naming both files and both widths
 */
public record ProjectorFit(boolean fits, long projectionDim, long embeddingLength, String message) {
    /**
     * Checks an mmproj file against a text model.
     *
     * @throws IllegalArgumentException when {@code mmproj} is not a clip file, {@code textModel} is one, or either
     *     width cannot be read from the headers
     */
    public static ProjectorFit check(GgufFile textModel, GgufFile mmproj) {
        if (!GgufInfo.CLIP.equals(mmproj.architecture())) {
            throw new IllegalArgumentException(mmproj.path() + " is not an mmproj file (architecture '"
                    + mmproj.architecture() + "', expected 'clip'); pass the vision projector as --mmproj");
        }
        if (GgufInfo.CLIP.equals(textModel.architecture())) {
            throw new IllegalArgumentException(textModel.path() + " is a projector (mmproj) file, not a text model;"
                    + " pass it as --mmproj and the text model as --model");
        }
        String embdKey = textModel.architecture() + ".embedding_length";
        long embd = textModel.getUInt(embdKey).orElseThrow(() -> new IllegalArgumentException(
                textModel.path() + " has no '" + embdKey + "'; convert the text model again"));
        long proj = projectionDim(mmproj).orElseThrow(() -> new IllegalArgumentException(
                mmproj.path() + ": the output width of projector type '" + projectorType(mmproj)
                        + "' cannot be read from its tensors"));
        String message = proj == embd
                ? "mmproj " + mmproj.path() + " projects to " + proj + ", which matches " + embdKey + " of "
                        + textModel.path()
                : "mmproj " + mmproj.path() + " projects to width " + proj + " but text model " + textModel.path()
                        + " has " + embdKey + " = " + embd + "; use the mmproj file made for this model";
        return new ProjectorFit(proj == embd, proj, embd, message);
    }

    /**
     * The projector's output width as libmtmd computes it ({@code clip_n_mmproj_embd} in tools/mtmd/clip.cpp): from
     * the last projector tensor of the projector types this project meets; empty for other types (libmtmd then
     * checks the width itself and refuses a mismatch with an error, not an abort). {@code clip.vision.projection_dim}
     * is not used: LLaVA-1.5 conversions store CLIP's own 768 there, not the projector's output.
     */
    public static OptionalLong projectionDim(GgufFile mmproj) {
        return switch (projectorType(mmproj)) {
            // clip.cpp turns an MLP with an mm.3.weight into MLP_NORM (Yi-type LLaVA)
            case "mlp" -> mmproj.tensor("mm.3.weight").isPresent() ? dim(mmproj, "mm.3.bias", 0) : dim(mmproj, "mm.2.weight", 1);
            case "mlp_norm" -> dim(mmproj, "mm.3.bias", 0);
            case "pixtral", "lightonocr", "phi4" -> dim(mmproj, "mm.2.weight", 1);
            case "gemma3" -> dim(mmproj, "mm.input_projection.weight", 0);
            case "idefics3" -> dim(mmproj, "mm.model.fc.weight", 1);
            case "internvl" -> dim(mmproj, "mm.3.weight", 1);
            default -> OptionalLong.empty();
        };
    }

    private static String projectorType(GgufFile mmproj) {
        return mmproj.getString("clip.projector_type").orElse("mlp");
    }

    private static OptionalLong dim(GgufFile f, String tensor, int axis) {
        return f.tensor(tensor).map(t -> OptionalLong.of(t.dim(axis))).orElse(OptionalLong.empty());
    }
}
