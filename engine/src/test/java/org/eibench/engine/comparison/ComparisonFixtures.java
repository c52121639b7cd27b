package org.eibench.engine.comparison;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.ScoredSample;
import org.eibench.engine.scores.ScoresWriter;

/** Small scored run folders written by tests: scores.json and samples.jsonl, as eibench score writes them. */
public final class ComparisonFixtures {
    private ComparisonFixtures() {}

    /**
     * One sample's figures.
     *
     * @param id the sample id
     * @param image the image path (its category comes from it)
     * @param judgeStatus VALID, NO_SCORE, ... or null when not judged
     * @param correct C (null without a score)
     * @param total T (null without a score)
     * @param semanticRecall null when absent
     * @param coherence null when absent
     */
    public record Figures(String id, String image, String judgeStatus, Long correct, Long total, Double semanticRecall,
            Double coherence) {}

    /** Writes a scored Basic run folder {@code dir/name}. */
    public static Path write(Path dir, String name, List<Figures> figures) throws IOException {
        Path run = dir.resolve(name);
        List<ScoredSample> samples = figures.stream().map(f -> {
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (f.semanticRecall() != null) {
                metrics.put("semanticRecall", f.semanticRecall());
            }
            if (f.coherence() != null) {
                metrics.put("coherence", f.coherence());
            }
            return new ScoredSample(f.id(), f.image(), "Why?", "An answer.", "1. A trigger.", f.judgeStatus() == null
                    ? null : "{score: ...}", f.judgeStatus(), f.correct(), f.total(), 1, List.of(), metrics);
        }).toList();
        ScoresWriter.write(run, ScoresWriter.assemble(new RunIdentity(name, "model-" + name, "user", "none", "basic"),
                null, null, null), samples);
        return run;
    }

    /**
     * Run A: ids 0-9 (0-4 Happy, 5-9 Angry), judge C/T = i/10, semantic 0.2 + 0.01 i, coherence on the even ids.
     * Run B: ids 1-11, judge one tenth higher except id 3 (no score: counts 0), semantic alternately 0.01 above and
     * below A's, coherence on every id.
     */
    public static Path[] pair(Path dir) throws IOException {
        List<Figures> a = new java.util.ArrayList<>();
        List<Figures> b = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String image = "CAER-S/train/" + (i < 5 ? "Happy" : "Angry") + "/" + i + ".png";
            if (i < 10) {
                a.add(new Figures(Integer.toString(i), image, "VALID", (long) i, 10L, 0.2 + 0.01 * i,
                        i % 2 == 0 ? 0.5 + 0.01 * i : null));
            }
            if (i >= 1) {
                boolean noScore = i == 3;
                b.add(new Figures(Integer.toString(i), image, noScore ? "NO_SCORE" : "VALID", noScore ? null : i + 1L,
                        noScore ? null : 10L, 0.2 + 0.01 * i + (i % 2 == 0 ? 0.01 : -0.01), 0.6));
            }
        }
        return new Path[] {write(dir, "run-a", a), write(dir, "run-b", b)};
    }
}
