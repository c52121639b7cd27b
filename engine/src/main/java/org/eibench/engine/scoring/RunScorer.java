package org.eibench.engine.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eibench.engine.dataset.TriggerList;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.judge.JudgeItem;
import org.eibench.engine.judge.JudgePolicy;
import org.eibench.engine.judge.JudgePrompt;
import org.eibench.engine.judge.JudgeScorer;
import org.eibench.engine.judge.JudgeVerdict;
import org.eibench.engine.judge.RecallAggregator;
import org.eibench.engine.judge.TextGenerator;
import org.eibench.engine.metrics.LongTermCoherence;
import org.eibench.engine.metrics.SemanticRecall;
import org.eibench.engine.metrics.SemanticScore;
import org.eibench.engine.run.RecordsDigest;
import org.eibench.engine.scores.AgreementSection;
import org.eibench.engine.scores.CalibrationRows;
import org.eibench.engine.metrics.SemanticThreshold;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.JudgeSection;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.SampleMetric;
import org.eibench.engine.scores.ScoredSample;
import org.eibench.engine.scores.Scores;
import org.eibench.engine.scores.ScoresWriter;
import org.eibench.engine.scores.SemanticFigures;
import org.eibench.engine.scores.SemanticSection;
import org.eibench.engine.stats.Bootstrap;
import org.eibench.engine.stats.Derangement;
import org.eibench.engine.stats.StatisticsSettings;

/**
 * Computes the sections of scores.json for one run's answers: each scorer is optional, and the per-sample entries
 * collect what every scorer found. Every figure carries its percentile-bootstrap 95% interval over samples.
 */
public final class RunScorer {
    /** The judge status of a sample left unjudged because its answer failed to generate. */
    public static final String GENERATION_FAILED = "GENERATION_FAILED";

    /** The encoder specification of a BERT checkpoint ({@code bert:DIR}), the paper's coherence encoder. */
    private static final String BERT_SPEC_PREFIX = "bert:";

    /** How a ground truth becomes the answer text of the calibration rows. */
    public static final String CALIBRATION_ANSWER_TEXT = "the ground-truth triggers as sentences, each ending with a"
            + " full stop, joined by spaces";

    private final ScoringInput input;
    private final StatisticsSettings statistics;
    private final Bootstrap bootstrap;
    private final JudgeCategories categories;
    private final List<ScoredSample> samples = new ArrayList<>();
    private final Map<String, Integer> indexById = new HashMap<>();

    /** A scorer with the default statistics ({@link StatisticsSettings#DEFAULT}). */
    public RunScorer(ScoringInput input) {
        this(input, StatisticsSettings.DEFAULT);
    }

    /** @param statistics the resampling of the intervals and the seed of the calibration's chance row */
    public RunScorer(ScoringInput input, StatisticsSettings statistics) {
        this.input = input;
        this.statistics = statistics;
        this.bootstrap = statistics.bootstrap();
        this.categories = JudgeCategories.load(input.benchmark().id());
        for (ScoringInput.Entry e : input.entries()) {
            var s = e.sample();
            indexById.put(s.id(), samples.size());
            samples.add(new ScoredSample(s.id(), s.imageKey(), s.question(), e.answer(), s.groundTruth(), null, null,
                    null, null, null, List.of(), Map.of()));
        }
    }

    /** The per-sample entries with everything scored so far, in benchmark order. */
    public List<ScoredSample> samples() {
        return List.copyOf(samples);
    }

    /**
     * LLM-judge trigger recall (the paper's metric); writes nothing, returns the section and the verdicts. Samples
     * whose generation failed are not judged (the reference's answer scripts never write them): they are counted
     * as failures, and marked {@value #GENERATION_FAILED} in their per-sample entry.
     */
    public JudgeOutcome judge(TextGenerator generator, JudgePolicy policy, long seed) {
        return judge(generator, policy, seed, (scored, unscored) -> { });
    }

