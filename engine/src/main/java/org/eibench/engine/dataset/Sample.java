package org.eibench.engine.dataset;

import java.util.List;
import org.eibench.engine.RecordComponents;

/**
 * One EIBench question about one image.
 *
 * @param id stable id: the image key for Basic, {@code imageKey + "#" + n} for Complex (n = 1-based number
 *     of the question among that image's questions, in file order)
 * @param ordinal 0-based position in the benchmark file order (the order predictions are written in)
 * @param benchmark the track it belongs to
 * @param imageKey image path relative to the dataset root, exactly as the annotation files write it
 * @param question the user question
 * @param groundTruth the numbered trigger list as written in the annotation file
 * @param triggers the parsed trigger texts
 * @param category emotion category: happy, angry, sad, excited for Basic; the EmoSet folder for Complex
 */
public record Sample(
        String id,
        int ordinal,
        Benchmark benchmark,
        String imageKey,
        String question,
        String groundTruth,
        List<String> triggers,
        String category) {
    public Sample {
        RecordComponents.requireNonNull("Sample", "id", id, "benchmark", benchmark, "imageKey", imageKey,
                "question", question, "groundTruth", groundTruth, "category", category);
        triggers = List.copyOf(triggers);
    }
}
