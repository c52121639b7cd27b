package org.eibench.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.eibench.engine.dataset.Sample;

/**
 * Writes {@code predictions.jsonl} in the format the reference scoring scripts read: one
 * {@code {"<image path>": "<answer>"}} per line.
 *
 * <p>Lines follow the benchmark file order. Lum1104/EIBench {@code EI_Basic/llama3-eval.py} looks each line up
 * in the ground truth by image path. {@code EI_Complex/llama3-eval-complex.py} pairs line j of the predictions
 * with line j of {@code ec_complex.jsonl}, so for Complex the order itself carries the meaning: one line per
 * question, the same image path repeating for each of its questions. A failed sample is written with an empty
 * answer so that later lines stay aligned and the failure scores zero. Samples that have no record yet (a
 * partial run) are left out.
 */
public final class Predictions {
    private Predictions() {}

    /** The file content for these samples (in the order given) and records (by sample id). */
    public static byte[] render(Collection<Sample> order, Map<String, SampleRecord> records) {
        StringBuilder out = new StringBuilder();
        for (Sample sample : order) {
            SampleRecord r = records.get(sample.id());
            if (r != null) {
                try {
                    out.append(RecordLog.JSON.writeValueAsString(Map.of(sample.imageKey(), r.ok() ? r.answer() : "")))
                            .append('\n');
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot encode the answer of " + sample.id(), e);
                }
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the file atomically. */
    public static void write(Path file, Collection<Sample> order, Map<String, SampleRecord> records)
            throws IOException {
        AtomicFiles.write(file, render(order, records));
    }
}
