package org.eibench.engine.comparison;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.RunScores;
import org.eibench.engine.scores.SampleMetric;
import org.eibench.engine.scores.ScoredSample;
import org.eibench.engine.scores.Scores;
import org.eibench.engine.stats.Bootstrap;
import org.eibench.engine.stats.PairedDifference;
import org.eibench.engine.stats.SignFlipTest;
import org.eibench.engine.stats.StatisticsSettings;

/**
 * Compares two scored runs sample by sample: samples are matched by id, those only one run has are counted and left
 * out, and for each per-sample figure both runs have (judge recall, semantic recall, coherence) the paired
 * difference B − A is computed per category and overall.
 */
public final class RunComparison {
    private RunComparison() {}

    /** Reads both run folders' scores and compares them. */
    public static Comparison run(ComparisonConfig config) throws IOException {
        return compare(RunScores.read(config.runA()), RunScores.read(config.runB()), config.statistics());
    }

    /** The number of samples two runs share (by id). */
    public static int sharedSamples(RunScores a, RunScores b) {
        Map<String, ScoredSample> byId = byId(b);
        return (int) a.samples().stream().filter(s -> byId.containsKey(s.id())).count();
    }

    /**
     * Compares run B with run A.
     *
     * @throws IllegalArgumentException when the runs answered different benchmarks, or one sample id names two
     *     images
     */
    public static Comparison compare(RunScores a, RunScores b, StatisticsSettings statistics) {
        String benchmark = benchmark(a, b);
        JudgeCategories categories = benchmark == null ? null : JudgeCategories.load(benchmark);
        Map<String, ScoredSample> inB = byId(b);
        List<ScoredSample[]> pairs = new ArrayList<>();
        for (ScoredSample s : a.samples()) {
            ScoredSample other = inB.get(s.id());
            if (other == null) {
                continue;
            }
            if (!Objects.equals(s.image(), other.image())) {
                throw new IllegalArgumentException("sample " + s.id() + " is image " + s.image() + " in " + a.runDir()
                        + " but " + other.image() + " in " + b.runDir() + ": the runs answered different datasets");
            }
            pairs.add(new ScoredSample[] {s, other});
        }
        Bootstrap bootstrap = statistics.bootstrap();
        SignFlipTest signFlip = statistics.signFlipTest();
        List<MetricDifference> differences = new ArrayList<>();
        for (SampleMetric metric : SampleMetric.values()) {
            for (Map.Entry<String, List<double[]>> e : valuesByCategory(pairs, metric, categories).entrySet()) {
                List<double[]> values = e.getValue();
                if (values.isEmpty()) {
                    continue;
                }
                double[] va = values.stream().mapToDouble(v -> v[0]).toArray();
                double[] vb = values.stream().mapToDouble(v -> v[1]).toArray();
                PairedDifference d = PairedDifference.of(va, vb, bootstrap, signFlip);
                differences.add(new MetricDifference(metric.label(), e.getKey(), d, verdict(d, metric, a, b)));
            }
        }
        return new Comparison(name(a), name(b), benchmark, pairs.size(), a.samples().size() - pairs.size(),
                b.samples().size() - pairs.size(), statistics, differences);
    }

    /** Per category in column order, then overall: the (A, B) values of the pairs where both runs have the figure. */
    private static Map<String, List<double[]>> valuesByCategory(List<ScoredSample[]> pairs, SampleMetric metric,
            JudgeCategories categories) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        if (categories != null) {
            categories.columns().forEach(c -> out.put(c, new ArrayList<>()));
        }
        List<double[]> overall = new ArrayList<>();
        for (ScoredSample[] pair : pairs) {
            OptionalDouble va = metric.of(pair[0]);
            OptionalDouble vb = metric.of(pair[1]);
            if (va.isEmpty() || vb.isEmpty()) {
                continue;
            }
            double[] values = {va.getAsDouble(), vb.getAsDouble()};
            overall.add(values);
            if (categories != null) {
                categories.categoryOf(pair[0].image()).ifPresent(c -> out.get(c).add(values));
            }
        }
        out.put(JudgeCategories.OVERALL, overall);
        return out;
    }

    /** "within noise (...)" or "B is higher by 3.10 points (p = 0.002)". */
    static String verdict(PairedDifference d, SampleMetric metric, RunScores a, RunScores b) {
        if (d.withinNoise()) {
            List<String> reasons = new ArrayList<>();
            if (d.ci95().contains(0)) {
                reasons.add("the 95% interval includes 0");
            }
            if (d.pValue() >= PairedDifference.ALPHA) {
                reasons.add(String.format(Locale.ROOT, "p = %.3g ≥ %.2f", d.pValue(), PairedDifference.ALPHA));
            }
            return "within noise: " + String.join(" and ", reasons);
        }
        String amount = metric == SampleMetric.COHERENCE
                ? String.format(Locale.ROOT, "%.4f", Math.abs(d.meanDifference()))
                : String.format(Locale.ROOT, "%.2f points", 100 * Math.abs(d.meanDifference()));
        return String.format(Locale.ROOT, "%s is higher by %s (p = %.3g)", d.meanDifference() > 0 ? name(b) : name(a),
                amount, d.pValue());
    }

    /** The runs' common benchmark (lower case), or null when neither says. */
    private static String benchmark(RunScores a, RunScores b) {
        String ba = Scores.benchmarkOf(a.scores());
        String bb = Scores.benchmarkOf(b.scores());
        if (ba != null && bb != null && !ba.equals(bb)) {
            throw new IllegalArgumentException(a.runDir() + " answered " + ba + " but " + b.runDir() + " answered "
                    + bb + ": compare runs of the same benchmark");
        }
        return ba != null ? ba : bb;
    }

    private static Map<String, ScoredSample> byId(RunScores run) {
        Map<String, ScoredSample> out = new LinkedHashMap<>();
        run.samples().forEach(s -> out.put(s.id(), s));
        return out;
    }

    private static String name(RunScores run) {
        return run.scores().run() != null && run.scores().run().run() != null ? run.scores().run().run()
                : run.runDir().getFileName().toString();
    }
}
