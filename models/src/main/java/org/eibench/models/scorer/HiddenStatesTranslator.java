package org.eibench.models.scorer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

/**
 * Feeds {@code input_ids, attention_mask, token_type_ids} (int64, in that order and by those names) and returns
 * the last hidden state. Arrays live in the predictor's per-call manager and are freed when the call returns.
 */
final class HiddenStatesTranslator implements Translator<TokenBatch, HiddenStates> {
    static final String LAST_HIDDEN_STATE = "last_hidden_state";

    @Override
    public NDList processInput(TranslatorContext ctx, TokenBatch batch) {
        NDManager manager = ctx.getNDManager();
        Shape shape = new Shape(batch.size(), batch.length());
        NDArray ids = manager.create(batch.inputIds(), shape);
        ids.setName("input_ids");
        NDArray mask = manager.create(batch.attentionMask(), shape);
        mask.setName("attention_mask");
        NDArray types = manager.create(batch.tokenTypeIds(), shape);
        types.setName("token_type_ids");
        return new NDList(ids, mask, types);
    }

    @Override
    public HiddenStates processOutput(TranslatorContext ctx, NDList outputs) {
        // ONNX exports name their outputs; a TorchScript BERT returns (last_hidden_state, pooler_output) unnamed
        NDArray hidden = outputs.contains(LAST_HIDDEN_STATE) ? outputs.get(LAST_HIDDEN_STATE) : outputs.get(0);
        Shape shape = hidden.getShape();
        if (shape.dimension() != 3) {
            throw new EncoderException("expected a last hidden state of shape [batch, tokens, hidden], got " + shape
                    + "; the model must return the transformer's per-token states first");
        }
        float[] values = hidden.getDataType() == DataType.FLOAT32 ? hidden.toFloatArray()
                : hidden.toType(DataType.FLOAT32, false).toFloatArray(); // e.g. a half-precision checkpoint
        return new HiddenStates(values, (int) shape.get(0), (int) shape.get(1), (int) shape.get(2));
    }

    @Override
    public Batchifier getBatchifier() {
        return null; // TokenBatch is already a whole batch
    }
}
