package org.eibench.engine.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.eibench.kernels.similarity.JavaCosineKernel;
import org.eibench.models.scorer.Pooling;
import org.eibench.models.scorer.SentenceEncoder;

/**
 * Long-term coherence as EIBench defines it (long_term_scores.py): split an answer into sentences, embed each
 * sentence (BERT's [CLS] vector), and average the cosine similarity of adjacent sentences. Answers with fewer
 * than two sentences have no score and are left out of the run mean.
 *
 * <p>The reference uses bert-base-uncased (open it with {@code bert:<folder>}) and spaCy's en_core_web_sm
 * sentence splitter; here sentences come from {@link SentenceSegmenter}.
 */
public final class LongTermCoherence {
    /** The splitter's name as reports show it (the reference uses spaCy's en_core_web_sm). */
    public static final String SPLITTER = "SentenceSegmenter (JDK BreakIterator + list rules; reference: spaCy"
            + " en_core_web_sm)";

    /** One answer's sentences and score (empty with fewer than two sentences). */
    public record AnswerCoherence(List<String> sentences, OptionalDouble score) {
        public AnswerCoherence {
            sentences = List.copyOf(sentences);
        }
    }

    /**
     * A run's coherence.
     *
     * @param mean mean over the scored answers (0 when none was scored)
     * @param used answers with at least two sentences
     * @param skipped answers with fewer
     * @param answers per answer, in input order
     */
    public record Result(double mean, int used, int skipped, List<AnswerCoherence> answers) {
        public Result {
            answers = List.copyOf(answers);
        }

        /**
         * The reference's run figure: long_term_scores.py keeps an answer's score only {@code if coherence_score:},
         * so an exact 0.0 (or -0.0) is dropped as well as a missing one (NaN, being true in Python, stays); the
         * plain mean of the rest, left to right. Empty when nothing remains.
         */
        public OptionalDouble referenceMean() {
            double sum = 0;
            int n = 0;
            for (AnswerCoherence a : answers) {
                if (a.score().isPresent() && a.score().getAsDouble() != 0.0) {
                    sum += a.score().getAsDouble();
                    n++;
                }
            }
            return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
        }

        /** How many answers {@link #referenceMean()} averages. */
        public int referenceUsed() {
            return (int) answers.stream()
                    .filter(a -> a.score().isPresent() && a.score().getAsDouble() != 0.0).count();
        }
    }

    private final SentenceEncoder encoder;
    private final Pooling pooling;

    /** Coherence with {@link Pooling#CLS}, the paper's choice. */
    public LongTermCoherence(SentenceEncoder encoder) {
        this(encoder, Pooling.CLS);
    }

    public LongTermCoherence(SentenceEncoder encoder, Pooling pooling) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.pooling = Objects.requireNonNull(pooling, "pooling");
    }

    /** The coherence of one answer; empty when it has fewer than two sentences. */
    public OptionalDouble score(String answer) {
        return scoreAll(List.of(answer)).answers().getFirst().score();
    }

    /** Scores many answers with one encoder pass over all their sentences. */
    public Result scoreAll(List<String> answers) {
        List<List<String>> sentences = new ArrayList<>(answers.size());
        List<String> flat = new ArrayList<>();
        for (String answer : answers) {
            List<String> s = SentenceSegmenter.sentences(answer);
            sentences.add(s);
            if (s.size() >= 2) {
                flat.addAll(s);
            }
        }
        float[][] vectors = encoder.encode(flat, pooling);
        List<AnswerCoherence> out = new ArrayList<>(answers.size());
        int next = 0;
        double sum = 0;
        int used = 0;
        for (List<String> s : sentences) {
            if (s.size() < 2) {
                out.add(new AnswerCoherence(s, OptionalDouble.empty()));
                continue;
            }
            double adjacent = 0;
            for (int k = 0; k + 1 < s.size(); k++) {
                adjacent += JavaCosineKernel.cosine(vectors[next + k], vectors[next + k + 1]);
            }
            double score = adjacent / (s.size() - 1);
            next += s.size();
            out.add(new AnswerCoherence(s, OptionalDouble.of(score)));
            sum += score;
            used++;
        }
        return new Result(used == 0 ? 0 : sum / used, used, answers.size() - used, out);
    }
}