    /**
     * As {@link #judge(TextGenerator, JudgePolicy, long)}, telling {@code progress} as each sample is settled; the
     * samples whose generation failed are settled at once, as unscored.
     */
    public JudgeOutcome judge(TextGenerator generator, JudgePolicy policy, long seed, JudgeScorer.Progress progress) {
        List<JudgeItem> items = input.entries().stream().filter(e -> !e.failed()).map(e -> new JudgeItem(
                e.sample().id(), e.sample().imageKey(), e.sample().question(), e.answer(), e.sample().groundTruth()))
                .toList();
        List<String> failedImages = new ArrayList<>();
        for (ScoringInput.Entry e : input.entries()) {
            if (e.failed()) {
                failedImages.add(e.sample().imageKey());
                int i = indexById.get(e.sample().id());
                ScoredSample s = samples.get(i);
                samples.set(i, new ScoredSample(s.id(), s.image(), s.question(), s.answer(), s.groundTruth(), null,
                        GENERATION_FAILED, null, null, 0, s.matchedTriggers(), s.metrics(), s.triggerMatches()));
            }
        }
        int generationFailed = failedImages.size();
        for (int settled = 1; settled <= generationFailed; settled++) {
            progress.settled(0, settled);
        }
        List<JudgeVerdict> verdicts = new JudgeScorer(generator, JudgePrompt.load(input.benchmark().id()), policy,
                seed).judge(items, (scored, unscored) -> progress.settled(scored, generationFailed + unscored));
        var summary = new RecallAggregator(categories, bootstrap).aggregateVerdicts(input.benchmark().id(), verdicts,
                failedImages);
        for (JudgeVerdict v : verdicts) {
            ScoredSample judged = ScoresWriter.sampleOf(v);
            int i = indexById.get(v.item().id());
            ScoredSample before = samples.get(i);
            samples.set(i, judged.withMatches(before.matchedTriggers(), before.metrics())
                    .withTriggerMatches(before.triggerMatches()));
        }
        return new JudgeOutcome(JudgeSection.of(generator.modelName(), policy, seed, summary), verdicts);
    }

    /**
     * The judge's section of scores.json and its verdicts (for judge.jsonl).
     *
     * @param section aggregated recall per category
     * @param verdicts one per sample, in benchmark order
     */
    public record JudgeOutcome(JudgeSection section, List<JudgeVerdict> verdicts) {}

    /** The key of scores.json's semantic settings that says where the threshold came from. */
    public static final String TAU_SOURCE = "tau_source";

    /**
     * Semantic trigger recall per category and overall (macro averages, as the judge's recall), with the calibration
     * rows of the same scorer on the same samples.
     *
     * @param thresholdSource where {@code recall}'s threshold came from ({@link SemanticThreshold#source})
     */
    public SemanticSection semantic(SemanticRecall recall, String encoderName, String kernelName,
            String thresholdSource) {
        List<SemanticScore> scores = recall.scoreAll(input.entries().stream()
                .map(e -> new SemanticRecall.Sample(e.sample().id(), e.sample().groundTruth(), e.answer())).toList());
        for (int i = 0; i < scores.size(); i++) {
            SemanticScore score = scores.get(i);
            List<String> matched = score.bestMatches().stream().filter(m -> m.matched())
                    .map(m -> score.triggers().get(m.trigger())).toList();
            int index = indexById.get(score.id());
            samples.set(index, samples.get(index).withMatches(matched, ordered(SampleMetric.SEMANTIC_RECALL_KEY,
                    score.recall(), "semanticPrecision", score.precision(), "semanticOneToOneRecall",
                    score.oneToOneRecall())).withTriggerMatches(triggerResults(score)));
        }
        return new SemanticSection(encoderName, figuresByCategory(scores, recall.threshold()),
                ordered("kernel", kernelName, "pooling", "mean+L2", TAU_SOURCE, thresholdSource), calibration(recall));
    }

    /**
     * The ceiling (each sample answered with its own ground truth) and chance level (with another image's, by a
     * seeded derangement of the samples) of the semantic recall; null with fewer than two samples.
     */
    CalibrationRows calibration(SemanticRecall recall) {
        List<ScoringInput.Entry> entries = input.entries();
        int n = entries.size();
        if (n < 2) {
            return null;
        }
        int[] other = Derangement.of(n, statistics.seed(),
                (i, j) -> entries.get(i).sample().imageKey().equals(entries.get(j).sample().imageKey()));
        List<SemanticRecall.Sample> samples = new ArrayList<>(2 * n);
        for (ScoringInput.Entry e : entries) {
            samples.add(new SemanticRecall.Sample(e.sample().id(), e.sample().groundTruth(),
                    groundTruthAsAnswer(e.sample().groundTruth())));
        }
        for (int i = 0; i < n; i++) {
            var s = entries.get(i).sample();
            samples.add(new SemanticRecall.Sample(s.id(), s.groundTruth(),
                    groundTruthAsAnswer(entries.get(other[i]).sample().groundTruth())));
        }
        List<SemanticScore> scores = recall.scoreAll(samples); // one encoder pass: both rows share their texts
        return new CalibrationRows(figuresByCategory(scores.subList(0, n), recall.threshold()),
                figuresByCategory(scores.subList(n, 2 * n), recall.threshold()), statistics.seed(),
                CALIBRATION_ANSWER_TEXT);
    }

