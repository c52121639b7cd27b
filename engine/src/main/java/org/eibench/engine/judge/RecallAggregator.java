package org.eibench.engine.judge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.eibench.engine.stats.Bootstrap;

/**
 * Averages judge scores per category and overall, two ways.
 *
 * <p><b>Strict figure</b> ({@link CategoryRecall#recall()}): every sample counts once; a sample without a valid score
 * (generation failed, no match, malformed, or exhausted attempts) counts 0 and is counted in the failure columns.
 *
 * <p><b>Reference-compatible figure</b>: what get_scores.py prints for the same lines. Overall is the mean of C/T
 * over lines whose reply matches the score pattern; a line without a match is left out of overall but, in a
 * category, repeats the previous line's C/T (the script's {@code score_value} variable keeps its last value). C &gt; T
 * is kept as a ratio above 1. Where the script would have stopped (T = 0: ZeroDivisionError; a category line
 * without a match before any match: NameError) the line is skipped and counted in {@code referenceSkipped}.
 * With no categories (EI Complex) this is get_scores_complex.py's mean. A sample whose generation failed has no
 * line at all (the reference's answer scripts never write it), so it is absent from this figure.
 *
 * <p>Given a {@link Bootstrap}, each figure also gets its percentile-bootstrap 95% interval over the values it
 * averages.
 */
public final class RecallAggregator {
    private final JudgeCategories categories;
    private final Bootstrap bootstrap;

    /** Figures without intervals. */
    public RecallAggregator(JudgeCategories categories) {
        this(categories, null);
    }

    /** @param bootstrap the intervals' resampling, or null for none */
    public RecallAggregator(JudgeCategories categories, Bootstrap bootstrap) {
        this.categories = Objects.requireNonNull(categories, "categories");
        this.bootstrap = bootstrap;
    }

    /** Aggregates judge.jsonl lines in file order (order matters for the reference figure). */
    public JudgeSummary aggregate(String benchmark, List<JudgeLine> lines) {
        return aggregate(benchmark, lines, List.of());
    }

    /**
     * Aggregates judge.jsonl lines in file order, with the samples whose generation failed (never judged).
     *
     * @param failedImages the image path of each sample whose answer failed to generate, one entry per sample
     */
    public JudgeSummary aggregate(String benchmark, List<JudgeLine> lines, List<String> failedImages) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (String column : categories.columns()) {
            tallies.put(column, new Tally());
        }
        Tally overall = new Tally();
        Double carried = null; // the reference's score_value: the last matched C/T
        for (JudgeLine line : lines) {
            JudgeScore score = line.score();
            OptionalDouble ratio = score.referenceRatio();
            boolean skipForReference = false;
            Double referenceValue;
            if (ratio.isPresent()) {
                carried = ratio.getAsDouble();
                referenceValue = carried;
            } else if (score.status() == JudgeScore.Status.NO_SCORE) {
                referenceValue = carried;
            } else {
                skipForReference = true; // T = 0 (or digits beyond a long): the reference script would stop here
                referenceValue = null;
            }
            overall.add(line, score, skipForReference ? null : ratio.isPresent() ? ratio.getAsDouble() : null,
                    skipForReference);
            Optional<String> category = categories.categoryOf(line.image());
            if (category.isPresent()) {
                tallies.get(category.get()).add(line, score, skipForReference ? null : referenceValue,
                        skipForReference || referenceValue == null);
            }
        }
        for (String image : failedImages) {
            overall.addGenerationFailure();
            categories.categoryOf(image).ifPresent(c -> tallies.get(c).addGenerationFailure());
        }
        Map<String, CategoryRecall> out = new LinkedHashMap<>();
        tallies.forEach((name, tally) -> out.put(name, tally.result(bootstrap)));
        out.put(JudgeCategories.OVERALL, overall.result(bootstrap));
        return new JudgeSummary(benchmark, out);
    }

    /** Aggregates verdicts from a judge run (knows which replies are fallbacks). */
    public JudgeSummary aggregateVerdicts(String benchmark, List<JudgeVerdict> verdicts) {
        return aggregateVerdicts(benchmark, verdicts, List.of());
    }

    /** Aggregates verdicts from a judge run and the samples left unjudged because their generation failed. */
    public JudgeSummary aggregateVerdicts(String benchmark, List<JudgeVerdict> verdicts, List<String> failedImages) {
        return aggregate(benchmark, verdicts.stream().map(JudgeVerdict::line).toList(), failedImages);
    }

    /** Running sums of one category. */
    private static final class Tally {
        private double sum;
        private int samples;
        private int scored;
        private int exhausted;
        private int malformed;
        private int noScore;
        private int generationFailed;
        private final List<Double> strictValues = new ArrayList<>();
        private final List<Double> referenceValues = new ArrayList<>();
        private int referenceSkipped;

        /**
         * @param referenceValue the value the reference appends for this line, or null when it appends nothing
         * @param referenceSkip whether the reference script could not have counted this line
         */
        void add(JudgeLine line, JudgeScore score, Double referenceValue, boolean referenceSkip) {
            samples++;
            double strict = 0;
            if (line.exhausted()) {
                exhausted++;
            } else if (score.status() == JudgeScore.Status.VALID) {
                scored++;
                strict = score.recall().orElseThrow();
                sum += strict;
            } else if (score.status() == JudgeScore.Status.MALFORMED) {
                malformed++;
            } else {
                noScore++;
            }
            strictValues.add(strict);
            if (referenceValue != null) {
                referenceValues.add(referenceValue);
            } else if (referenceSkip) {
                referenceSkipped++;
            }
        }

        /** A sample never judged: counts 0 in the strict figure, appends nothing to the reference's list. */
        void addGenerationFailure() {
            samples++;
            generationFailed++;
            strictValues.add(0.0);
        }

        CategoryRecall result(Bootstrap bootstrap) {
            double referenceSum = 0;
            for (double v : referenceValues) {
                referenceSum += v; // left to right without compensation, like Python's sum() before 3.12
            }
            double referenceMean = referenceValues.isEmpty() ? 0 : referenceSum / referenceValues.size();
            return new CategoryRecall(samples == 0 ? null : sum / samples, samples, scored, exhausted, malformed,
                    noScore, generationFailed, referenceMean, referenceValues.size(), referenceSkipped,
                    bootstrap == null ? null : bootstrap.mean(toArray(strictValues)),
                    bootstrap == null ? null : bootstrap.mean(toArray(referenceValues)));
        }

        private static double[] toArray(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
