package org.eibench.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.Selection;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.runner.SamplingPreset;
import org.eibench.models.chat.ChatTemplatePolicy;
import org.eibench.models.vlm.VlmSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Evaluation#run} driven by a {@link RunConfig} built in code, no CLI: the tiny fixture on mini-EIBench. */
class EvaluationTest {
    private static Path repo(String... parts) {
        Path p = Path.of(System.getProperty("eibench.repo.dir", ".."), parts);
        assumeTrue(Files.exists(p), "fixture missing: " + p);
        return p;
    }

    private static RunConfig config(Path out) throws IOException {
        Path model = repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf");
        Path mmproj = repo("data", "fixtures", "tiny-llava", "mmproj-tiny-llava-f16.gguf");
        ChatTemplatePolicy.Choice template = ChatTemplatePolicy.builtIn().choose(model, mmproj, null);
        VlmSpec.Builder vlm = VlmSpec.builder().setModel(model).optMmproj(mmproj).optGpuLayers(0).optThreads(2)
                .optParallel(2);
        template.template().ifPresent(vlm::optChatTemplate);
        Path data = repo("data", "mini-eibench");
        return new RunConfig(Benchmark.fromId("basic"), "user", "none", "emotion-expert", data, List.of(data),
                Optional.empty(), out, vlm.build(), template, Optional.empty(), SamplingPreset.named("greedy"), 7,
                false, 4, Selection.ALL.withLimit(3), RunFolder.Start.RESUME, RunFolder.Retry.BACKEND);
    }

    @Test
    void aConfigBuiltInCodeAnswersTheSelectionAndASecondRunResumesWithNothingToDo(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("run");
        Evaluation.Result first = Evaluation.run(config(out));
        assertEquals(3, first.selected());
        assertEquals(0, first.failed(), first.failures());
        assertTrue(first.answered().isPresent(), "the first run answers");
        assertEquals(3, first.answered().get().ok());
        assertEquals(3, Files.readAllLines(first.predictions()).size());
        var manifest = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals("user", manifest.get("mode").asText());
        assertEquals(7, manifest.get("seed").asLong());

        // the scheduler's work counts for these answers: one image encode each, every generated token counted
        var work = manifest.get("work");
        assertEquals(3, work.get("imageEncoderCalls").asLong(), work.toString());
        assertEquals(work.get("distinctImages").asLong(), work.get("imageEncoderCalls").asLong(), work.toString());
        long outputTokens = 0;
        for (String line : Files.readAllLines(out.resolve("records.jsonl"))) {
            outputTokens += new ObjectMapper().readTree(line).get("outputTokens").asLong();
        }
        assertEquals(outputTokens, work.get("generatedTokens").asLong(), work.toString());
        assertTrue(work.get("promptPositionsDecoded").asLong() > 0 && work.get("minimumPromptPositions").asLong() > 0,
                work.toString());

        Evaluation.Result again = Evaluation.run(config(out));
        assertTrue(again.answered().isEmpty(), "every sample was finished: nothing is loaded or answered");
        assertEquals(Files.readAllLines(first.predictions()), Files.readAllLines(again.predictions()));
        assertEquals(work, new ObjectMapper().readTree(out.resolve("run.json").toFile()).get("work"),
                "a resumed run keeps the earlier sessions' counts");
    }
}
