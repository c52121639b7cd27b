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

    /**
     * Generates one reply per request and tells {@code listener} about each reply as it is ready (for progress).
     * This default tells it once all replies are in; a generator that finishes replies one by one overrides it.
     */
    default List<String> generate(List<JudgeRequest> requests, ReplyListener listener) {
        List<String> replies = generate(requests);
        for (int i = 0; i < replies.size(); i++) {
            listener.replied(i, replies.get(i));
        }
        return replies;
    }

    /** Told about each finished reply, possibly from another thread and in any order. */
    @FunctionalInterface
    interface ReplyListener {
        /**
         * @param index the request's index in the list given to {@code generate}
         * @param reply the reply, empty when the request failed
         */
        void replied(int index, String reply);
    }
}
