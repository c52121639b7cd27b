package org.eibench.benchmarks;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eibench.engine.dataset.TriggerList;
import org.eibench.engine.metrics.SentenceSegmenter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-text cost of the text splitting the metrics run once per sample: {@link TriggerList#parse} on the Basic
 * ground truths, and {@link SentenceSegmenter} on VLM-style answers built from those triggers. Each call takes the
 * next text of the corpus in turn, so the score is the mean over the whole corpus.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TextSplitBenchmark {
    /** {@code auto}: the real ground truth when eibench.shared.dir holds it, else generated; see GroundTruths. */
    @Param({"auto"})
    public String corpus;

    private String[] groundTruths;
    private String[] answers;
    private int nextTruth;
    private int nextAnswer;

    @Setup
    public void setUp() {
        GroundTruths truths = GroundTruths.load(corpus);
        System.out.println("ground truth: " + truths.source() + " (" + truths.texts().size() + " texts)");
        groundTruths = truths.texts().toArray(String[]::new);
        Random random = new Random(3);
        answers = new String[groundTruths.length];
        for (int i = 0; i < groundTruths.length; i++) {
            List<String> triggers = TriggerList.parse(groundTruths[i]).orElse(List.of(groundTruths[i]));
            answers[i] = Phrases.answer(triggers, random);
        }
    }

    @Benchmark
    public Optional<List<String>> triggerListParse() {
        String text = groundTruths[nextTruth];
        nextTruth = (nextTruth + 1) % groundTruths.length;
        return TriggerList.parse(text);
    }

    /** What SemanticRecall matches against: list items, or sentences when there is no list. */
    @Benchmark
    public List<String> answerUnits() {
        return SentenceSegmenter.units(nextAnswer());
    }

    /** What LongTermCoherence compares: every sentence. */
    @Benchmark
    public List<String> answerSentences() {
        return SentenceSegmenter.sentences(nextAnswer());
    }

    private String nextAnswer() {
        String text = answers[nextAnswer];
        nextAnswer = (nextAnswer + 1) % answers.length;
        return text;
    }
}
