package org.eibench.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eibench.engine.prompts.ModeExecutor;
import org.eibench.engine.prompts.Persona;
import org.eibench.engine.prompts.PromptBook;
import org.eibench.engine.prompts.RenderedPrompt;
import org.eibench.engine.prompts.Template;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;
import org.eibench.models.chat.ChatTemplates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Prompt building before any model call: loading the built-in prompt book, rendering one user-mode prompt with a
 * persona, rendering every step of every mode for every persona, and the vicuna chat template.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PromptBenchmark {
    private static final String QUESTION =
            "What might have caused the woman in the image to become agitated or outraged?";
    /** A five-item answer: every step gets it back, so numbered-list steps fan out over five items. */
    private static final String STEP_OUTPUT = """
            1. **Raised voice**: She appears to be shouting at someone outside the frame.
            2. **Clenched fists**: Her hands are tight, a sign of anger building up.
            3. **Crowded room**: The people around her suggest a heated public argument.
            4. **Furrowed brow**: Her expression shows frustration and hostility.
            5. **Broken glass**: Something on the floor may have been knocked over in the dispute.""";

    private PromptBook book;
    private ChatTemplate vicuna;
    private Template userTemplate;
    private Persona expert;

    @Setup
    public void setUp() {
        book = PromptBook.builtIn();
        vicuna = ChatTemplates.builtIn().get("vicuna");
        userTemplate = book.mode("user").steps().getFirst().templateFor(org.eibench.engine.dataset.Benchmark.BASIC);
        expert = book.persona("emotion-expert");
    }

    /** Reads and checks every built-in mode, stage and persona file (done once per run). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PromptBook loadBuiltInBook() {
        return PromptBook.builtIn();
    }

    /** The user mode's one prompt: Template.render + Persona.apply. */
    @Benchmark
    public RenderedPrompt userPromptWithPersona() {
        return expert.apply(userTemplate.render(Map.of("question", QUESTION, Persona.VARIABLE, expert.sentence())));
    }

    /** Chat-template rendering of a system + user turn with the image marker, as the VLM gets it. */
    @Benchmark
    public String vicunaChat() {
        return vicuna.render(List.of(ChatMessage.system(expert.text()),
                ChatMessage.user(ChatTemplate.MEDIA_MARKER + "\n" + QUESTION)), true);
    }

    /**
     * Every mode x every persona for one Basic sample through {@link ModeExecutor}: each step's template is
     * rendered, the persona applied, and the result rendered with the vicuna chat template; the model's place is
     * taken by a fixed five-item answer, so only the Java prompt path is timed.
     *
     * @return total characters of all chat prompts (so nothing is optimised away)
     */
    @Benchmark
    public long everyModeAndPersona() throws ModeExecutor.StepFailedException {
        long[] chars = {0};
        ModeExecutor.StepModel chatOnly = call -> {
            chars[0] += vicuna.render(messages(call.prompt(), call.image()), true).length();
            return new ModeExecutor.Generation(STEP_OUTPUT, -1, -1);
        };
        for (String mode : book.modeIds()) {
            for (String persona : book.personaIds()) {
                ModeExecutor.run(book.mode(mode), book.persona(persona), org.eibench.engine.dataset.Benchmark.BASIC, QUESTION, chatOnly);
            }
        }
        return chars[0];
    }

    private static List<ChatMessage> messages(RenderedPrompt prompt, boolean image) {
        List<ChatMessage> messages = new ArrayList<>(2);
        if (prompt.system() != null) {
            messages.add(ChatMessage.system(prompt.system()));
        }
        messages.add(ChatMessage.user((image ? ChatTemplate.MEDIA_MARKER + "\n" : "") + prompt.user()));
        return messages;
    }
}
