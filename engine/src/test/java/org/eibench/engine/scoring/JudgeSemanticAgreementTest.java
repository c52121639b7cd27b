package org.eibench.engine.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.AgreementSection;
import org.eibench.engine.scores.RankAgreement;
import org.eibench.engine.scores.ScoredSample;
import org.junit.jupiter.api.Test;

class JudgeSemanticAgreementTest {
    private static ScoredSample sample(String image, String status, Long correct, Long total, Double semantic) {
        return new ScoredSample(image, image, "q", "a", "1. t", "reply", status, correct, total, 1, List.of(),
                semantic == null ? Map.of() : Map.of("semanticRecall", semantic));
    }

    @Test
    void handComputedRhoAndTauOnTheSamplesWithAValidJudgeScore() {
        // judge C/T 1/5 .. 5/5, semantic 0.1 0.3 0.2 0.5 0.5: as RankCorrelationTest's x and y
        double[] semantic = {0.1, 0.3, 0.2, 0.5, 0.5};
        List<ScoredSample> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(sample("CAER-S/train/Happy/" + i + ".png", "VALID", (long) i + 1, 5L, semantic[i]));
        }
        // left out: a failure (its 0 is not the judge's opinion), an unjudged sample, one without semantic recall
        samples.add(sample("CAER-S/train/Happy/f.png", "NO_SCORE", null, null, 0.9));
        samples.add(sample("CAER-S/train/Happy/u.png", null, null, null, 0.9));
        samples.add(sample("CAER-S/train/Angry/s.png", "VALID", 1L, 2L, null));
        AgreementSection a = JudgeSemanticAgreement.of(samples, JudgeCategories.load("basic"));
        RankAgreement overall = a.categories().get(JudgeCategories.OVERALL);
        assertEquals(5, overall.n());
        assertEquals(8.5 / Math.sqrt(10 * 9.5), overall.spearmanRho(), 1e-12);
        assertEquals(7 / Math.sqrt(90), overall.kendallTauB(), 1e-12);
        assertEquals(overall, a.categories().get("happy"));
        assertEquals(List.of("happy", "overall"), List.copyOf(a.categories().keySet()), "categories without pairs"
                + " are left out");
    }

    @Test
    void undefinedCorrelationIsNullAndNoPairsNoSection() {
        List<ScoredSample> one = List.of(sample("CAER-S/train/Sad/1.png", "VALID", 1L, 2L, 0.5));
        RankAgreement a = JudgeSemanticAgreement.of(one, JudgeCategories.load("basic")).categories().get("overall");
        assertEquals(1, a.n());
        assertNull(a.spearmanRho());
        assertNull(a.kendallTauB());
        assertNull(JudgeSemanticAgreement.of(List.of(sample("x.png", null, null, null, 0.5)),
                JudgeCategories.load("basic")));
    }
}
