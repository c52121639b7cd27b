package org.eibench.models.scorer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Any BERT-family checkpoint from a local folder, run by DJL's PyTorch engine: the paper-exact scorer for
 * long-term coherence is {@code bert-base-uncased} with {@link Pooling#CLS}.
 *
 * <p>The folder holds {@code tokenizer.json} and a TorchScript model traced with the inputs
 * {@code (input_ids, attention_mask, token_type_ids)} whose first output is the last hidden state: either
 * {@code model.pt} or exactly one other {@code *.pt} file. docs/scoring.md shows how to produce both. The model
 * runs on the first GPU when the PyTorch engine finds one, else on the CPU.
 */
public final class BertCheckpointEncoder extends TransformerEncoder {
    /** Tokens per sentence, as {@code BertTokenizer(truncation=True)} uses for bert-base-uncased. */
    public static final int MAX_TOKENS = 512;
    static final String TOKENIZER_FILE = "tokenizer.json";
    static final String DEFAULT_MODEL_FILE = "model.pt";

    private final Path modelFile;
    private String weightsSha256;

    private BertCheckpointEncoder(Path folder, Path modelFile, ZooModel<TokenBatch, HiddenStates> model,
            HuggingFaceTokenizer tokenizer) {
        super("bert:" + folder, model, tokenizer);
        this.modelFile = modelFile;
    }

    /** Hashed on first use (a second or two for bert-base's 420 MB), as only a calibration check needs it. */
    @Override
    public synchronized String weightsSha256() {
        if (weightsSha256 == null) {
            try {
                weightsSha256 = ModelFiles.sha256(modelFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the BERT weights " + modelFile, e);
            }
        }
        return weightsSha256;
    }

    /** Loads the checkpoint in {@code folder}; fails with a message naming the missing file otherwise. */
    public static BertCheckpointEncoder open(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        Path modelFile = findModelFile(dir);
        Path tokenizerFile = dir.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new EncoderException("BERT folder " + dir + " has no " + TOKENIZER_FILE
                    + "; save it with tokenizer.backend_tokenizer.save(\"" + TOKENIZER_FILE + "\") (see docs/scoring.md)");
        }
        OfflineGuard.apply();
        String fileName = modelFile.getFileName().toString();
        Criteria<TokenBatch, HiddenStates> criteria = Criteria.builder()
                .setTypes(TokenBatch.class, HiddenStates.class)
                .optModelPath(dir)
                .optModelName(fileName.substring(0, fileName.length() - ".pt".length()))
                .optEngine("PyTorch")
                .optDevice(Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu())
                .optOption("mapLocation", "true") // a model traced on a GPU also loads on a CPU-only machine
                .optTranslator(new HiddenStatesTranslator())
                .build();
        return TransformerEncoder.assemble(criteria, tokenizerFile, MAX_TOKENS, "BERT checkpoint " + modelFile,
                (model, tokenizer) -> new BertCheckpointEncoder(dir, modelFile, model, tokenizer));
    }

    /** {@code model.pt}, else the folder's only {@code *.pt} file. */
    static Path findModelFile(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new EncoderException("BERT folder " + dir + " does not exist; pass bert:<folder with "
                    + DEFAULT_MODEL_FILE + " and " + TOKENIZER_FILE + ">");
        }
        Path preferred = dir.resolve(DEFAULT_MODEL_FILE);
        if (Files.isRegularFile(preferred)) {
            return preferred;
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(p -> p.getFileName().toString().endsWith(".pt") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list BERT folder " + dir, e);
        }
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        throw new EncoderException(candidates.isEmpty()
                ? "BERT folder " + dir + " has no TorchScript model (*.pt); trace one as docs/scoring.md shows and save it as "
                        + DEFAULT_MODEL_FILE
                : "BERT folder " + dir + " has several TorchScript models " + candidates.stream().map(p -> p.getFileName().toString()).toList()
                        + "; name the one to use " + DEFAULT_MODEL_FILE);
    }
}
