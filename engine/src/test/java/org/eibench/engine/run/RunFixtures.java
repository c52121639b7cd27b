package org.eibench.engine.run;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.prompts.Role;
import org.eibench.engine.prompts.StepResult;

/** Samples, manifests and records for run-folder tests. */
final class RunFixtures {
    private RunFixtures() {}

    static RunManifest manifest(String mode) {
        return new RunManifest("test", "basic", mode, "none",
                List.of(new ModelFile("model", "m.gguf", "ab".repeat(32), 42)),
                Map.of("temperature", 0.0, "max_tokens", 512), 7L, "llamacommit", "patchhash", "prompthash", "all",
                null, null, null, null, null);
    }

    static List<Sample> samples(int n) {
        return IntStream.range(0, n).mapToObj(RunFixtures::sample).toList();
    }

    static Sample sample(int i) {
        String id = String.format("s%06d", i);
        return new Sample(id, i, Benchmark.BASIC, "CAER-S/train/Happy/" + id + ".png", "Why is " + id + " happy?",
                "1. A.", List.of("A."), "happy");
    }

    /** A record whose answer can be checked against its id. */
    static SampleRecord ok(Sample s) {
        StepResult step = new StepResult("answer", 0, Role.VLM, true, null, "prompt of " + s.id(),
                answerFor(s.id()), 30, 10, 5);
        return new SampleRecord(s.id(), "basic", s.imageKey(), s.question(), s.category(), "user", "none",
                SampleRecord.Status.OK, answerFor(s.id()), null, null, List.of(step), 30, 10, 5, "2026-01-01T00:00:00Z");
    }

    static SampleRecord failed(Sample s) {
        return SampleRecord.failed(s, "user", "none", "image not found: " + s.imageKey(), SampleRecord.Failure.INPUT,
                List.of(), 1);
    }

    static String answerFor(String id) {
        return "1. Answer for " + id + " \u00e9\u4e2d \"quoted\"\n2. " + "x".repeat(200);
    }
}
