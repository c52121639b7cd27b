package org.eibench.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.eibench.engine.dataset.TriggerList;
import org.eibench.engine.prompts.Role;
import org.eibench.engine.prompts.StepResult;
import org.eibench.engine.run.RunManifest;
import org.eibench.engine.run.SampleRecord;

/**
 * A Basic run's {@link SampleRecord}s, 1615 of them, as the run writes them: {@code user} mode has one step (JSON
 * line of 2.0 kB on average); {@code cfsa} has nine (preprocess, four general questions, three scenario questions,
 * summary) with the earlier outputs quoted in the later prompts (17 kB on average).
 */
final class Records {
    private Records() {}

    static List<SampleRecord> basicRun(String mode) {
        if (!mode.equals("user") && !mode.equals("cfsa")) {
            throw new IllegalArgumentException("mode must be user or cfsa, got " + mode);
        }
        GroundTruths truths = GroundTruths.generated();
        Random random = new Random(13);
        Instant start = Instant.parse("2025-04-01T10:00:00Z");
        List<SampleRecord> out = new ArrayList<>(GroundTruths.BASIC_SAMPLES);
        for (int i = 0; i < GroundTruths.BASIC_SAMPLES; i++) {
            List<String> triggers = TriggerList.parse(truths.texts().get(i)).orElseThrow();
            String question = "What might have caused the woman in the image to become agitated or outraged?";
            List<StepResult> steps = mode.equals("user") ? List.of(step("answer", 0, question, triggers, random))
                    : cfsaSteps(question, triggers, random);
            String answer = steps.getLast().output();
            out.add(new SampleRecord(String.format("basic-%05d", i), "basic",
                    String.format("CAER-S/train/Angry/%04d.png", i), question, "anger", mode, "emotion-expert",
                    SampleRecord.Status.OK, answer, null, null, steps,
                    steps.stream().mapToInt(StepResult::promptTokens).sum(),
                    steps.stream().mapToInt(StepResult::outputTokens).sum(),
                    steps.stream().mapToLong(StepResult::millis).sum(), start.plusSeconds(7L * i).toString()));
        }
        return out;
    }

    /** The manifest of that run (the fields a real run fills; the values are illustrative). */
    static RunManifest manifest(String mode) {
        return new RunManifest("0.1.0-SNAPSHOT", "basic", mode, "emotion-expert", List.of(),
                Map.of("temperature", 0.0, "max_tokens", 512, "n_ctx", 4096, "threads", 2), 42L,
                "b6a3fb1", "0".repeat(64), "f".repeat(64), "basic: all 1615", null, null, null, null, null);
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("eibench-jmh-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder under " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static List<StepResult> cfsaSteps(String question, List<String> triggers, Random random) {
        List<StepResult> steps = new ArrayList<>();
        steps.add(step("preprocess", 0, "Rewrite the question so that it names the person and the emotion: "
                + question, triggers, random));
        for (int item = 1; item <= 4; item++) {
            steps.add(step("general_qa", item, "Question " + item + " about the scene: " + question, triggers, random));
        }
        for (int item = 1; item <= 3; item++) {
            steps.add(step("scenario_qa", item, "Scenario question " + item + ": " + steps.get(item).output(),
                    triggers, random));
        }
        StringBuilder notes = new StringBuilder("Summarise the triggers from these notes:\n");
        steps.forEach(s -> notes.append(s.output()).append("\n\n"));
        steps.add(step("summarise", 0, notes.toString(), triggers, random));
        return steps;
    }

    private static StepResult step(String id, int item, String prompt, List<String> triggers, Random random) {
        String output = Phrases.answer(triggers, random);
        return new StepResult(id, item, Role.VLM, true, "You are an expert in emotional psychology.",
                "USER: <__media__>\n" + prompt + "\nASSISTANT:", output, 600 + prompt.length() / 4,
                output.length() / 4, 900 + random.nextInt(2000));
    }
}
