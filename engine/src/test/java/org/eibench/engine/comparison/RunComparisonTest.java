package org.eibench.engine.comparison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.eibench.engine.scores.RunScores;
import org.eibench.engine.stats.Bootstrap;
import org.eibench.engine.stats.PairedDifference;
import org.eibench.engine.stats.SignFlipTest;
import org.eibench.engine.stats.StatisticsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunComparisonTest {
    private static final StatisticsSettings SETTINGS = new StatisticsSettings(2_000, 10_000, 3);

    private static MetricDifference find(Comparison c, String metric, String category) {
        return c.differences().stream().filter(d -> d.metric().equals(metric) && d.category().equals(category))
                .findFirst().orElseThrow(() -> new AssertionError(metric + "/" + category + " in " + c));
    }

    @Test
    void pairsTheSharedSamplesAndCountsTheRest(@TempDir Path tmp) throws Exception {
        Path[] runs = ComparisonFixtures.pair(tmp);
        Comparison c = RunComparison.run(new ComparisonConfig(runs[0], runs[1], SETTINGS));
        assertEquals("run-a", c.runA());
        assertEquals("run-b", c.runB());
        assertEquals("basic", c.benchmark());
        assertEquals(9, c.shared());
        assertEquals(1, c.onlyA());
        assertEquals(2, c.onlyB());
        assertEquals(List.of("judge recall (strict)/happy", "judge recall (strict)/angry",
                "judge recall (strict)/overall", "semantic recall/happy", "semantic recall/angry",
                "semantic recall/overall", "coherence/happy", "coherence/angry", "coherence/overall"),
                c.differences().stream().map(d -> d.metric() + "/" + d.category()).toList(),
                "categories without pairs (sad, excitement) are left out");
    }

    @Test
    void theJudgeDifferenceByHand(@TempDir Path tmp) throws Exception {
        Path[] runs = ComparisonFixtures.pair(tmp);
        Comparison c = RunComparison.run(new ComparisonConfig(runs[0], runs[1], SETTINGS));
        // ids 1-9: A = i/10, B = (i+1)/10 except id 3, whose missing score counts 0
        double[] a = new double[9];
        double[] b = new double[9];
        for (int i = 1; i <= 9; i++) {
            a[i - 1] = i / 10.0;
            b[i - 1] = i == 3 ? 0 : (i + 1) / 10.0;
        }
        PairedDifference d = find(c, "judge recall (strict)", "overall").difference();
        assertEquals(9, d.n());
        assertEquals((8 * 0.1 - 0.3) / 9, d.meanDifference(), 1e-12);
        assertEquals(new Bootstrap(2_000, 3).pairedDifference(a, b), d.ci95());
        // exact: the share of the 512 sign patterns of eight +0.1 and one -0.3 whose |sum| reaches 0.5 (188)
        int hits = 0;
        for (int signs = 0; signs < 512; signs++) {
            double sum = 0;
            for (int k = 0; k < 9; k++) {
                sum += ((signs >> k & 1) == 0 ? 1 : -1) * (b[k] - a[k]);
            }
            hits += Math.abs(sum) >= 0.5 - 1e-9 ? 1 : 0;
        }
        assertEquals(188, hits);
        assertEquals(hits / 512.0, d.pValue(), 1e-15);
        assertEquals(SignFlipTest.EXACT, d.test().method());
        assertEquals(d.ci95().contains(0) || d.pValue() >= 0.05, d.withinNoise());
    }

    @Test
    void fivePairsCannotLeaveNoiseEvenWhenEveryOneGains(@TempDir Path tmp) throws Exception {
        Path[] runs = ComparisonFixtures.pair(tmp);
        Comparison c = RunComparison.run(new ComparisonConfig(runs[0], runs[1], SETTINGS));
        PairedDifference angry = find(c, "judge recall (strict)", "angry").difference(); // ids 5-9: +0.1 each
        assertEquals(0.1, angry.meanDifference(), 1e-12);
        assertEquals(0.1, angry.ci95().low(), 1e-12, "every resample of a constant gain is that gain");
        assertEquals(2.0 / 32, angry.pValue(), 1e-15, "all five signs alike: 2 of 32 patterns");
        assertTrue(angry.withinNoise());
        assertEquals("within noise: p = 0.0625 ≥ 0.05", find(c, "judge recall (strict)", "angry").verdict());
        MetricDifference semantic = find(c, "semantic recall", "overall");
        assertTrue(semantic.difference().withinNoise(), semantic.toString());
        assertTrue(semantic.verdict().startsWith("within noise: the 95% interval includes 0"), semantic.verdict());
        // coherence: A has it on the even ids only, so 4 pairs (2, 4, 6, 8)
        assertEquals(4, find(c, "coherence", "overall").difference().n());
    }

    @Test
    void aSteadyGainOnTwentySamplesIsNotNoise(@TempDir Path tmp) throws Exception {
        List<ComparisonFixtures.Figures> a = new java.util.ArrayList<>();
        List<ComparisonFixtures.Figures> b = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String image = "EmoSet-118k/image/sadness/" + i + ".jpg";
            a.add(new ComparisonFixtures.Figures("s" + i, image, null, null, null, 0.3 + 0.01 * (i % 5), null));
            b.add(new ComparisonFixtures.Figures("s" + i, image, null, null, null, 0.4 + 0.01 * (i % 5), null));
        }
        Comparison c = RunComparison.compare(RunScores.read(ComparisonFixtures.write(tmp, "a", a)),
                RunScores.read(ComparisonFixtures.write(tmp, "b", b)), SETTINGS);
        MetricDifference sad = find(c, "semantic recall", "sad");
        assertFalse(sad.difference().withinNoise());
        assertEquals(SignFlipTest.MONTE_CARLO, sad.difference().test().method());
        assertEquals(1.0 / 10_001, sad.difference().pValue(), 1e-12, "no random pattern reaches all-positive");
        assertTrue(sad.verdict().startsWith("b is higher by 10.00 points (p = "), sad.verdict());
    }

    @Test
    void runsOfDifferentBenchmarksOrDatasetsAreRefused(@TempDir Path tmp) throws Exception {
        Path a = ComparisonFixtures.write(tmp, "a", List.of(new ComparisonFixtures.Figures("0",
                "CAER-S/train/Happy/0.png", null, null, null, 0.5, null)));
        Path b = ComparisonFixtures.write(tmp, "b", List.of(new ComparisonFixtures.Figures("0",
                "CAER-S/train/Happy/other.png", null, null, null, 0.5, null)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> RunComparison.compare(RunScores.read(a), RunScores.read(b), SETTINGS));
        assertTrue(e.getMessage().contains("different datasets"), e.getMessage());
    }
}
