package org.eibench.engine.run;

import java.util.List;

/** Shards do not add up to the selection: some samples are missing, doubled or unknown, or the runs differ. */
public final class MergeException extends RunFolderException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> missing;
    private final transient List<String> doubled;
    private final transient List<String> unknown;

    MergeException(String message, List<String> missing, List<String> doubled, List<String> unknown) {
        super(message);
        this.missing = List.copyOf(missing);
        this.doubled = List.copyOf(doubled);
        this.unknown = List.copyOf(unknown);
    }

    /** Selected sample ids no shard has. */
    public List<String> missing() {
        return missing;
    }

    /** Sample ids more than one shard has, each with the shard folders. */
    public List<String> doubled() {
        return doubled;
    }

    /** Recorded sample ids that are not in the selection. */
    public List<String> unknown() {
        return unknown;
    }
}
