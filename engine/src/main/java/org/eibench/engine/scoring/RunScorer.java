package org.eibench.engine.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.eibench.engine.metrics.SemanticThreshold;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.JudgeSection;
import org.eibench.engine.scores.ScoredSample;
import org.eibench.engine.scores.ScoresWriter;
import org.eibench.engine.scores.SemanticFigures;
import org.eibench.engine.scores.SemanticSection;

/**
 * Computes the sections of scores.json for one run's answers: each scorer is optional, and the per-sample entries
 * collect what every scorer found.
 */
public final class RunScorer {
    /** The judge status of a sample left unjudged because its answer failed to generate. */
    public static final String GENERATION_FAILED = "GENERATION_FAILED";

    /** The encoder specification of a BERT checkpoint ({@code bert:DIR}), the paper's coherence encoder. */
    private static final String BERT_SPEC_PREFIX = "bert:";

    private final ScoringInput input;
    private final JudgeCategories categories;
    private final List<ScoredSample> samples = new ArrayList<>();
    private final Map<String, Integer> indexById = new HashMap<>();

    public RunScorer(ScoringInput input) {
        this.input = input;
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
                        GENERATION_FAILED, null, null, 0, s.matchedTriggers(), s.metrics()));
            }
        }
        int generationFailed = failedImages.size();
        for (int settled = 1; settled <= generationFailed; settled++) {
            progress.settled(0, settled);
        }
        List<JudgeVerdict> verdicts = new JudgeScorer(generator, JudgePrompt.load(input.benchmark().id()), policy,
                seed).judge(items, (scored, unscored) -> progress.settled(scored, generationFailed + unscored));
        var summary = new RecallAggregator(categories).aggregateVerdicts(input.benchmark().id(), verdicts,
                failedImages);
        for (JudgeVerdict v : verdicts) {
            ScoredSample judged = ScoresWriter.sampleOf(v);
            int i = indexById.get(v.item().id());
            samples.set(i, judged.withMatches(samples.get(i).matchedTriggers(), samples.get(i).metrics()));
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
     * Semantic trigger recall per category and overall (macro averages, as the judge's recall).
     *
     * @param thresholdSource where {@code recall}'s threshold came from ({@link SemanticThreshold#source})
     */
    public SemanticSection semantic(SemanticRecall recall, String encoderName, String kernelName,
            String thresholdSource) {
        List<SemanticScore> scores = recall.scoreAll(input.entries().stream()
                .map(e -> new SemanticRecall.Sample(e.sample().id(), e.sample().groundTruth(), e.answer())).toList());
        Map<String, List<SemanticScore>> byCategory = new LinkedHashMap<>();
        categories.columns().forEach(c -> byCategory.put(c, new ArrayList<>()));
        for (int i = 0; i < scores.size(); i++) {
            SemanticScore score = scores.get(i);
            ScoringInput.Entry entry = input.entries().get(i);
            categories.categoryOf(entry.sample().imageKey())
                    .ifPresent(c -> byCategory.computeIfAbsent(c, k -> new ArrayList<>()).add(score));
            List<String> matched = score.bestMatches().stream().filter(m -> m.matched())
                    .map(m -> score.triggers().get(m.trigger())).toList();
            int index = indexById.get(score.id());
            samples.set(index, samples.get(index).withMatches(matched, ordered("semanticRecall", score.recall(),
                    "semanticPrecision", score.precision(), "semanticOneToOneRecall", score.oneToOneRecall())));
        }
        byCategory.put(JudgeCategories.OVERALL, scores);
        Map<String, SemanticFigures> figures = new LinkedHashMap<>();
        byCategory.forEach((category, list) -> {
            if (!list.isEmpty()) {
                var sum = SemanticRecall.summarize(list, recall.threshold());
                figures.put(category, new SemanticFigures(sum.recall(), sum.precision(), sum.f1(),
                        sum.oneToOneRecall(), recall.threshold(), sum.samples()));
            }
        });
        return new SemanticSection(encoderName, figures, ordered("kernel", kernelName, "pooling", "mean+L2",
                TAU_SOURCE, thresholdSource));
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
                samples.set(i, s.withMatches(s.matchedTriggers(), Map.of("coherence", perAnswer.getAsDouble())));
            }
        }
        var reference = result.referenceMean();
        return new CoherenceSection(encoderName + " (CLS)", result.used() == 0 ? null : result.mean(),
                result.used(), result.skipped(), reference.isPresent() ? reference.getAsDouble() : null,
                result.referenceUsed(), encoderSpec, LongTermCoherence.SPLITTER,
                encoderSpec.startsWith(BERT_SPEC_PREFIX));
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