    /** The ground truth's triggers written as prose, so that the answer is split into sentences as a model's is. */
    static String groundTruthAsAnswer(String groundTruth) {
        List<String> triggers = TriggerList.parse(groundTruth).orElse(List.of(groundTruth));
        List<String> sentences = new ArrayList<>();
        for (String t : triggers) {
            String s = t.strip();
            sentences.add(s.isEmpty() || ".!?".indexOf(s.charAt(s.length() - 1)) >= 0 ? s : s + ".");
        }
        return String.join(" ", sentences);
    }

    /** Macro-averaged figures per category (in column order) and overall, for scores in input order. */
    private Map<String, SemanticFigures> figuresByCategory(List<SemanticScore> scores, double threshold) {
        Map<String, List<SemanticScore>> byCategory = new LinkedHashMap<>();
        categories.columns().forEach(c -> byCategory.put(c, new ArrayList<>()));
        for (int i = 0; i < scores.size(); i++) {
            SemanticScore score = scores.get(i);
            categories.categoryOf(input.entries().get(i).sample().imageKey())
                    .ifPresent(c -> byCategory.computeIfAbsent(c, k -> new ArrayList<>()).add(score));
        }
        byCategory.put(JudgeCategories.OVERALL, scores);
        Map<String, SemanticFigures> figures = new LinkedHashMap<>();
        byCategory.forEach((category, list) -> {
            if (!list.isEmpty()) {
                var sum = SemanticRecall.summarize(list, threshold);
                figures.put(category, new SemanticFigures(sum.recall(), sum.precision(), sum.f1(),
                        sum.oneToOneRecall(), threshold, sum.samples(),
                        bootstrap.mean(list.stream().mapToDouble(SemanticScore::recall).toArray())));
            }
        });
        return figures;
    }

    /** Each trigger with its most similar answer unit, for the report's sample explorer. */
    private static List<ScoredSample.TriggerResult> triggerResults(SemanticScore score) {
        // the similarity to 4 decimals: enough to read, and no float noise digits in every line of samples.jsonl
        return score.bestMatches().stream().map(m -> new ScoredSample.TriggerResult(score.triggers().get(m.trigger()),
                m.matched(), m.unit() < 0 ? null : score.units().get(m.unit()),
                m.unit() < 0 ? null : Math.round(m.similarity() * 10_000d) / 10_000d)).toList();
    }

    /**
     * Long-term coherence: mean cosine of adjacent sentences per answer, answers under 2 sentences skipped. Two
     * figures: the strict mean over every scored answer, and the reference's (long_term_scores.py keeps a score only
     * {@code if coherence_score:}, so an exact 0.0 is dropped).
     *
     * @param encoderName the sentence encoder's name, for the label
     * @param encoderSpec how the encoder was opened ({@code minilm}, {@code bert:DIR}): a BERT checkpoint with its
     *     [CLS] vector is the paper's definition, MiniLM is not
     */
    public CoherenceSection coherence(LongTermCoherence coherence, String encoderName, String encoderSpec) {
        List<String> answers = input.entries().stream().map(ScoringInput.Entry::answer).toList();
        LongTermCoherence.Result result = coherence.scoreAll(answers);
        for (int i = 0; i < answers.size(); i++) {
            var perAnswer = result.answers().get(i).score();
            if (perAnswer.isPresent()) {
                ScoredSample s = samples.get(i);
                samples.set(i, s.withMatches(s.matchedTriggers(),
                        Map.of(SampleMetric.COHERENCE_KEY, perAnswer.getAsDouble())));
            }
        }
        var reference = result.referenceMean();
        double[] scored = result.answers().stream().filter(a -> a.score().isPresent())
                .mapToDouble(a -> a.score().getAsDouble()).toArray();
        // the reference's own filter (long_term_scores.py's if coherence_score:) drops an exact 0.0
        double[] referenceScored = Arrays.stream(scored).filter(v -> v != 0.0).toArray();
        return new CoherenceSection(encoderName + " (CLS)", result.used() == 0 ? null : result.mean(),
                result.used(), result.skipped(), reference.isPresent() ? reference.getAsDouble() : null,
                result.referenceUsed(), encoderSpec, LongTermCoherence.SPLITTER,
                encoderSpec.startsWith(BERT_SPEC_PREFIX), bootstrap.mean(scored), bootstrap.mean(referenceScored));
    }

    /** How the semantic recall ranks the samples against the judge's; null unless both were scored. */
    public AgreementSection agreement() {
        return JudgeSemanticAgreement.of(samples, categories);
    }

    /** scores.json of the given sections, with the judge-semantic agreement when both were scored. */
    public Scores assemble(RunIdentity run, JudgeSection judge, SemanticSection semantic, CoherenceSection coherence,
            RecordsDigest records) {
        return ScoresWriter.assemble(run, judge, semantic, coherence, records,
                judge != null && semantic != null ? agreement() : null);
    }


    /** A map in the given key order: Map.of iterates in a per-JVM random order, which would make files differ. */
    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}
