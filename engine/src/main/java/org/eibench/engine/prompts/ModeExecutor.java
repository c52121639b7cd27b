package org.eibench.engine.prompts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eibench.engine.dataset.Benchmark;

/**
 * Runs the steps of any mode for one sample, with no mode-specific code: render, apply the persona, call the
 * model, store the output, fan out over lists.
 *
 * <pre>{@code
 * Transcript t = ModeExecutor.run(book.mode("cfsa"), book.persona("none"), Benchmark.BASIC, question, model);
 * }</pre>
 */
public final class ModeExecutor {
    /** The model side of a step: generates text for one rendered prompt. Implemented by the runner. */
    @FunctionalInterface
    public interface StepModel {
        Generation generate(Call call) throws Exception;
    }

    /**
     * One model call.
     *
     * @param step the step id
     * @param item 1-based item number in a fan-out, 0 otherwise
     * @param role which model
     * @param image whether to give the sample's image
     * @param prompt system and user text
     * @param maxTokens generation limit
     * @param imageLater whether a later step of the mode shows the image again (its KV prefix is worth keeping)
     */
    public record Call(String step, int item, Role role, boolean image, RenderedPrompt prompt, int maxTokens,
            boolean imageLater) {}

    /**
     * A model's answer to one call.
     *
     * @param text generated text
     * @param promptTokens prompt tokens (with image tokens), or -1 if unknown
     * @param outputTokens generated tokens, or -1 if unknown
     * @param chatPrompt the prompt after the chat template, image written {@code <image>}; null if unknown
     */
    public record Generation(String text, int promptTokens, int outputTokens, String chatPrompt) {
        /** A generation whose chat prompt is unknown. */
        public Generation(String text, int promptTokens, int outputTokens) {
            this(text, promptTokens, outputTokens, null);
        }
    }

    /** A step failed; carries the calls that finished before it, for the run's records. */
    public static final class StepFailedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<StepResult> completed;
        private final String step;

        StepFailedException(String step, List<StepResult> completed, Throwable cause) {
            super("step " + step + " failed: " + cause.getMessage(), cause);
            this.step = step;
            this.completed = List.copyOf(completed);
        }

        public String step() {
            return step;
        }

        public List<StepResult> completed() {
            return completed;
        }
    }

    private ModeExecutor() {}

    /** Runs every step of {@code mode} for one question, one model call at a time. */
    public static Transcript run(Mode mode, Persona persona, Benchmark benchmark, String question, StepModel model)
            throws StepFailedException {
        return run(mode, persona, benchmark, question, model, false);
    }

    /**
     * Runs every step of {@code mode} for one question.
     *
     * @param concurrentItems whether the items of a fan-out (e.g. CFSA's four general questions) are asked at once,
     *     each on its own virtual thread, so that a batching model decodes them together and they share the image's
     *     KV prefix; {@code model} must then accept concurrent calls. Items never see each other's answers, so the
     *     transcript is the same either way (in item order).
     */
    public static Transcript run(Mode mode, Persona persona, Benchmark benchmark, String question, StepModel model,
            boolean concurrentItems) throws StepFailedException {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("question", question);
        vars.put(Persona.VARIABLE, persona.sentence());
        Map<String, List<String>> lists = new HashMap<>();
        List<StepResult> results = new ArrayList<>();
        List<Step> steps = mode.steps();
        for (int index = 0; index < steps.size(); index++) {
            Step step = steps.get(index);
            boolean imageLater = steps.subList(index + 1, steps.size()).stream().anyMatch(Step::image);
            try {
                Template template = step.templateFor(benchmark);
                if (step.forEach().isEmpty()) {
                    StepResult r = call(step, 0, template.render(vars), persona, model, imageLater);
                    results.add(r);
                    store(step, r.output(), vars, lists);
                } else {
                    FanOut fan = step.forEach().get();
                    List<String> items = fan.listVariable() == null ? fan.fixedItems() : lists.get(fan.listVariable());
                    if (items == null) {
                        throw new MissingPlaceholderException(template.name(), fan.listVariable());
                    }
                    List<String> prompts = new ArrayList<>(items.size());
                    for (String item : items) {
                        Map<String, String> itemVars = new HashMap<>(vars);
                        itemVars.put(fan.itemVariable(), item);
                        prompts.add(template.render(itemVars));
                    }
                    List<StepResult> answers = concurrentItems
                            ? callConcurrently(step, prompts, persona, model, results, imageLater)
                            : callInOrder(step, prompts, persona, model, results, imageLater);
                    List<String> joined = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        joined.add(fan.join().render(Map.of("number", Integer.toString(i + 1), "item", items.get(i),
                                "answer", answers.get(i).output().strip())));
                    }
                    store(step, String.join("\n\n", joined), vars, lists);
                }
            } catch (Exception e) {
                throw new StepFailedException(step.id(), results, e);
            }
        }
        String answer = vars.get(mode.answerVariable());
        if (answer == null) {
            throw new StepFailedException(mode.answerVariable(), results,
                    new PromptException("mode " + mode.id() + " produced no " + mode.answerVariable()));
        }
        return new Transcript(answer, results, vars);
    }

    private static List<StepResult> callInOrder(Step step, List<String> prompts, Persona persona, StepModel model,
            List<StepResult> results, boolean imageLater) throws Exception {
        List<StepResult> answers = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            StepResult r = call(step, i + 1, prompts.get(i), persona, model, imageLater);
            results.add(r);
            answers.add(r);
        }
        return answers;
    }

    /**
     * Asks every item at once and waits for all; the items that succeeded go to {@code results} in item order, and the
     * failure of the first failed item (in item order) is thrown.
     */
    private static List<StepResult> callConcurrently(Step step, List<String> prompts, Persona persona,
            StepModel model, List<StepResult> results, boolean imageLater) throws Exception {
        List<Future<StepResult>> futures = new ArrayList<>(prompts.size());
        try (ExecutorService items = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < prompts.size(); i++) {
                int item = i + 1;
                String prompt = prompts.get(i);
                futures.add(items.submit(() -> call(step, item, prompt, persona, model, imageLater)));
            }
        } // close() waits for every item
        List<StepResult> answers = new ArrayList<>(prompts.size());
        Exception firstFailure = null;
        for (Future<StepResult> future : futures) {
            try {
                StepResult r = future.get();
                results.add(r);
                answers.add(r);
            } catch (ExecutionException e) {
                if (firstFailure == null) {
                    firstFailure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        return answers;
    }

    private static StepResult call(Step step, int item, String userText, Persona persona, StepModel model,
            boolean imageLater) throws Exception {
        RenderedPrompt prompt = persona.apply(userText);
        long start = System.nanoTime();
        Generation g = model.generate(new Call(step.id(), item, step.role(), step.image(), prompt, step.maxTokens(),
                imageLater));
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new StepResult(step.id(), item, step.role(), step.image(), prompt.system(), prompt.user(), g.text(),
                g.promptTokens(), g.outputTokens(), millis, g.chatPrompt());
    }

    private static void store(Step step, String output, Map<String, String> vars, Map<String, List<String>> lists) {
        if (step.parse() == OutputFormat.NUMBERED_LIST) {
            List<String> items = OutputFormat.listItems(output, step.maxItems());
            lists.put(step.output(), items);
            // later templates see the list exactly as it is iterated: renumbered and cut to max_items
            StringBuilder numbered = new StringBuilder();
            for (int i = 0; i < items.size(); i++) {
                numbered.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(items.get(i));
            }
            vars.put(step.output(), numbered.toString());
        } else {
            vars.put(step.output(), output.strip());
        }
    }
}
