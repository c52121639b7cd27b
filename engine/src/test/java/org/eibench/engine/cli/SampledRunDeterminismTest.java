package org.eibench.engine.cli;

import static org.eibench.engine.cli.RunCommandTest.answers;
import static org.eibench.engine.cli.RunCommandTest.args;
import static org.eibench.engine.cli.RunCommandTest.records;
import static org.eibench.engine.cli.RunCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the reference's sampling (the run default), answers depend on the seed and the sample only: not on
 * {@code --parallel}, the order calls are scheduled in, prefix reuse or the vision stage. The tiny fixture on the mini
 * EIBench, on CPU.
 */
class SampledRunDeterminismTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void runOk(String... args) {
        RunCommandTest.Result r = run(args);
        assertEquals(0, r.exit(), r.err());
    }

    /** Every step's output of every record, by sample id: what a scheduling difference would change first. */
    private static String stepOutputs(Path runDir) throws IOException {
        StringBuilder outputs = new StringBuilder();
        records(runDir).stream().sorted(Comparator.comparing(r -> r.get("id").asText()))
                .forEach(r -> r.get("steps").forEach(s -> outputs.append(r.get("id").asText()).append(' ')
                        .append(s.get("step").asText()).append(": ").append(s.get("output").asText()).append('\n')));
        return outputs.toString();
    }

    @Test
    void userAnswersDoNotDependOnParallelism(@TempDir Path tmp) throws IOException {
        Path one = tmp.resolve("p1");
        Path four = tmp.resolve("p4");
        runOk(args(one, "basic", "user", "none", 1, "--no-prefix-reuse").toArray(String[]::new));
        runOk(args(four, "basic", "user", "none", 4, "--vision-ahead", "on").toArray(String[]::new));
        assertEquals(8, answers(one).size());
        assertEquals(new TreeMap<>(answers(one)), new TreeMap<>(answers(four)));
        assertEquals(Files.readString(one.resolve("predictions.jsonl")),
                Files.readString(four.resolve("predictions.jsonl")));
    }

    @Test
    void answersDependOnTheSampleNotOnWhatRanBeforeAndTheRunRecordsItsSampling(@TempDir Path tmp) throws IOException {
        // one sequence at a time (so every decode batch holds one call): the last four samples answered after the
        // first four, or alone in a fresh process; and the same command twice
        Path together = tmp.resolve("together");
        Path split = tmp.resolve("split");
        runOk(args(together, "basic", "user", "none", 1, "--no-prefix-reuse").toArray(String[]::new));
        Path lastFour = tmp.resolve("last-four.txt");
        List<String> ids = List.copyOf(answers(together).keySet());
        Files.write(lastFour, ids.subList(4, ids.size()));
        runOk(args(split, "basic", "user", "none", 1, "--no-prefix-reuse", "--ids", lastFour.toString())
                .toArray(String[]::new));
        Path again = tmp.resolve("again");
        runOk(args(again, "basic", "user", "none", 1, "--no-prefix-reuse").toArray(String[]::new));
        assertEquals(8, answers(together).size());
        for (String id : ids.subList(4, ids.size())) {
            assertEquals(answers(together).get(id), answers(split).get(id), id + " answered after other samples");
        }
        assertEquals(answers(together), answers(again), "the same command twice");

        JsonNode parameters = JSON.readTree(together.resolve("run.json").toFile()).get("parameters");
        assertEquals("reference", parameters.get("sampling").asText());
        assertEquals(true, parameters.get("do_sample").asBoolean());
        assertEquals(0.4, parameters.get("temperature").asDouble(), 1e-6);
        assertEquals(50, parameters.get("top_k").asInt());
        assertEquals(1.0, parameters.get("top_p").asDouble());
        assertEquals(512, parameters.get("max_new_tokens").asInt());
        assertEquals("temperature, top-k, top-p, draw", parameters.get("sampler_order").asText());
    }

    @Test
    void cfsaStepsDoNotDependOnSchedulingPrefixReuseOrVisionStage(@TempDir Path tmp) throws IOException {
        // N=1 without reuse or vision stage: every call alone and in full; N=4: fan-out questions decoded together,
        // followers reusing their leader's image cells, images encoded ahead on their own thread
        Path plain = tmp.resolve("plain");
        Path busy = tmp.resolve("busy");
        runOk(args(plain, "basic", "cfsa", "none", 1, "--limit", "3", "--no-prefix-reuse", "--vision-ahead", "off")
                .toArray(String[]::new));
        runOk(args(busy, "basic", "cfsa", "none", 4, "--limit", "3", "--vision-ahead", "on").toArray(String[]::new));
        assertEquals(stepOutputs(plain), stepOutputs(busy));
    }

    @Test
    void theSeedAndTemperatureZeroChangeWhatIsDrawn(@TempDir Path tmp) throws IOException {
        // the other tests would pass with sampling switched off: show that it is on, and that --temp 0 is greedy
        Path seed42 = tmp.resolve("seed42");
        Path seed7 = tmp.resolve("seed7");
        Path tempZero = tmp.resolve("temp0");
        Path greedy = tmp.resolve("greedy");
        runOk(args(seed42, "basic", "user", "none", 4, "--limit", "4").toArray(String[]::new));
        runOk(args(seed7, "basic", "user", "none", 4, "--limit", "4", "--seed", "7").toArray(String[]::new));
        runOk(args(tempZero, "basic", "user", "none", 4, "--limit", "4", "--temp", "0").toArray(String[]::new));
        runOk(args(greedy, "basic", "user", "none", 4, "--limit", "4", "--sampling", "greedy", "--seed", "7")
                .toArray(String[]::new));
        assertNotEquals(answers(seed42), answers(seed7), "sampled answers differ with the seed");
        assertEquals(answers(greedy), answers(tempZero), "--temp 0 decodes greedily whatever the preset");
        assertNotEquals(answers(greedy), answers(seed42));
        JsonNode parameters = JSON.readTree(tempZero.resolve("run.json").toFile()).get("parameters");
        assertEquals("reference with --temp 0.0", parameters.get("sampling").asText());
        assertEquals(false, parameters.get("do_sample").asBoolean());
    }
}
