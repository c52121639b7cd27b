package org.eibench.engine.judge;

import java.util.List;

/**
 * A text model that answers chat requests; the judge's only view of the model that runs it.
 *
 * <p>Implementations may run the requests in any order or in batches, but must return exactly one reply per
 * request, in the order of the requests. A reply is the generated text only (no prompt, no end-of-turn token).
 */
public interface TextGenerator {
    /** The model's name as it should be recorded in scores.json (e.g. the GGUF file name). */
    String modelName();

    /**
     * Generates one reply per request.
     *
     * @return the replies, {@code result.get(i)} answering {@code requests.get(i)}
     */
    List<String> generate(List<JudgeRequest> requests);
}
