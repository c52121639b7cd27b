package org.eibench.models.scorer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded all-MiniLM-L6-v2, opened once for a test class and closed after it:
 * {@code @RegisterExtension static final MiniLmFixture MINILM = new MiniLmFixture();}, then {@code MINILM.encoder()}.
 */
public final class MiniLmFixture implements BeforeAllCallback, AfterAllCallback {
    private SentenceEncoder encoder;

    @Override
    public void beforeAll(ExtensionContext context) {
        encoder = SentenceEncoders.open("minilm");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        encoder.close();
    }

    public SentenceEncoder encoder() {
        return encoder;
    }

    /** Cosine similarity written out independently of the production kernels, to check them against. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
