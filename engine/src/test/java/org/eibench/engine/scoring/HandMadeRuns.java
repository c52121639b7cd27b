package org.eibench.engine.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run folders made by hand, as a user scores answers from elsewhere: only a predictions.jsonl. */
public final class HandMadeRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HandMadeRuns() {}

    /**
     * {@code tmp/hand-made} whose predictions.jsonl answers each Basic sample of {@code eibenchDir} with its own
     * ground truth.
     */
    public static Path groundTruthAsAnswers(Path tmp, Path eibenchDir) throws IOException {
        return groundTruthAsAnswers(tmp, eibenchDir, Integer.MAX_VALUE);
    }

    /** As {@link #groundTruthAsAnswers(Path, Path)}, answering only the first {@code samples} images. */
    public static Path groundTruthAsAnswers(Path tmp, Path eibenchDir, int samples) throws IOException {
        JsonNode truth = JSON.readTree(eibenchDir.resolve("basic_ground_truth.json").toFile());
        Path run = tmp.resolve("hand-made");
        Files.createDirectories(run);
        StringBuilder predictions = new StringBuilder();
        var fields = truth.fields();
        for (int i = 0; i < samples && fields.hasNext(); i++) {
            var e = fields.next();
            predictions.append(JSON.createObjectNode().put(e.getKey(), e.getValue().asText())).append('\n');
        }
        Files.writeString(run.resolve("predictions.jsonl"), predictions);
        return run;
    }
}
