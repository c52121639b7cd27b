package org.eibench.models.scorer;

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
        String s = spec == null ? DEFAULT : spec.strip();
        if (s.isEmpty() || s.toLowerCase(Locale.ROOT).equals(DEFAULT)) {
            return MiniLm.open();
        }
        if (s.regionMatches(true, 0, BERT_PREFIX, 0, BERT_PREFIX.length())) {
            String folder = s.substring(BERT_PREFIX.length()).strip();
            if (folder.isEmpty()) {
                throw new IllegalArgumentException("encoder '" + spec + "' names no folder; write bert:/path/to/bert-base-uncased");
            }
            return BertCheckpointEncoder.open(Path.of(folder));
        }
        throw new IllegalArgumentException("unknown encoder '" + spec + "'; use 'minilm' or 'bert:<folder>'");
    }
}
