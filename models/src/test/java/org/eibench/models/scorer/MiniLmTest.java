package org.eibench.models.scorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the real all-MiniLM-L6-v2 weights from the classpath jar. */
class MiniLmTest {
    @RegisterExtension
    static final MiniLmFixture MINILM = new MiniLmFixture();

    @Test
    void matchesSentenceTransformersReference() {
        assertEquals(384, MINILM.encoder().dimension());
        float[][] v = MINILM.encoder().encode(List.of("A man is eating food.", "A man is eating a piece of bread."), Pooling.MEAN_L2);
        double cos = MiniLmFixture.cosine(v[0], v[1]);
        System.out.printf("MiniLM cos(eating food, eating bread) = %.4f%n", cos);
        assertEquals(0.7553, cos, 0.001);
        double norm = Math.sqrt(dot(v[0], v[0]));
        assertEquals(1.0, norm, 1e-5, "MEAN_L2 vectors have unit length");
    }

    private static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    @Test
    void batchingDoesNotChangeVectors() {
        List<String> sentences = new ArrayList<>(List.of(
                "Sad.",
                "A woman sits alone on a bench in the rain, looking down at a crumpled letter in her hands.",
                "The motorcycle broke down.",
                "",
                "1. Facial expression of concern.\n2. Hand on forehead.",
                "He is excited because his team just scored the winning goal in the final minute of the match."));
        for (int i = 0; i < 40; i++) { // more than one batch of 32, mixed lengths
            sentences.add("Filler sentence number " + i + " ".repeat(i % 3) + "with words".repeat(i % 5));
        }
        for (Pooling pooling : Pooling.values()) {
            float[][] together = MINILM.encoder().encode(sentences, pooling);
            for (int i = 0; i < sentences.size(); i++) {
                float[] alone = MINILM.encoder().encode(List.of(sentences.get(i)), pooling)[0];
                assertArrayEquals(alone, together[i], 1e-5f, pooling + " sentence " + i);
            }
            assertArrayEquals(together[1], MINILM.encoder().encode(sentences, pooling)[1], 0f, "deterministic");
        }
    }

    @Test
    void clsPoolingIsTheFirstTokenNotTheMean() {
        float[] cls = MINILM.encoder().encode(List.of("A man is eating food."), Pooling.CLS)[0];
        float[] mean = MINILM.encoder().encode(List.of("A man is eating food."), Pooling.MEAN_L2)[0];
        assertEquals(384, cls.length);
        double c = MiniLmFixture.cosine(cls, mean);
        System.out.printf("MiniLM cos(CLS, mean) of one sentence = %.4f%n", c);
        assertThrows(AssertionError.class, () -> assertArrayEquals(mean, cls, 1e-3f));
    }

    @Test
    void emptyInputGivesNoVectors() {
        assertEquals(0, MINILM.encoder().encode(List.of()).length);
    }
}
