package org.eibench.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eibench.kernels.similarity.JavaCosineKernel;
import org.eibench.kernels.similarity.Nd4jCosineKernel;
import org.eibench.models.scorer.SentenceEncoder;
import org.eibench.models.scorer.SentenceEncoders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Semantic recall with the real MiniLM weights and the committed threshold. */
class SemanticRecallTest {
    private static final String GT = "1. The man is crying.\n2. His motorcycle is broken.\n3. Rainy weather.";
    private static SentenceEncoder encoder;
    private static Nd4jCosineKernel nd4j;
    private static SemanticRecall metric;

    @BeforeAll
    static void open() {
        encoder = SentenceEncoders.open("minilm");
        nd4j = new Nd4jCosineKernel();
        metric = new SemanticRecall(encoder, nd4j, SemanticCalibration.load().threshold());
    }

    @AfterAll
    static void close() {
        nd4j.close();
        encoder.close();
    }

    @Test
    void paraphrasedListRecallsItsTriggers() {
        SemanticScore s = metric.score(new SemanticRecall.Sample("a", GT,
                "The person feels sad because:\n1. Tears are running down the man's face.\n2. His motorbike has broken down."
                        + "\n3. He is wearing a red jacket."));
        System.out.println(s.bestMatches());
        assertEquals(List.of("Tears are running down the man's face.", "His motorbike has broken down.", "He is wearing a red jacket."),
                s.units());
        assertEquals(0, s.bestMatches().get(0).unit());
        assertTrue(s.bestMatches().get(0).matched(), "crying ~ tears");
        assertEquals(1, s.bestMatches().get(1).unit());
        assertTrue(s.bestMatches().get(1).matched(), "broken motorcycle ~ motorbike broken down");
        assertEquals(false, s.bestMatches().get(2).matched(), "weather is not mentioned");
        assertEquals(2.0 / 3, s.recall(), 1e-9);
        assertEquals(2.0 / 3, s.precision(), 1e-9, "the jacket explains nothing");
        assertEquals(2.0 / 3, s.f1(), 1e-9);
        assertEquals(2, s.oneToOneMatches().size());
    }

    @Test
    void oneUnitCannotExplainTwoTriggersOneToOne() {
        SemanticScore s = metric.score(new SemanticRecall.Sample("b", "1. The man is crying.\n2. The man is weeping.",
                "The man is crying."));
        assertEquals(1.0, s.recall(), 1e-9);
        assertEquals(0.5, s.oneToOneRecall(), 1e-9);
        assertEquals(1.0, s.oneToOnePrecision(), 1e-9);
    }

    @Test
    void emptyAnswerRecallsNothing() {
        SemanticScore s = metric.score(new SemanticRecall.Sample("c", GT, "  "));
        assertEquals(0, s.recall());
        assertEquals(0, s.precision());
        assertEquals(-1, s.bestMatches().getFirst().unit());
    }

    @Test
    void kernelsAgreeOnScores() {
        List<SemanticRecall.Sample> samples = List.of(
                new SemanticRecall.Sample("a", GT, "He cries next to his broken bike in the rain."),
                new SemanticRecall.Sample("b", "1. Happy crowd.\n2. Fireworks", "- People cheering\n- Fireworks light the sky"));
        SemanticRecall javaMetric = new SemanticRecall(encoder, new JavaCosineKernel(), metric.threshold());
        List<SemanticScore> a = metric.scoreAll(samples);
        List<SemanticScore> b = javaMetric.scoreAll(samples);
        for (int i = 0; i < samples.size(); i++) {
            assertEquals(b.get(i).recall(), a.get(i).recall(), 1e-9);
            assertEquals(b.get(i).precision(), a.get(i).precision(), 1e-9);
            for (int t = 0; t < a.get(i).bestMatches().size(); t++) {
                assertEquals(b.get(i).bestMatches().get(t).similarity(), a.get(i).bestMatches().get(t).similarity(), 1e-5);
            }
        }
    }

    @Test
    void malformedGroundTruthIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> metric.score(new SemanticRecall.Sample("img-7.jpg", "1. Crowd.\n2. \n3. Noise.", "x")));
        assertTrue(e.getMessage().contains("img-7.jpg"), e.getMessage());
    }
}
