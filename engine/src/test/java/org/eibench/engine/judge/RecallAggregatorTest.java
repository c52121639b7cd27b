package org.eibench.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.eibench.engine.stats.Bootstrap;
import org.junit.jupiter.api.Test;

/** Expected numbers are worked out by hand from basic-judge.jsonl; the line numbers below refer to that file. */
class RecallAggregatorTest {
    private static final double EPS = 1e-12;

    private static List<JudgeLine> fixture() throws IOException, URISyntaxException {
        return JudgeJsonl.read(Path.of(Objects.requireNonNull(
                RecallAggregatorTest.class.getResource("basic-judge.jsonl")).toURI()));
    }

    @Test
    void ourFigureCountsEverySampleAndFailuresAsZero() throws Exception {
        JudgeSummary s = new RecallAggregator(JudgeCategories.load("basic")).aggregate("basic", fixture());
        assertEquals(List.of("happy", "angry", "sad", "excitement", "overall"), List.copyOf(s.categories().keySet()));
        // happy: line 1 2/4, line 2 no score -> (0.5 + 0) / 2
        CategoryRecall happy = s.categories().get("happy");
        assertEquals(0.25, happy.recall(), EPS);
        assertEquals(2, happy.samples());
        assertEquals(1, happy.scored());
        assertEquals(1, happy.noScore());
        // sad: line 3 3/3, line 4 5/4 malformed -> (1 + 0) / 2
        CategoryRecall sad = s.categories().get("sad");
        assertEquals(0.5, sad.recall(), EPS);
        assertEquals(1, sad.malformed());
        assertEquals(1, sad.failures());
        // angry: line 5 1/5
        assertEquals(0.2, s.categories().get("angry").recall(), EPS);
        // excitement: line 6 "{Score:" no match, line 7 0/1, line 8 first match 1/3 -> (0 + 0 + 1/3) / 3
        CategoryRecall excitement = s.categories().get("excitement");
        assertEquals(1.0 / 9, excitement.recall(), EPS);
        assertEquals(1, excitement.noScore());
        assertEquals(2, excitement.scored());
        // overall adds line 9 (amusement, no category) 4/5: (0.5 + 1 + 0.2 + 1/3 + 0.8) / 9
        CategoryRecall overall = s.overall();
        assertEquals((0.5 + 1 + 0.2 + 1.0 / 3 + 0.8) / 9, overall.recall(), EPS);
        assertEquals(9, overall.samples());
        assertEquals(3, overall.failures());
    }

    @Test
    void eachFigureCarriesTheBootstrapIntervalOfTheValuesItAverages() throws Exception {
        Bootstrap bootstrap = new Bootstrap(2_000, 7);
        JudgeSummary s = new RecallAggregator(JudgeCategories.load("basic"), bootstrap).aggregate("basic", fixture(),
                List.of("CAER-S/train/Happy/9.png"));
        CategoryRecall overall = s.overall();
        // the strict values in file order (failures 0), then the failed generation's 0
        double[] strict = {0.5, 0, 1, 0, 0.2, 0, 0, 1.0 / 3, 0.8, 0};
        assertEquals(bootstrap.mean(strict), overall.ci95());
        assertEquals(10, overall.ci95().n());
        // the reference's seven matched values
        assertEquals(bootstrap.mean(new double[] {0.5, 1, 1.25, 0.2, 0, 1.0 / 3, 0.8}), overall.referenceCi95());
        assertEquals(bootstrap.mean(new double[] {0.5, 0, 0}), s.categories().get("happy").ci95());
        assertNull(new RecallAggregator(JudgeCategories.load("basic")).aggregate("basic", fixture()).overall().ci95(),
                "no bootstrap, no interval");
    }

    @Test
    void referenceFigureFollowsGetScoresPy() throws Exception {
        JudgeSummary s = new RecallAggregator(JudgeCategories.load("basic")).aggregate("basic", fixture());
        // happy: line 2 has no match, so it repeats line 1's 0.5
        assertEquals(0.5, s.categories().get("happy").referenceCompatible(), EPS);
        assertEquals(2, s.categories().get("happy").referenceSamples());
        // sad: 5/4 stays 1.25
        assertEquals((1 + 1.25) / 2, s.categories().get("sad").referenceCompatible(), EPS);
        assertEquals(0.2, s.categories().get("angry").referenceCompatible(), EPS);
        // excitement: line 6 repeats line 5's 0.2 (an angry sample), then 0 and 1/3
        assertEquals((0.2 + 0 + 1.0 / 3) / 3, s.categories().get("excitement").referenceCompatible(), EPS);
        // overall: the seven matched lines only
        CategoryRecall overall = s.overall();
        assertEquals((0.5 + 1 + 1.25 + 0.2 + 0 + 1.0 / 3 + 0.8) / 7, overall.referenceCompatible(), EPS);
        assertEquals(7, overall.referenceSamples());
        assertEquals(0, overall.referenceSkipped());
    }

