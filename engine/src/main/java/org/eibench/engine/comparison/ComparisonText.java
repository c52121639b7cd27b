package org.eibench.engine.comparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eibench.engine.scores.SampleMetric;
import org.eibench.engine.stats.Bootstrap;
import org.eibench.engine.stats.PairedDifference;
import org.eibench.engine.stats.SignFlipTest;

/** What {@code eibench compare} prints: one line per figure and category, the verdict at its end. */
public final class ComparisonText {
    private ComparisonText() {}

    public static List<String> lines(Comparison c) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "compare A = %s with B = %s: %d samples both answered (%d only in A, %d"
                + " only in B, left out)", c.runA(), c.runB(), c.shared(), c.onlyA(), c.onlyB()));
        if (c.differences().isEmpty()) {
            out.add("no per-sample figure both runs have: score both with the same scorers (eibench score)");
            return out;
        }
        out.add(String.format(Locale.ROOT, "B − A per sample; [low, high]: %s 95%% interval (%d resamples, seed %d);"
                + " p: two-sided paired sign-flip permutation test (exact up to %d pairs, else %d random flips)",
                Bootstrap.PAIRED_METHOD, c.statistics().resamples(), c.statistics().seed(),
                SignFlipTest.EXACT_MAX_PAIRS, c.statistics().flips()));
        String metric = null;
        for (MetricDifference d : c.differences()) {
            if (!d.metric().equals(metric)) {
                metric = d.metric();
                boolean coherence = SampleMetric.COHERENCE.label().equals(metric);
                out.add(metric + (coherence ? "" : " (%; B−A in percentage points)"));
            }
            out.add(line(d));
        }
        return out;
    }

    private static String line(MetricDifference m) {
        PairedDifference d = m.difference();
        boolean coherence = SampleMetric.COHERENCE.label().equals(m.metric());
        return String.format(Locale.ROOT, "  %-10s %5d pairs  A %s  B %s  B−A %s [%s, %s]  p %.3g  %s", m.category(),
                d.n(), value(d.meanA(), coherence, false), value(d.meanB(), coherence, false),
                value(d.meanDifference(), coherence, true), value(d.ci95().low(), coherence, true),
                value(d.ci95().high(), coherence, true), d.pValue(), m.verdict());
    }

    /** A recall in percent (a difference in signed points), a coherence as a decimal. */
    static String value(double v, boolean coherence, boolean signed) {
        if (coherence) {
            return String.format(Locale.ROOT, signed ? "%+.4f" : "%.4f", v);
        }
        return String.format(Locale.ROOT, signed ? "%+.2f" : "%.2f%%", 100 * v);
    }
}
