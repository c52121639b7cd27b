package org.eibench.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.eibench.models.json.JsonMappers;

/**
 * The Basic EIBench ground-truth trigger lists the text benchmarks run on: the real annotation file when it is
 * there, else a generated set with the same shape (1615 numbered lists of 2 to 10 triggers, mean about 4.6).
 *
 * <p>The real file is {@code <eibench.shared.dir>/eibench/basic_ground_truth.json} (run-jmh.sh and surefire set
 * {@code eibench.shared.dir}); it is read, never copied into the project.
 *
 * @param texts the numbered lists in file order
 * @param source {@code real:<path>} or {@code generated}, printed by every benchmark that uses it
 */
public record GroundTruths(List<String> texts, String source) {
    /** Samples in the Basic EIBench set. */
    public static final int BASIC_SAMPLES = 1615;
    /** System property naming the folder that holds {@code eibench/basic_ground_truth.json}. */
    public static final String SHARED_DIR_PROPERTY = "eibench.shared.dir";

    private static final long SEED = 20250401L;

    public GroundTruths {
        texts = List.copyOf(texts);
    }

    /**
     * The ground truths to benchmark on.
     *
     * @param choice {@code auto} (the real file when present, else generated), {@code real} (fail when absent) or
     *     {@code generated}
     */
    public static GroundTruths load(String choice) {
        Path file = realFile();
        return switch (choice.toLowerCase(Locale.ROOT)) {
            case "generated" -> generated();
            case "real" -> {
                if (file == null || !Files.isRegularFile(file)) {
                    throw new IllegalStateException("corpus=real needs " + (file == null ? "<" + SHARED_DIR_PROPERTY
                            + ">" : file) + "/eibench/basic_ground_truth.json; set -D" + SHARED_DIR_PROPERTY
                            + "=<folder holding eibench/> or use corpus=generated");
                }
                yield real(file);
            }
            case "auto" -> file != null && Files.isRegularFile(file) ? real(file) : generated();
            default -> throw new IllegalArgumentException("corpus must be auto, real or generated, got '" + choice + "'");
        };
    }

    private static Path realFile() {
        String shared = System.getProperty(SHARED_DIR_PROPERTY);
        return shared == null ? null : Path.of(shared, "eibench", "basic_ground_truth.json");
    }

    static GroundTruths real(Path file) {
        try {
            Map<String, String> byImage = JsonMappers.create().readValue(file.toFile(),
                    new TypeReference<LinkedHashMap<String, String>>() {});
            return new GroundTruths(new ArrayList<>(byImage.values()), "real:" + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ground truth " + file, e);
        }
    }

    /**
     * 1615 numbered lists built from trigger phrases like the annotations': 2 to 10 items (mean about 4.6), some
     * items ending in a period, a few wrapped onto a second line, and a few ending in an empty last item.
     */
    static GroundTruths generated() {
        Random random = new Random(SEED);
        List<String> texts = new ArrayList<>(BASIC_SAMPLES);
        for (int s = 0; s < BASIC_SAMPLES; s++) {
            int count = 2 + Math.min(8, (int) Math.round(Math.abs(random.nextGaussian() * 1.6 + 2.6)));
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= count; i++) {
                if (i > 1) {
                    text.append('\n');
                }
                text.append(i).append(". ").append(Phrases.trigger(random));
                if (random.nextInt(40) == 0) {
                    text.append('\n').append(Phrases.trigger(random).toLowerCase(Locale.ROOT));
                }
                if (i < count || random.nextBoolean()) {
                    text.append('.');
                }
            }
            if (random.nextInt(800) == 0) {
                text.append('\n').append(count + 1).append(". ");
            }
            texts.add(text.toString());
        }
        return new GroundTruths(texts, "generated");
    }

    /** Trigger counts, for the similarity shapes. */
    public int[] triggerCounts() {
        return texts.stream().mapToInt(t -> (int) t.lines().filter(l -> l.matches("\\s*\\d+[.)].*")).count()).toArray();
    }
}
