package org.eibench.models.scorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a {@link SentenceEncoder} from a short specification, as the CLI and configuration files name them. */
public final class SentenceEncoders {
    /** The default specification. */
    public static final String DEFAULT = "minilm";
    private static final String BERT_PREFIX = "bert:";

    private SentenceEncoders() {}

    /**
     * Opens {@code minilm} (embedded all-MiniLM-L6-v2, the default) or {@code bert:<folder>} (a local TorchScript
     * BERT checkpoint, see {@link BertCheckpointEncoder}). Nothing is downloaded.
     */
    public static SentenceEncoder open(String spec) {
        Path bertFolder = bertFolder(spec);
        return bertFolder == null ? MiniLm.open() : BertCheckpointEncoder.open(bertFolder);
    }

    /**
     * {@link SentenceEncoder#weightsSha256} of the encoder {@code spec} names, without loading it: a threshold's
     * calibration is checked before any model work starts.
     */
    public static String weightsSha256(String spec) {
        Path bertFolder = bertFolder(spec);
        if (bertFolder == null) {
            return MiniLm.MODEL_SHA256;
        }
        Path modelFile = BertCheckpointEncoder.findModelFile(bertFolder.toAbsolutePath().normalize());
        try {
            return ModelFiles.sha256(modelFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the BERT weights " + modelFile, e);
        }
    }

    /** The folder of a {@code bert:DIR} specification; null for the embedded MiniLM. */
    private static Path bertFolder(String spec) {
        String s = spec == null ? DEFAULT : spec.strip();
        if (s.isEmpty() || s.toLowerCase(Locale.ROOT).equals(DEFAULT)) {
            return null;
        }
        if (s.regionMatches(true, 0, BERT_PREFIX, 0, BERT_PREFIX.length())) {
            String folder = s.substring(BERT_PREFIX.length()).strip();
            if (folder.isEmpty()) {
                throw new IllegalArgumentException("encoder '" + spec + "' names no folder; write bert:/path/to/bert-base-uncased");
            }
            return Path.of(folder);
        }
        throw new IllegalArgumentException("unknown encoder '" + spec + "'; use 'minilm' or 'bert:<folder>'");
    }
}
