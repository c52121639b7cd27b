package org.eibench.models.vlm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a request decoded to, for tests that compare two runs bit for bit: its tokens, then the bits of every logit
 * row it sampled from, hashed.
 */
record DecodeOutcome(List<Integer> tokens, List<Integer> logitHashes) {
    /** Submits {@code request}, keeping the logit rows it samples from; {@code done} gets the outcome when it ends. */
    static void submit(BatchGenerator generator, GenerationRequest request, Consumer<DecodeOutcome> done) {
        List<float[]> logits = new ArrayList<>();
        generator.submit(request, result -> done.accept(new DecodeOutcome(result.orThrow().tokens(),
                logits.stream().map(Arrays::hashCode).toList())), logits);
    }
}
