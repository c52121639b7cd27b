package org.eibench.engine.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eibench.engine.dataset.Benchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptBookTest {
    private static final String QUESTION = "What might have caused the man in the image to appear angry?";
    private final PromptBook book = PromptBook.builtIn();

    /** Answers every call with a fixed text that depends only on the call, and records the calls. */
    private static final class ScriptedModel implements ModeExecutor.StepModel {
        final List<ModeExecutor.Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public ModeExecutor.Generation generate(ModeExecutor.Call call) {
            calls.add(call);
            String text = switch (call.step()) {
                case "scenario_questions" -> "1. Who is he shouting at?\n2. What is in his hand?\n3. Is it raining?";
                default -> "<" + call.step() + (call.item() > 0 ? "#" + call.item() : "") + ">";
            };
            return new ModeExecutor.Generation(text, 10, 2);
        }
    }

    @Test
    void builtInBookIsConsistent() {
        assertEquals(List.of("user", "caption", "cot", "cfsa"), book.modeIds());
        assertEquals(List.of("none", "assistant", "architect", "emotion-expert"), book.personaIds());
        assertEquals(List.of(), book.validate());
    }

    @Test
    void userAndCotModesUseTheReferenceLlavaStringsByteForByteUnderTheDefaultPersona() throws Exception {
        assertEquals("You are a good expert of emotion understanding. Look at the image, " + QUESTION + ".",
                only(run("user", "emotion-expert", Benchmark.BASIC)).prompt());
        assertEquals("You are a good expert of emotion understanding. Look at the image, " + QUESTION
                + ". Let's think step by step.", only(run("cot", "emotion-expert", Benchmark.BASIC)).prompt());
        // ec_complex_llava.py has no period after the question
        assertEquals("You are a good expert of emotion understanding. Look at the image, " + QUESTION,
                only(run("user", "emotion-expert", Benchmark.COMPLEX)).prompt());
        StepResult user = only(run("user", "emotion-expert", Benchmark.BASIC));
        assertNull(user.system(), "the persona replaces the sentence; the template keeps its own system line");
        assertTrue(user.image());
    }

    @Test
    void aPersonaReplacesTheReferencesPersonaSentence() throws Exception {
        assertEquals("Look at the image, " + QUESTION + ".", only(run("user", "none", Benchmark.BASIC)).prompt());
        assertEquals("You are an expert in architecture. Look at the image, " + QUESTION + ". Let's think step by"
                + " step.", only(run("cot", "architect", Benchmark.BASIC)).prompt());
        assertEquals("You are a helpful AI assistant. Look at the image, " + QUESTION,
                only(run("user", "assistant", Benchmark.COMPLEX)).prompt());
    }

    @Test
    void everyModeRendersUnderEveryPersonaForEveryBenchmark() throws Exception {
        for (String mode : book.modeIds()) {
            for (String persona : book.personaIds()) {
                for (Benchmark b : Benchmark.values()) {
                    Transcript t = run(mode, persona, b);
                    assertFalse(t.answer().isBlank(), mode + "/" + persona);
                    String text = book.persona(persona).text();
                    for (StepResult s : t.steps()) {
                        assertFalse(s.prompt().contains("{"), () -> "unrendered placeholder in " + s);
                        assertNull(s.system(), mode + "/" + persona + ": the built-in personas replace a sentence");
                        // every step of every mode carries the persona sentence, and only that one
                        assertTrue(text.isEmpty() || s.prompt().contains(text + " "), mode + "/" + persona + ": " + s);
                        assertTrue(!text.isEmpty() || !s.prompt().contains("You are"), mode + "/none: " + s);
                    }
                }
            }
        }
    }

    @Test
    void cfsaRunsItsStagesInOrderWithFanOuts() throws Exception {
        ScriptedModel model = new ScriptedModel();
        Transcript t = ModeExecutor.run(book.mode("cfsa"), book.persona("none"), Benchmark.BASIC, QUESTION, model);
        List<String> calls = model.calls.stream().map(c -> c.step() + (c.item() > 0 ? "#" + c.item() : "")).toList();
        assertEquals(List.of("enrich_query", "refine_prompt", "general_qa#1", "general_qa#2", "general_qa#3",
                "general_qa#4", "scenario_questions", "scenario_qa#1", "scenario_qa#2", "scenario_qa#3", "summarise"),
                calls);
        // general_qa and scenario_qa show the image; summarise (text only) does not: after scenario_qa it is done
        assertEquals(List.of(true, true, true, true, true, true, true, false, false, false, false),
                model.calls.stream().map(ModeExecutor.Call::imageLater).toList());
        assertEquals(Role.TEXT, model.calls.getFirst().role());
        assertFalse(model.calls.getFirst().image());
        assertEquals(Role.TEXT, model.calls.getLast().role());
        assertTrue(model.calls.get(2).image());
        assertTrue(model.calls.get(7).prompt().user().startsWith("Who is he shouting at?"));
        assertEquals("<summarise>", t.answer());
        String summary = model.calls.getLast().prompt().user();
        assertTrue(summary.contains("1. How many people are in the image?\n<general_qa#1>\n\n2. "), summary);
        assertTrue(summary.contains("3. Is it raining?\n<scenario_qa#3>"), summary);
        assertTrue(summary.contains("Refined prompt: <refine_prompt>"), summary);
        assertEquals(11, t.steps().size());
        assertEquals(110, t.promptTokens());
        assertEquals(4, book.mode("cfsa").files().size() - 1, "four stage files");
    }

    @Test
    void concurrentFanOutGivesTheSameTranscriptAndAsksItemsTogether() throws Exception {
        Transcript inOrder = ModeExecutor.run(book.mode("cfsa"), book.persona("none"), Benchmark.BASIC, QUESTION,
                new ScriptedModel());
        // every general question must be in flight before any is answered: the four calls meet at a barrier
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
        ScriptedModel scripted = new ScriptedModel();
        ModeExecutor.StepModel model = call -> {
            if (call.step().equals("general_qa")) {
                together.await(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            return scripted.generate(call);
        };
        Transcript concurrent = ModeExecutor.run(book.mode("cfsa"), book.persona("none"), Benchmark.BASIC, QUESTION,
                model, true);
        assertEquals(inOrder.answer(), concurrent.answer());
        assertEquals(inOrder.variables(), concurrent.variables());
        assertEquals(inOrder.steps().stream().map(s -> s.step() + "#" + s.item() + s.prompt()).toList(),
                concurrent.steps().stream().map(s -> s.step() + "#" + s.item() + s.prompt()).toList());
    }

    @Test
    void concurrentFanOutKeepsTheAnsweredItemsAndThrowsTheFirstFailure() {
        ScriptedModel scripted = new ScriptedModel();
        ModeExecutor.StepModel model = call -> {
            if (call.step().equals("general_qa") && call.item() >= 2 && call.item() <= 3) {
                throw new IllegalStateException("item " + call.item() + " failed");
            }
            return scripted.generate(call);
        };
        ModeExecutor.StepFailedException e = assertThrows(ModeExecutor.StepFailedException.class,
                () -> ModeExecutor.run(book.mode("cfsa"), book.persona("none"), Benchmark.BASIC, QUESTION, model,
                        true));
        assertEquals("general_qa", e.step());
        assertEquals("item 2 failed", e.getCause().getMessage());
        assertEquals(List.of("enrich_query#0", "refine_prompt#0", "general_qa#1", "general_qa#4"),
                e.completed().stream().map(s -> s.step() + "#" + s.item()).toList());
    }

    @Test
    void captionModeFeedsTheCaptionIntoTheAnswer() throws Exception {
        Transcript t = run("caption", "emotion-expert", Benchmark.BASIC);
        assertEquals("Image description: <caption>\n\nYou are a good expert of emotion understanding. Look at the"
                + " image, " + QUESTION + ".", t.steps().get(1).prompt());
        assertNull(t.steps().get(1).system());
        assertTrue(t.steps().get(0).prompt().startsWith("You are a good expert of emotion understanding. Describe"),
                t.steps().get(0).prompt());
    }

    @Test
    void missingPlaceholderNamesTemplateAndPlaceholder() {
        Template t = new Template("modes/x.json#answer", "Caption: {caption}. {question}");
        MissingPlaceholderException e = assertThrows(MissingPlaceholderException.class,
                () -> t.render(Map.of("question", "Why?")));
        assertEquals("modes/x.json#answer", e.template());
        assertEquals("caption", e.placeholder());
        assertTrue(e.getMessage().contains("{caption}"));
        assertThrows(PromptException.class, () -> new Template("bad", "Look {Question}"));
        assertThrows(PromptException.class, () -> new Template("bad", "a } b"));
        assertEquals("{literal} Why?", new Template("ok", "{{literal}} {question}").render(Map.of("question", "Why?")));
    }

    @Test
    void userFolderOverridesAndAdds(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("modes"));
        Files.createDirectories(dir.resolve("personas"));
        Files.writeString(dir.resolve("modes/user.json"), """
                {"id": "user", "version": 2, "source": "test", "steps": [
                  {"id": "answer", "template": "Q: {question}"}]}
                """);
        Files.writeString(dir.resolve("personas/pirate.json"), """
                {"id": "pirate", "version": 1, "placement": "prefix", "text": "Arr."}
                """);
        PromptBook custom = PromptBook.load(Optional.of(dir));
        assertEquals(List.of(), custom.validate());
        assertEquals("Q: Why?", custom.mode("user").steps().getFirst().templateFor(Benchmark.BASIC)
                .render(Map.of("question", "Why?")));
        assertEquals(2, custom.mode("user").version());
        assertTrue(custom.personaIds().contains("pirate"));
        assertEquals(new RenderedPrompt(null, "Arr. Q: Why?"), custom.persona("pirate").apply("Q: Why?"));
        assertEquals("", custom.persona("pirate").sentence(), "a prefix persona fills no {persona} sentence");
        assertEquals(book.mode("cfsa"), custom.mode("cfsa"), "untouched modes stay built in");
        assertNotEquals(book.fingerprint(), custom.fingerprint());
    }

    @Test
    void validateFindsPlaceholdersNoEarlierStepProduces(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("modes"));
        Files.writeString(dir.resolve("modes/broken.json"), """
                {"id": "broken", "version": 1, "steps": [
                  {"id": "answer", "template": "{caption} {question}"},
                  {"id": "more", "template": "{x}", "for_each": {"list": "answer", "as": "x", "join": "{oops}"}}]}
                """);
        List<String> problems = PromptBook.load(Optional.of(dir)).validate();
        assertTrue(problems.stream().anyMatch(p -> p.contains("modes/broken.json#answer (basic): {caption}")),
                problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("for_each list 'answer' is not the output of an earlier"
                + " numbered_list step")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("{oops}")), problems::toString);
    }

    @Test
    void modesSayForWhichBenchmarksTheReferenceHasThem(@TempDir Path dir) throws IOException {
        assertEquals(Set.of(Benchmark.BASIC, Benchmark.COMPLEX), book.mode("user").referenceBenchmarks());
        assertEquals(Set.of(Benchmark.BASIC), book.mode("cot").referenceBenchmarks(), "no Complex CoT script");
        assertEquals(Set.of(), book.mode("caption").referenceBenchmarks());
        assertEquals(Set.of(), book.mode("cfsa").referenceBenchmarks());
        Files.createDirectories(dir.resolve("modes"));
        Files.writeString(dir.resolve("modes/user.json"), """
                {"id": "user", "version": 2, "reference": ["basic", "video"], "steps": [
                  {"id": "answer", "template": "Q: {question}"}]}
                """);
        PromptException e = assertThrows(PromptException.class, () -> PromptBook.load(Optional.of(dir)));
        assertEquals("modes/user.json: \"reference\" holds 'video'; use basic and/or complex", e.getMessage());
    }

    @Test
    void aRunIsTheReferenceProtocolOnlyWithAReferenceModeAndTheDefaultPersona() {
        assertEquals(new Protocol(true, List.of()),
                Protocol.of(book.mode("user"), book.persona("none"), Benchmark.COMPLEX, "none"));
        Protocol cot = Protocol.of(book.mode("cot"), book.persona("assistant"), Benchmark.COMPLEX, "none");
        assertEquals(List.of("mode cot: no reference code for complex (the project's own protocol)",
                "persona assistant: the reference has only its default persona sentence (the project's own"
                        + " protocol)"), cot.ownProtocol());
        assertEquals(false, cot.reference());
        assertEquals(true, Protocol.of(book.mode("cot"), book.persona("assistant"), Benchmark.BASIC, "assistant")
                .reference(), "whichever persona is the default stands for the reference's sentence");
    }

    @Test
    void malformedFilesFailWithFileAndField(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("modes"));
        Files.writeString(dir.resolve("modes/typo.json"), """
                {"id": "typo", "version": 1, "steps": [{"id": "a", "templat": "x"}]}
                """);
        PromptException e = assertThrows(PromptException.class, () -> PromptBook.load(Optional.of(dir)));
        assertTrue(e.getMessage().contains("modes/typo.json#a: unknown field \"templat\""), e.getMessage());
        assertThrows(PromptException.class, () -> book.mode("nope"));
    }

    @Test
    void numberedListParsing() {
        assertEquals(List.of("a", "b"), OutputFormat.listItems("Sure:\n1. a\n2) b\n", 5));
        assertEquals(List.of("a", "b"), OutputFormat.listItems("- a\n* b\n- c", 2));
        assertEquals(List.of("Why?", "How?"), OutputFormat.listItems("Why?\n\nHow?", 5));
    }

    private Transcript run(String mode, String persona, Benchmark benchmark) throws Exception {
        return ModeExecutor.run(book.mode(mode), book.persona(persona), benchmark, QUESTION, new ScriptedModel());
    }

    private static StepResult only(Transcript t) {
        assertEquals(1, t.steps().size());
        return t.steps().getFirst();
    }
}
