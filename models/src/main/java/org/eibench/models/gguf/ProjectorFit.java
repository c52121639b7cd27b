package org.eibench.models.gguf;

import java.util.Comparator;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an mmproj file's projector feeds vectors of the width the text model embeds tokens in; a mismatch
 * would make llama.cpp fail (or abort) when the image embeddings are decoded.
 *
 * @param fits whether the widths agree
 * @param projectionDim the projector's output width
 * @param embeddingLength the text model's {@code <arch>.embedding_length}
 * @param message a sentence naming both files and both widths
 */
public record ProjectorFit(boolean fits, long projectionDim, long embeddingLength, String message) {
    private static final Pattern MM_WEIGHT = Pattern.compile("mm\\.(\\d+)\\.weight");

    /**
     * Checks an mmproj file against a text model.
     *
     * @throws IllegalArgumentException when {@code mmproj} is not a clip file or either width is missing
     */
    public static ProjectorFit check(GgufFile textModel, GgufFile mmproj) {
        if (!GgufInfo.CLIP.equals(mmproj.architecture())) {
            throw new IllegalArgumentException(mmproj.path() + " is not an mmproj file (architecture '"
                    + mmproj.architecture() + "', expected 'clip'); pass the vision projector as --mmproj");
        }
        String embdKey = textModel.architecture() + ".embedding_length";
        long embd = textModel.getUInt(embdKey).orElseThrow(() -> new IllegalArgumentException(
                textModel.path() + " has no '" + embdKey + "'; is it a text model?"));
        long proj = projectionDim(mmproj).orElseThrow(() -> new IllegalArgumentException(
                mmproj.path() + " has neither clip.vision.projection_dim nor mm.N.weight tensors"));
        String message = proj == embd
                ? "mmproj " + mmproj.path() + " projects to " + proj + ", which matches " + embdKey + " of "
                        + textModel.path()
                : "mmproj " + mmproj.path() + " projects to width " + proj + " but text model " + textModel.path()
                        + " has " + embdKey + " = " + embd + "; use the mmproj file made for this model";
        return new ProjectorFit(proj == embd, proj, embd, message);
    }

    /** The projector's output width: {@code clip.vision.projection_dim}, else the last {@code mm.N.weight}'s {@code ne[1]}. */
    public static OptionalLong projectionDim(GgufFile mmproj) {
        OptionalLong declared = mmproj.getUInt("clip.vision.projection_dim");
        if (declared.isPresent()) {
            return declared;
        }
        return mmproj.tensors().stream()
                .filter(t -> MM_WEIGHT.matcher(t.name()).matches())
                .max(Comparator.comparingInt(t -> layerIndex(t.name())))
                .map(t -> OptionalLong.of(t.dim(1)))
                .orElse(OptionalLong.empty());
    }

    private static int layerIndex(String name) {
        Matcher m = MM_WEIGHT.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1).length() > 6 ? "999999" : m.group(1)) : -1;
    }
}
