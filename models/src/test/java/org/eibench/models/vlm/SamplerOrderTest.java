package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eibench.kernels.llama.SamplerChain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The llama.cpp chain {@link PromptPreparer#samplerFor} builds gives, on a fixed logit vector, the distribution of
 * Hugging Face's {@code generate} with {@code do_sample=True}: its warpers run in the order temperature, top-k, top-p
 * ({@code TemperatureLogitsWarper}, {@code TopKLogitsWarper}, {@code TopPLogitsWarper}, {@code min_tokens_to_keep=1}),
 * then {@code softmax} and {@code multinomial}. The expected probabilities are computed here in plain Java from those
 * definitions.
 */
class SamplerOrderTest {
    private static final int VOCAB = 256;

    /** Distinct logits spread like a model's (no ties, so top-k keeps exactly k in both libraries). */
    private static float[] logits() {
        Random random = new Random(20261201);
        float[] logits = new float[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            logits[i] = (float) (random.nextGaussian() * 3.0);
        }
        return logits;
    }

    @ParameterizedTest(name = "temperature {0}, top-k {1}, top-p {2}")
    @CsvSource({
        "0.4, 50, 1.0", // the reference's answer sampling (ec_*_llava.py; HF's default top-k)
        "0.1, 50, 0.9", // the reference judge (llama3-eval.py)
        "2.0, 0, 0.5", // a flattening temperature: top-p before it would keep far fewer tokens
        "0.7, 10, 0.95",
    })
    void chainKeepsHuggingFacesTokensWithItsProbabilities(float temperature, int topK, float topP) {
        float[] logits = logits();
        Map<Integer, Double> expected = huggingFace(logits, temperature, topK, topP);
        SamplingParams sampling = new SamplingParams(temperature, topP, topK, 1234, 16, null, false, List.of());
        try (SamplerChain chain = PromptPreparer.samplerFor(sampling, null)) {
            SamplerChain.Candidates kept = chain.apply(logits);
            Map<Integer, Double> actual = new TreeMap<>();
            for (int i = 0; i < kept.tokens().length; i++) {
                actual.put(kept.tokens()[i], (double) kept.probabilities()[i]);
            }
            assertEquals(expected.keySet(), actual.keySet(), "the tokens that can be drawn");
            expected.forEach((token, p) -> assertEquals(p, actual.get(token), 1e-5, "p of token " + token));
            assertTrue(expected.containsKey(kept.selected()), "drawn token " + kept.selected() + " is one HF can draw");
        }
    }

    @ParameterizedTest(name = "temperature {0}, top-k {1}, top-p {2}")
    @CsvSource({"0.4, 50, 1.0", "0.1, 50, 0.9", "2.0, 0, 0.5"})
    void drawsFollowHuggingFacesDistribution(float temperature, int topK, float topP) {
        float[] logits = logits();
        Map<Integer, Double> expected = huggingFace(logits, temperature, topK, topP);
        int draws = 4000;
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int seed = 0; seed < draws; seed++) {
            SamplingParams sampling = new SamplingParams(temperature, topP, topK, seed, 16, null, false, List.of());
            try (SamplerChain chain = PromptPreparer.samplerFor(sampling, null)) {
                counts.merge(chain.apply(logits).selected(), 1, Integer::sum);
            }
        }
        assertTrue(expected.keySet().containsAll(counts.keySet()), "drawn " + counts.keySet() + ", HF can draw "
                + expected.keySet());
        expected.forEach((token, p) -> {
            double frequency = counts.getOrDefault(token, 0) / (double) draws;
            double fiveSigma = 5 * Math.sqrt(p * (1 - p) / draws) + 1e-3;
            assertEquals(p, frequency, fiveSigma, "frequency of token " + token);
        });
    }

    @org.junit.jupiter.api.Test
    void seedWhoseLowBitsAreLlamaDefaultSeedStaysReproducible() {
        // 0xFFFFFFFF is LLAMA_DEFAULT_SEED, which llama.cpp replaces by a seed from the clock
        float[] logits = logits();
        for (long seed : new long[] {0xFFFFFFFFL, -1L, 0x12345678FFFFFFFFL}) {
            SamplingParams sampling = new SamplingParams(2f, 1f, 0, seed, 16, null, false, List.of());
            try (SamplerChain first = PromptPreparer.samplerFor(sampling, null);
                    SamplerChain second = PromptPreparer.samplerFor(sampling, null)) {
                for (int draw = 0; draw < 32; draw++) {
                    assertEquals(first.apply(logits).selected(), second.apply(logits).selected(),
                            "draw " + draw + " with seed " + Long.toHexString(seed));
                }
            }
        }
    }

    /**
     * Hugging Face's probabilities after its warpers, for the tokens it keeps (transformers'
     * generation/logits_process.py).
     */
    static Map<Integer, Double> huggingFace(float[] logits, float temperature, int topK, float topP) {
        int n = logits.length;
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = logits[i] / (double) temperature; // TemperatureLogitsWarper: scores / temperature
        }
        if (topK != 0) { // TopKLogitsWarper: remove scores < the k-th largest (ties with it stay)
            int k = Math.min(Math.max(topK, 1), n);
            double[] sorted = scores.clone();
            Arrays.sort(sorted);
            double kth = sorted[n - k];
            for (int i = 0; i < n; i++) {
                if (scores[i] < kth) {
                    scores[i] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        if (topP < 1f) { // TopPLogitsWarper: ascending sort, remove where cumsum(softmax) <= 1 - top_p, keep the last
            Integer[] ascending = new Integer[n];
            for (int i = 0; i < n; i++) {
                ascending[i] = i;
            }
            double[] current = scores.clone();
            Arrays.sort(ascending, (a, b) -> Double.compare(current[a], current[b]));
            double[] probabilities = softmax(current);
            double cumulative = 0;
            for (int r = 0; r < n - 1; r++) { // the last (most likely) token is always kept: min_tokens_to_keep=1
                cumulative += probabilities[ascending[r]];
                double margin = Math.abs(cumulative - (1 - topP));
                if (probabilities[ascending[r]] > 0) {
                    assertTrue(margin > 1e-4, "fixture too close to the top-p boundary to compare float sums");
                }
                if (cumulative <= 1 - topP) {
                    scores[ascending[r]] = Double.NEGATIVE_INFINITY;
                }
            }
        }
        double[] probabilities = softmax(scores);
        Map<Integer, Double> kept = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (scores[i] != Double.NEGATIVE_INFINITY) {
                kept.put(i, probabilities[i]);
            }
        }
        return kept;
    }

    private static double[] softmax(double[] scores) {
        double max = Arrays.stream(scores).max().orElseThrow();
        double[] out = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            out[i] = scores[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(scores[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
