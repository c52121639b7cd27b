package org.eibench.models.scorer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/** Builds HuggingFace tokenizers from local files with the settings every encoder here relies on. */
final class Tokenizers {
    private Tokenizers() {}

    /**
     * A tokenizer that adds [CLS]/[SEP], truncates to {@code maxTokens} and does not pad (batches are padded by
     * the encoder), whatever the tokenizer.json itself says about padding and truncation.
     */
    static HuggingFaceTokenizer load(Path tokenizerJson, int maxTokens) throws IOException {
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(true)
                .optTruncation(true)
                .optMaxLength(maxTokens)
                .optPadding(false)
                .build();
    }
}
