package org.eibench.engine.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.eibench.engine.dataset.Selection;
import picocli.CommandLine.Option;

/** Mixin for the sample selection options shared by run and merge ({@code --shard} is the run command's own). */
public final class SelectionOptions {
    @Range(min = 1)
    @Option(names = "--limit", paramLabel = "K", description = "Only the first K samples (in benchmark file order).")
    Integer limit;

    @Option(names = "--category", paramLabel = "C1,C2", split = ",",
            description = "Only these categories (Basic: happy, angry, sad, excited; Complex: the EmoSet folder).")
    java.util.List<String> categories;

    @Option(names = "--ids", paramLabel = "FILE", description = "Only the sample ids listed in FILE, one per line.")
    Path idsFile;

    /** The selection these options describe (without a shard). */
    public Selection selection() throws IOException {
        Selection s = Selection.ALL;
        if (idsFile != null) {
            s = s.withIds(Selection.readIds(idsFile));
        }
        if (categories != null) {
            s = s.withCategories(categories.stream().map(String::strip).filter(c -> !c.isEmpty()).toList());
        }
        if (limit != null) {
            s = s.withLimit(limit);
        }
        return s;
    }
}
