package org.eibench.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.eibench.models.scorer.Pooling;
import org.eibench.models.scorer.MiniLmFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LongTermCoherenceTest {
    @RegisterExtension
    static final MiniLmFixture MINILM = new MiniLmFixture();

    @Test
    void equalsDirectComputationFromTheEncodersVectors() {
        String prose = "The woman is sitting alone at a bus stop. Rain is falling on her umbrella. She looks at her phone and frowns.";
        String list = "She is upset because:\n1. Her flight was cancelled.\n2. The queue is very long.";
        String single = "She is sad.";
        LongTermCoherence metric = new LongTermCoherence(MINILM.encoder());
        LongTermCoherence.Result r = metric.scoreAll(List.of(prose, list, single));

        float[][] p = MINILM.encoder().encode(List.of("The woman is sitting alone at a bus stop.", "Rain is falling on her umbrella.",
                "She looks at her phone and frowns."), Pooling.CLS);
        double expectedProse = (MiniLmFixture.cosine(p[0], p[1]) + MiniLmFixture.cosine(p[1], p[2])) / 2;
        float[][] l = MINILM.encoder().encode(List.of("She is upset because:", "Her flight was cancelled.", "The queue is very long."), Pooling.CLS);
        double expectedList = (MiniLmFixture.cosine(l[0], l[1]) + MiniLmFixture.cosine(l[1], l[2])) / 2;

        assertEquals(expectedProse, r.answers().get(0).score().orElseThrow(), 1e-6);
        assertEquals(expectedList, r.answers().get(1).score().orElseThrow(), 1e-6);
        assertTrue(r.answers().get(2).score().isEmpty(), "one sentence has no coherence");
        assertEquals(2, r.used());
        assertEquals(1, r.skipped());
        assertEquals((expectedProse + expectedList) / 2, r.mean(), 1e-6);
        assertEquals(expectedProse, metric.score(prose).orElseThrow(), 1e-6);
        System.out.printf("coherence (MiniLM, CLS): prose %.4f, list %.4f%n", expectedProse, expectedList);
    }

    @Test
    void noScorableAnswersGiveMeanZeroAndCountZero() {
        LongTermCoherence.Result r = new LongTermCoherence(MINILM.encoder()).scoreAll(List.of("Fine.", ""));
        assertEquals(0, r.used());
        assertEquals(2, r.skipped());
        assertEquals(0, r.mean());
    }

    @Test
    void thePaperComparableFigureDropsAnExactZeroAsTheReferenceDoes() {
        // long_term_scores.py: "if coherence_score:" drops 0.0 and None, keeps negatives and NaN
        var answers = List.of(
                new LongTermCoherence.AnswerCoherence(List.of("a", "b"), OptionalDouble.of(0.6)),
                new LongTermCoherence.AnswerCoherence(List.of("c", "d"), OptionalDouble.of(0.0)),
                new LongTermCoherence.AnswerCoherence(List.of("e"), OptionalDouble.empty()),
                new LongTermCoherence.AnswerCoherence(List.of("f", "g"), OptionalDouble.of(-0.2)),
                new LongTermCoherence.AnswerCoherence(List.of("h", "i"), OptionalDouble.of(-0.0)));
        var result = new LongTermCoherence.Result((0.6 + 0.0 - 0.2 - 0.0) / 4, 4, 1, answers);
        assertEquals(0.2, result.referenceMean().getAsDouble(), 1e-15); // (0.6 - 0.2) / 2
        assertEquals(2, result.referenceUsed());
        var allZero = new LongTermCoherence.Result(0, 1, 0, List.of(answers.get(1)));
        assertTrue(allZero.referenceMean().isEmpty(), "nothing remains, as the script's 'No valid coherence scores'");
    }

    @Test
    void onRealAnswersBothFiguresAgreeWhenNoScoreIsZero() {
        var result = new LongTermCoherence(MINILM.encoder()).scoreAll(List.of("She smiles. Her friends laugh with her.",
                "One sentence only.", "The rain falls. He looks down at the wet road."));
        assertEquals(2, result.referenceUsed());
        assertEquals(result.mean(), result.referenceMean().getAsDouble(), 1e-15);
    }
}
