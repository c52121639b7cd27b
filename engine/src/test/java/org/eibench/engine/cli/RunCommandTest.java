package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eibench.engine.FileTrees;
import org.eibench.engine.run.ProjectVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code eibench run} end to end: the tiny LLaVA fixture answering the mini-EIBench fixture on CPU. */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path repo(String... parts) {
        Path p = Path.of(System.getProperty("eibench.repo.dir", ".."), parts);
        assumeTrue(Files.exists(p), "fixture missing: " + p);
        return p;
    }

    record Result(int exit, String out, String err) {}

    /** {@code eibench ARGS} as the launcher runs it (option ranges checked, errors handled), output captured. */
    static Result run(String... args) {
        return execute(Main.commandLine(), args);
    }

    /** Executes {@code cl} on {@code args} with its standard output and error captured. */
    static Result execute(picocli.CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The arguments of a small run of the tiny model on the mini fixture. */
    static List<String> args(Path out, String benchmark, String mode, String persona, int parallel, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--benchmark", benchmark, "--mode", mode, "--persona",
                persona, "-m", repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf").toString(),
                "--mmproj", repo("data", "fixtures", "tiny-llava", "mmproj-tiny-llava-f16.gguf").toString(),
                "--eibench", repo("data", "mini-eibench").toString(), "--images",
                repo("data", "mini-eibench").toString(), "--out", out.toString(), "--parallel",
                Integer.toString(parallel), "-ngl", "0", "--threads", "2", "--max-tokens", "6"));
        a.addAll(List.of(more));
        return a;
    }

    static List<JsonNode> records(Path runDir) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("records.jsonl"), StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    static Map<String, String> answers(Path runDir) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode r : records(runDir)) {
            out.put(r.get("id").asText(), r.path("answer").asText());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} mode, {1} persona")
    @CsvSource({"user,none,true", "caption,assistant,false", "cot,architect,true", "cfsa,emotion-expert,false",
        "user,emotion-expert,true", "cot,none,true"})
    void everyModeRunsUnderAPersonaAndWritesWellFormedRecords(String mode, String persona, boolean referenceMode,
            @TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        Result r = run(args(out, "basic", mode, persona, 2, "--limit", "2").toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> records = records(out);
        assertEquals(2, records.size());
        for (JsonNode rec : records) {
            assertEquals("ok", rec.get("status").asText(), rec.toString());
            assertEquals(mode, rec.get("mode").asText());
            assertEquals(persona, rec.get("persona").asText());
            assertFalse(rec.get("steps").isEmpty());
            for (JsonNode step : rec.get("steps")) {
                assertTrue(step.hasNonNull("prompt") && step.hasNonNull("output"), step.toString());
            }
        }
        List<String> predictions = Files.readAllLines(out.resolve("predictions.jsonl"));
        assertEquals(2, predictions.size());
        JsonNode first = JSON.readTree(predictions.getFirst());
        assertTrue(first.has("CAER-S/train/Happy/0001.png"), predictions.getFirst());
        JsonNode manifest = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals(mode, manifest.get("mode").asText());
        assertEquals(2, manifest.at("/models").size(), "model and mmproj with their sha256");
        assertEquals(ProjectVersion.current(), manifest.get("projectVersion").asText(), "run.json names the engine");
        // only the default persona stands for the reference's persona sentence; caption and CFSA have no reference code
        boolean referencePersona = persona.equals(new CommandLine(new RunCommand()).getCommandSpec()
                .findOption("--persona").defaultValue());
        assertEquals(referenceMode && referencePersona, manifest.at("/protocol/reference").asBoolean(),
                manifest.toPrettyString());
        List<String> reasons = new ArrayList<>();
        manifest.at("/protocol/ownProtocol").forEach(n -> reasons.add(n.asText()));
        assertEquals(!referenceMode, reasons.stream().anyMatch(n -> n.startsWith("mode " + mode + ": no reference"
                + " code for basic")), reasons.toString());
        assertEquals(!referencePersona, reasons.stream().anyMatch(n -> n.startsWith("persona " + persona + ":")),
                reasons.toString());
    }

    /** Issue 10 part 1: the CLI, template detection and the loads share the header the load parsed. */
    @Test
    void oneRunParsesEachHeaderOnce(@TempDir Path tmp) throws IOException {
        // fresh copies: headers this JVM read before are not parsed again, which would hide a second parse
        List<String> a = args(tmp.resolve("once"), "basic", "user", "none", 1, "--limit", "1");
        for (String option : List.of("-m", "--mmproj")) {
            int i = a.indexOf(option) + 1;
            Path copy = tmp.resolve(Path.of(a.get(i)).getFileName());
            Files.copy(Path.of(a.get(i)), copy);
            a.set(i, copy.toString());
        }
        long before = org.eibench.kernels.gguf.GgufFile.parseCount();
        Result r = run(a.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, org.eibench.kernels.gguf.GgufFile.parseCount() - before, "model and mmproj, once each");
    }

    @Test
    void aLlava15FileSendsTheReferencesLlavaV1PromptByteForByte(@TempDir Path tmp) throws IOException {
        // the reference picks conv_mode llava_v1 for this name; the tiny fixture stands in for the 7B model
        Path model = tmp.resolve("llava-v1.5-7b-f16.gguf");
        Files.copy(repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf"), model);
        Path out = tmp.resolve("run");
        List<String> a = args(out, "basic", "user", "none", 1, "--limit", "2");
        a.set(a.indexOf("-m") + 1, model.toString());
        int persona = a.indexOf("--persona");
        a.subList(persona, persona + 2).clear(); // the default persona: the reference's own sentence
        Result r = run(a.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());

        // the reference's prompt for this question (conv_llava_v1, '<image>\n' + inp), from llava/conversation.py
        JsonNode reference = JSON.readTree(repo("models", "src", "test", "resources", "org", "eibench", "models",
                "chat", "llava-conversations.json").toFile());
        String expected = reference.get("cases").valueStream()
                .filter(c -> c.get("conv_mode").asText().equals("llava_v1") && c.get("kind").asText().equals("user"))
                .findFirst().orElseThrow().get("prompt").asText();
        JsonNode cheerful = records(out).stream()
                .filter(rec -> rec.get("id").asText().equals("CAER-S/train/Happy/0002.png")).findFirst().orElseThrow();
        assertEquals("Why might the person shown here be feeling cheerful?", cheerful.get("question").asText());
        assertEquals("emotion-expert", cheerful.get("persona").asText());
        assertEquals(expected, cheerful.at("/steps/0/chatPrompt").asText());

        JsonNode manifest = JSON.readTree(out.resolve("run.json").toFile());
        assertEquals("llava_v1", manifest.at("/parameters/chat_template").asText());
        String reason = manifest.at("/parameters/chat_template_reason").asText();
        assertTrue(reason.contains("mmproj projector type mlp")
                && reason.contains("file name 'llava-v1.5-7b-f16.gguf' contains 'v1'"), reason);
    }

    @Test
    void cfsaRecordsAllFourStages(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("cfsa");
        Result r = run(args(out, "complex", "cfsa", "none", 4, "--limit", "2").toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        for (JsonNode rec : records(out)) {
            Set<String> steps = new TreeSet<>();
            rec.get("steps").forEach(s -> steps.add(s.get("step").asText()));
            // stage 1: enrich + refine; stage 2: general questions; stage 3: scenario questions; stage 4: summary
            assertTrue(steps.containsAll(Set.of("enrich_query", "refine_prompt", "general_qa", "scenario_questions",
                    "summarise")), steps.toString());
            long general = Stream.of(rec.get("steps")).flatMap(n -> n.valueStream())
                    .filter(s -> s.get("step").asText().equals("general_qa")).count();
            assertEquals(4, general, "the four general questions");
        }
    }

    @Test
    void greedyAnswersDoNotDependOnParallelism(@TempDir Path tmp) throws IOException {
        Path one = tmp.resolve("p1");
        Path four = tmp.resolve("p4");
        assertEquals(0, run(args(one, "basic", "user", "none", 1, "--sampling", "greedy").toArray(String[]::new))
                .exit());
        assertEquals(0, run(args(four, "basic", "user", "none", 4, "--vision-ahead", "on", "--sampling", "greedy")
                .toArray(String[]::new)).exit());
        assertEquals(8, answers(one).size());
        assertEquals(new java.util.TreeMap<>(answers(one)), new java.util.TreeMap<>(answers(four)));
        assertEquals(Files.readString(one.resolve("predictions.jsonl")),
                Files.readString(four.resolve("predictions.jsonl")), "predictions in benchmark order");
    }

    @Test
    void greedyCfsaAnswersDoNotDependOnSchedulingPrefixReuseOrVisionStage(@TempDir Path tmp) throws IOException {
        // N=1 without reuse or vision stage: every call alone and in full; N=4: fan-out questions decoded together,
        // followers waiting for their leader's image cells, images encoded ahead on their own thread
        Path plain = tmp.resolve("plain");
        Path busy = tmp.resolve("busy");
        assertEquals(0, run(args(plain, "basic", "cfsa", "none", 1, "--limit", "3", "--no-prefix-reuse",
                "--vision-ahead", "off", "--sampling", "greedy").toArray(String[]::new)).exit());
        assertEquals(0, run(args(busy, "basic", "cfsa", "none", 4, "--limit", "3", "--vision-ahead", "on",
                "--sampling", "greedy").toArray(String[]::new)).exit());
        assertEquals(3, answers(plain).size());
        assertEquals(new java.util.TreeMap<>(answers(plain)), new java.util.TreeMap<>(answers(busy)));
        List<String> stepOutputs = new ArrayList<>();
        for (Path run : List.of(plain, busy)) {
            StringBuilder outputs = new StringBuilder();
            records(run).stream().sorted(java.util.Comparator.comparing(r -> r.get("id").asText()))
                    .forEach(r -> r.get("steps").forEach(s -> outputs.append(s.get("output").asText()).append('|')));
            stepOutputs.add(outputs.toString());
        }
        assertEquals(stepOutputs.get(0), stepOutputs.get(1), "every step's output, not only the answers");
    }

    @Test
    void aMissingImageIsARecordedFailureAndTheRunGoesOn(@TempDir Path tmp) throws IOException {
        Path images = tmp.resolve("images");
        FileTrees.copy(repo("data", "mini-eibench"), images);
        Files.delete(images.resolve("CAER-S/train/Angry/0001.png"));
        Path out = tmp.resolve("run");
        List<String> a = args(out, "basic", "user", "none", 2);
        a.set(a.indexOf("--images") + 1, images.toString());
        Result r = run(a.toArray(String[]::new));
        assertEquals(Main.EXIT_PROBLEMS, r.exit(), "finished, but with a failed sample");
        assertTrue(r.err().contains("1 failed sample"), r.err());
        List<JsonNode> records = records(out);
        assertEquals(8, records.size());
        JsonNode failed = records.stream().filter(n -> n.get("status").asText().equals("failed")).findFirst()
                .orElseThrow();
        assertEquals("CAER-S/train/Angry/0001.png", failed.get("id").asText());
        assertTrue(failed.get("error").asText().contains("CAER-S/train/Angry/0001.png"), failed.toString());
    }

    @Test
    void anImageKeyEscapingTheRootIsRejected(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("eibench");
        Files.createDirectories(data);
        Files.writeString(data.resolve("user.jsonl"), "{\"../outside/CAER-S/train/Happy/x.png\": \"Why?\"}\n");
        Files.writeString(data.resolve("basic_ground_truth.json"),
                "{\"../outside/CAER-S/train/Happy/x.png\": \"1. A smile.\"}");
        Files.writeString(data.resolve("ec_complex.jsonl"), "");
        Path out = tmp.resolve("run");
        List<String> a = args(out, "basic", "user", "none", 1);
        a.set(a.indexOf("--eibench") + 1, data.toString());
        Result r = run(a.toArray(String[]::new));
        String recordsText = Files.exists(out.resolve("records.jsonl"))
                ? Files.readString(out.resolve("records.jsonl")) : "";
        // either the dataset validation refuses the key, or the sample fails without reading outside the root
        assertTrue(r.exit() != 0, r.err());
        assertTrue(r.err().contains("..") || recordsText.contains("rejected"), r.err() + recordsText);
    }

    @Test
    void rerunningTheSameCommandResumesAndADifferentRunIsRefused(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(0, run(args(out, "basic", "user", "none", 2, "--limit", "3").toArray(String[]::new)).exit());
        String before = Files.readString(out.resolve("records.jsonl"));
        Result again = run(args(out, "basic", "user", "none", 2, "--limit", "3").toArray(String[]::new));
        assertEquals(0, again.exit(), again.err());
        assertEquals(before, Files.readString(out.resolve("records.jsonl")), "nothing answered twice");

        Result other = run(args(out, "basic", "cot", "none", 2, "--limit", "3").toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, other.exit());
        assertTrue(other.err().contains("--overwrite"), other.err());
    }
}
