package org.eibench.models.scorer;

import java.util.List;

/**
 * Turns sentences into fixed-length vectors. Implementations load only from local files and are not
 * thread-safe; close them to release the native model.
 *
 * <pre>{@code
 * try (SentenceEncoder encoder = SentenceEncoders.open("minilm")) {
 *     float[][] vectors = encoder.encode(List.of("A man is eating food."), Pooling.MEAN_L2);
 * }
 * }</pre>
 */
public interface SentenceEncoder extends AutoCloseable {

    /** A short description for reports, e.g. {@code minilm-l6-v2} or {@code bert:/models/bert-base-uncased}. */
    String name();

    /**
     * The SHA-256 of the weights file, the encoder's identity: a threshold calibrated on its vectors holds for it
     * alone (the name of a checkpoint folder changes when the folder moves, the digest does not).
     */
    String weightsSha256();

    /** The length of every vector this encoder returns. */
    int dimension();

    /**
     * Encodes sentences in input order; the result does not depend on how the sentences are batched.
     *
     * @return one vector of length {@link #dimension()} per sentence
     */
    float[][] encode(List<String> sentences, Pooling pooling);

    /** Encodes with {@link Pooling#MEAN_L2}. */
    default float[][] encode(List<String> sentences) {
        return encode(sentences, Pooling.MEAN_L2);
    }

    @Override
    void close();
}
