package org.eibench.engine.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eibench.engine.dataset.TriggerList;
import org.eibench.kernels.similarity.CosineKernel;
import org.eibench.kernels.similarity.RowVectors;
import org.eibench.kernels.similarity.SimilarityMatrix;
import org.eibench.models.scorer.Pooling;
import org.eibench.models.scorer.SentenceEncoder;

/**
 * Semantic trigger recall: how many ground-truth triggers an answer names, judged by sentence-embedding
 * similarity instead of an LLM judge.
 *
 * <p>The ground truth is split into its numbered triggers ({@link TriggerList}), the answer into units
 * ({@link SentenceSegmenter#units}); all texts are embedded with {@link Pooling#MEAN_L2}; a trigger counts as
 * recalled when some unit's cosine similarity reaches the threshold τ. The default τ is calibrated for the
 * MiniLM encoder ({@link SemanticCalibration#load()}); other encoders need their own calibration.
 *
 * <pre>{@code
 * try (SentenceEncoder encoder = SentenceEncoders.open("minilm"); CosineKernel kernel = new Nd4jCosineKernel()) {
 *     SemanticRecall metric = new SemanticRecall(encoder, kernel, SemanticCalibration.load().threshold());
 *     SemanticScore s = metric.score(new SemanticRecall.Sample("img.jpg", groundTruth, answer));
 * }
 * }</pre>
 */
public final class SemanticRecall {

    /** One answer to score against its ground truth (a numbered trigger list). */
    public record Sample(String id, String groundTruth, String answer) {
        public Sample {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(groundTruth, "groundTruth");
            answer = answer == null ? "" : answer;
        }
    }

    /** Threshold-free result of embedding one sample: rows are triggers, columns answer units. */
    public record Comparison(String id, List<String> triggers, List<String> units, SimilarityMatrix similarity) {}

    /** Macro averages over samples (each sample weighs the same, as EIBench averages correct/total). */
    public record Summary(int samples, double threshold, double recall, double precision, double f1,
            double oneToOneRecall, double oneToOnePrecision, double oneToOneF1) {}

    private final SentenceEncoder encoder;
    private final CosineKernel kernel;
    private final double threshold;

    public SemanticRecall(SentenceEncoder encoder, CosineKernel kernel, double threshold) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        if (!(threshold > -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be a cosine similarity in (-1, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /** Scores one sample. */
    public SemanticScore score(Sample sample) {
        return scoreAll(List.of(sample)).getFirst();
    }

    /** Scores many samples with one encoder pass over their distinct texts and one batched kernel call. */
    public List<SemanticScore> scoreAll(List<Sample> samples) {
        return compareAll(samples).stream().map(c -> score(c, threshold)).toList();
    }

    /**
     * Embeds and compares without applying a threshold, so that many thresholds can be tried cheaply.
     *
     * @throws IllegalArgumentException when a ground truth is not a numbered trigger list
     */
    public List<Comparison> compareAll(List<Sample> samples) {
        List<List<String>> triggers = new ArrayList<>(samples.size());
        List<List<String>> units = new ArrayList<>(samples.size());
        Map<String, Integer> distinct = new LinkedHashMap<>();
        for (Sample s : samples) {
            List<String> t = TriggerList.parse(s.groundTruth()).orElseThrow(() -> new IllegalArgumentException(
                    "ground truth of " + s.id() + " is not a numbered trigger list (\"1. ...\\n2. ...\" with no empty item): "
                            + abbreviate(s.groundTruth())));
            List<String> u = SentenceSegmenter.units(s.answer());
            triggers.add(t);
            units.add(u);
            t.forEach(text -> distinct.putIfAbsent(text, distinct.size()));
            u.forEach(text -> distinct.putIfAbsent(text, distinct.size()));
        }
        float[][] vectors = encoder.encode(List.copyOf(distinct.keySet()), Pooling.MEAN_L2);
        List<CosineKernel.Pair> pairs = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            pairs.add(new CosineKernel.Pair(rows(triggers.get(i), distinct, vectors, encoder.dimension()),
                    rows(units.get(i), distinct, vectors, encoder.dimension())));
        }
        List<SimilarityMatrix> matrices = kernel.cosineAll(pairs);
        List<Comparison> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            out.add(new Comparison(samples.get(i).id(), triggers.get(i), units.get(i), matrices.get(i)));
        }
        return out;
    }

    /** Applies threshold {@code tau} to a comparison. */
    public static SemanticScore score(Comparison c, double tau) {
        SimilarityMatrix sim = c.similarity();
        int nTriggers = sim.rows();
        int nUnits = sim.cols();
        List<TriggerMatch> best = new ArrayList<>(nTriggers);
        int recalled = 0;
        for (int i = 0; i < nTriggers; i++) {
            int bestUnit = -1;
            float bestSim = 0;
            for (int j = 0; j < nUnits; j++) {
                if (bestUnit < 0 || sim.get(i, j) > bestSim) {
                    bestUnit = j;
                    bestSim = sim.get(i, j);
                }
            }
            boolean matched = bestUnit >= 0 && bestSim >= tau;
            recalled += matched ? 1 : 0;
            best.add(new TriggerMatch(i, bestUnit, bestSim, matched));
        }
        int precise = 0;
        for (int j = 0; j < nUnits; j++) {
            for (int i = 0; i < nTriggers; i++) {
                if (sim.get(i, j) >= tau) {
                    precise++;
                    break;
                }
            }
        }
        // below-threshold pairs weigh 0 so they can never displace a real match
        double[][] weights = new double[nTriggers][nUnits];
        for (int i = 0; i < nTriggers; i++) {
            for (int j = 0; j < nUnits; j++) {
                weights[i][j] = sim.get(i, j) >= tau ? sim.get(i, j) : 0;
            }
        }
        int[] assignment = BipartiteMatching.maximumWeight(weights);
        List<TriggerMatch> oneToOne = new ArrayList<>();
        for (int i = 0; i < nTriggers; i++) {
            if (assignment[i] >= 0) {
                oneToOne.add(new TriggerMatch(i, assignment[i], sim.get(i, assignment[i]), true));
            }
        }
        double recall = share(recalled, nTriggers);
        double precision = share(precise, nUnits);
        double recall1 = share(oneToOne.size(), nTriggers);
        double precision1 = share(oneToOne.size(), nUnits);
        return new SemanticScore(c.id(), c.triggers(), c.units(), recall, precision, SemanticScore.f1(precision, recall),
                recall1, precision1, SemanticScore.f1(precision1, recall1), best, oneToOne);
    }

    /** Macro averages of scores made at {@code threshold}. */
    public static Summary summarize(List<SemanticScore> scores, double threshold) {
        int n = scores.size();
        return new Summary(n, threshold,
                mean(scores, SemanticScore::recall), mean(scores, SemanticScore::precision), mean(scores, SemanticScore::f1),
                mean(scores, SemanticScore::oneToOneRecall), mean(scores, SemanticScore::oneToOnePrecision),
                mean(scores, SemanticScore::oneToOneF1));
    }

    private static double mean(List<SemanticScore> scores, java.util.function.ToDoubleFunction<SemanticScore> f) {
        return scores.stream().mapToDouble(f).average().orElse(0);
    }

    private static double share(int count, int total) {
        return total == 0 ? 0 : (double) count / total;
    }

    private static RowVectors rows(List<String> texts, Map<String, Integer> index, float[][] vectors, int dim) {
        float[][] rows = new float[texts.size()][];
        for (int k = 0; k < texts.size(); k++) {
            rows[k] = vectors[index.get(texts.get(k))];
        }
        return RowVectors.of(rows, dim);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
