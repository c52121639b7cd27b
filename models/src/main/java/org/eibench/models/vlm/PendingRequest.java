package org.eibench.models.vlm;

import java.util.List;
import java.util.function.Consumer;

/** A submitted request, where its result goes, and (or null) where the logits row of every sampled step goes. */
record PendingRequest(GenerationRequest request, Consumer<BatchResult> callback, List<float[]> logitTrace) {
}
