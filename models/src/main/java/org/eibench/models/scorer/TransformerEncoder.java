package org.eibench.models.scorer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A BERT-family encoder run by DJL: tokenizes, sorts sentences by token count, runs padded batches, pools in
 * Java and restores input order. Sorting keeps padding (wasted work) small; the attention mask makes padded
 * positions invisible, so a sentence's vector does not depend on its batch-mates.
 */
public abstract sealed class TransformerEncoder implements SentenceEncoder permits MiniLm, BertCheckpointEncoder {
    /** Sentences per forward pass. */
    public static final int BATCH_SIZE = 32;

    private final String name;
    private final ZooModel<TokenBatch, HiddenStates> model;
    private final Predictor<TokenBatch, HiddenStates> predictor;
    private final HuggingFaceTokenizer tokenizer;
    private final int dimension;
    private boolean closed;

    TransformerEncoder(String name, ZooModel<TokenBatch, HiddenStates> model, HuggingFaceTokenizer tokenizer) {
        this.name = name;
        this.model = model;
        this.tokenizer = tokenizer;
        this.predictor = model.newPredictor();
        try {
            this.dimension = runBatch(List.of("probe")).hidden(); // also proves that the model runs at all
        } catch (RuntimeException e) {
            predictor.close();
            throw e;
        }
    }

    /**
     * Loads a model and its tokenizer and builds the encoder; whatever was opened is closed again on failure.
     *
     * @param what names the model for error messages, e.g. {@code "MiniLM from /path"}
     */
    static <E extends TransformerEncoder> E assemble(Criteria<TokenBatch, HiddenStates> criteria, Path tokenizerJson,
            int maxTokens, String what, BiFunction<ZooModel<TokenBatch, HiddenStates>, HuggingFaceTokenizer, E> build) {
        ZooModel<TokenBatch, HiddenStates> model;
        try {
            model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new EncoderException("cannot load " + what + ": " + e.getMessage(), e);
        }
        HuggingFaceTokenizer tokenizer = null;
        try {
            tokenizer = Tokenizers.load(tokenizerJson, maxTokens);
            return build.apply(model, tokenizer);
        } catch (IOException | RuntimeException e) {
            model.close();
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw e instanceof EncoderException ee ? ee : new EncoderException("cannot load " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public abstract String weightsSha256();

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public synchronized float[][] encode(List<String> sentences, Pooling pooling) {
        Objects.requireNonNull(pooling, "pooling");
        if (closed) {
            throw new IllegalStateException("encoder " + name + " is closed");
        }
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i) == null) {
                throw new IllegalArgumentException("sentence " + i + " is null");
            }
        }
        List<Encoding> encodings = new ArrayList<>(sentences.size());
        for (String s : sentences) {
            encodings.add(tokenizer.encode(s));
        }
        Integer[] order = new Integer[sentences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // longest first, ties by input position: deterministic batches with little padding
        java.util.Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -encodings.get(i).getIds().length)
                .thenComparingInt(i -> i));
        float[][] out = new float[sentences.size()][];
        for (int start = 0; start < order.length; start += BATCH_SIZE) {
            int end = Math.min(order.length, start + BATCH_SIZE);
            List<Encoding> batch = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                batch.add(encodings.get(order[k]));
            }
            TokenBatch tokens = pad(batch);
            HiddenStates states = run(tokens);
            for (int k = start; k < end; k++) {
                out[order[k]] = pool(states, tokens, k - start, pooling);
            }
        }
        return out;
    }

    private HiddenStates runBatch(List<String> sentences) {
        List<Encoding> encodings = sentences.stream().map(tokenizer::encode).toList();
        return run(pad(encodings));
    }

    private HiddenStates run(TokenBatch tokens) {
        try {
            return predictor.predict(tokens);
        } catch (TranslateException e) {
            throw new EncoderException("encoder " + name + " failed on a batch of " + tokens.size() + " sentences of up to "
                    + tokens.length() + " tokens: " + e.getMessage(), e);
        }
    }

    /** Right-pads a batch with id 0 and mask 0 to its longest member. */
    static TokenBatch pad(List<Encoding> batch) {
        int length = batch.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
        int size = batch.size();
        long[] ids = new long[size * length];
        long[] mask = new long[size * length];
        long[] types = new long[size * length];
        for (int b = 0; b < size; b++) {
            Encoding e = batch.get(b);
            System.arraycopy(e.getIds(), 0, ids, b * length, e.getIds().length);
            System.arraycopy(e.getAttentionMask(), 0, mask, b * length, e.getAttentionMask().length);
            System.arraycopy(e.getTypeIds(), 0, types, b * length, e.getTypeIds().length);
        }
        return new TokenBatch(ids, mask, types, size, length);
    }

    /** Pools row {@code row} of a batch's hidden states. */
    static float[] pool(HiddenStates states, TokenBatch tokens, int row, Pooling pooling) {
        int hidden = states.hidden();
        int base = row * states.length() * hidden;
        float[] out = new float[hidden];
        switch (pooling) {
            case CLS -> System.arraycopy(states.values(), base, out, 0, hidden);
            case MEAN_L2 -> {
                double[] sum = new double[hidden];
                int count = 0;
                for (int t = 0; t < states.length(); t++) {
                    if (tokens.attentionMask()[row * tokens.length() + t] == 0) {
                        continue;
                    }
                    count++;
                    for (int h = 0; h < hidden; h++) {
                        sum[h] += states.values()[base + t * hidden + h];
                    }
                }
                double sumSq = 0;
                for (int h = 0; h < hidden; h++) {
                    sum[h] /= Math.max(count, 1);
                    sumSq += sum[h] * sum[h];
                }
                // sentence-transformers' Normalize layer divides by max(norm, 1e-12)
                double norm = Math.max(Math.sqrt(sumSq), 1e-12);
                for (int h = 0; h < hidden; h++) {
                    out[h] = (float) (sum[h] / norm);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            predictor.close();
            model.close();
            tokenizer.close();
        }
    }
}
