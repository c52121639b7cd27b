package org.eibench.models.vlm;

import java.util.List;
import org.eibench.kernels.llama.ImageEmbedding;
import org.eibench.kernels.llama.MtmdInputChunk;
import org.eibench.kernels.llama.MtmdInputChunks;
import org.eibench.kernels.llama.SamplerChain;

/**
 * A request made ready for a {@link BatchGenerator} slot: tokenized, checked against the slot size, its images
 * encoded and its sampler built. Owns native memory (chunks, sampler) until {@link #close()}: whoever holds it last
 * (the vision stage, or the slot it is admitted to) closes it.
 *
 * @param chunks libmtmd's chunks the parts point into, or null for a text-only model
 * @param parts the prompt in order
 * @param prefix the parts as comparable segments, for prefix reuse
 * @param positions KV positions of the whole prompt
 * @param stops stop strings (the request's and its chat template's)
 * @param sampler the request's sampler chain
 * @param encodeMs vision-encoder time spent on this request's images (0 when they came from the cache)
 */
record PreparedPrompt(MtmdInputChunks chunks, List<Part> parts, PromptPrefix prefix, int positions,
        List<String> stops, SamplerChain sampler, double encodeMs) {

    /** One part of a prompt: text token ids ({@link PromptPrefix.Text}, the same in both views) or an image. */
    sealed interface Part permits PromptPrefix.Text, Image {
        int positions();
    }

    /** An image chunk and its encoding (null only while the prompt is being prepared). */
    record Image(MtmdInputChunk chunk, ImageEmbedding embedding) implements Part {
        @Override
        public int positions() {
            return chunk.positionCount();
        }
    }

    void close() {
        if (chunks != null) {
            chunks.close();
        }
        sampler.close();
    }
}