    @Test
    void linesTheReferenceScriptCannotCountAreSkippedAndCounted() {
        List<JudgeLine> lines = List.of(
                new JudgeLine("CAER-S/train/Angry/1.png", "no score yet", false), // NameError in the reference
                new JudgeLine("CAER-S/train/Angry/2.png", "{score: 0/0}", false), // ZeroDivisionError
                new JudgeLine("CAER-S/train/Angry/3.png", "{score: 1/2}", false),
                new JudgeLine("CAER-S/train/Angry/4.png", "{score: 0/1}", true));
        JudgeSummary s = new RecallAggregator(JudgeCategories.load("basic")).aggregate("basic", lines);
        CategoryRecall angry = s.categories().get("angry");
        assertEquals(0.5 / 4, angry.recall(), EPS);
        assertEquals(1, angry.noScore());
        assertEquals(1, angry.malformed());
        assertEquals(1, angry.scored());
        assertEquals(1, angry.exhausted());
        assertEquals(0.25, angry.referenceCompatible(), EPS);
        assertEquals(2, angry.referenceSamples());
        assertEquals(2, angry.referenceSkipped());
        assertEquals(1, s.overall().referenceSkipped()); // a line without a match is simply absent from overall
        assertEquals(0.25, s.overall().referenceCompatible(), EPS);
    }

    @Test
    void emptyCategoriesHaveNoRecallAndTheReferencesZero() {
        JudgeSummary s = new RecallAggregator(JudgeCategories.load("basic"))
                .aggregate("basic", List.of(new JudgeLine("CAER-S/train/Happy/1.png", "{score: 1/1}", false)));
        assertNull(s.categories().get("sad").recall());
        assertEquals(0, s.categories().get("sad").referenceCompatible());
        assertEquals(0, s.categories().get("sad").samples());
    }

    @Test
    void complexIsTheMeanOfMatchedLinesWithRepeatedImages() {
        List<JudgeLine> lines = List.of(
                new JudgeLine("EmoSet-118k/image/anger/anger_00189.jpg", "{score: 2/5}", false),
                new JudgeLine("EmoSet-118k/image/anger/anger_00189.jpg", "{score: 4/5}", false),
                new JudgeLine("EmoSet-118k/image/sadness/sadness_1.jpg", "nothing", false));
        JudgeSummary s = new RecallAggregator(JudgeCategories.load("complex")).aggregate("complex", lines);
        assertEquals(List.of("overall"), List.copyOf(s.categories().keySet()));
        assertEquals(0.4, s.overall().recall(), EPS);
        assertEquals(0.6, s.overall().referenceCompatible(), EPS);
        assertEquals(2, s.overall().referenceSamples());
    }

    @Test
    void aFailedGenerationIsAStrictZeroAndAbsentFromTheReferenceFigure() throws Exception {
        RecallAggregator aggregator = new RecallAggregator(JudgeCategories.load("basic"));
        JudgeSummary without = aggregator.aggregate("basic", fixture());
        List<String> failed = List.of("CAER-S/train/Happy/9.png", "EmoSet-118k/image/sadness/sadness_9.jpg");
        JudgeSummary with = aggregator.aggregate("basic", fixture(), failed);
        // the reference's scripts never see the failed samples: its figure and list are those of the judged lines
        assertEquals(without.overall().referenceCompatible(), with.overall().referenceCompatible());
        assertEquals(without.overall().referenceSamples(), with.overall().referenceSamples());
        assertEquals(without.categories().get("happy").referenceCompatible(),
                with.categories().get("happy").referenceCompatible());
        // the strict figure counts them 0: happy had (0.5 + 0) / 2, now (0.5 + 0 + 0) / 3
        CategoryRecall happy = with.categories().get("happy");
        assertEquals(0.5 / 3, happy.recall(), EPS);
        assertEquals(3, happy.samples());
        assertEquals(1, happy.generationFailed());
        assertEquals(2, happy.failures()); // one no-score reply, one failed generation
        assertEquals(11, with.overall().samples());
        assertEquals(2, with.overall().generationFailed());
        assertEquals(without.overall().failures() + 2, with.overall().failures());
        assertEquals(without.overall().recall() * 9 / 11, with.overall().recall(), EPS);
        assertEquals(0, with.categories().get("angry").generationFailed());
    }
}
