package org.eibench.engine.prompts;

import java.util.Map;
import java.util.Optional;
import org.eibench.engine.RecordComponents;
import org.eibench.engine.dataset.Benchmark;

/**
 * One model call of a mode (or, with {@link #forEach}, one model call per item).
 *
 * <p>A runner executes any mode the same way: render {@link #templateFor} with the variables so far (the
 * sample's {@code question} plus the outputs of earlier steps), apply the persona, call the model named by
 * {@link #role} with the image when {@link #image}, and store the parsed output under {@link #output}. The
 * mode's {@link Mode#answerVariable} holds the final answer. {@link ModeExecutor} does exactly this.
 *
 * @param id unique within the mode (e.g. {@code caption}, {@code general_qa})
 * @param role which model runs it
 * @param image whether the image is given with the prompt
 * @param maxTokens upper bound on generated tokens for one call
 * @param template the prompt
 * @param benchmarkTemplates a replacement prompt for one benchmark, where the reference scripts differ
 * @param output the variable the (parsed, or for a fan-out joined) output is stored in
 * @param parse how the output becomes the variable
 * @param maxItems for {@link OutputFormat#NUMBERED_LIST}: how many items to keep
 * @param forEach present when the step runs once per item
 */
public record Step(
        String id,
        Role role,
        boolean image,
        int maxTokens,
        Template template,
        Map<Benchmark, Template> benchmarkTemplates,
        String output,
        OutputFormat parse,
        int maxItems,
        Optional<FanOut> forEach) {
    public Step {
        RecordComponents.requireNonNull("Step", "id", id, "role", role, "template", template, "output", output,
                "parse", parse, "forEach", forEach);
        benchmarkTemplates = Map.copyOf(benchmarkTemplates);
        if (maxTokens < 1) {
            throw new PromptException(template.name() + ": max_tokens must be 1 or more");
        }
        if (maxItems < 1) {
            throw new PromptException(template.name() + ": max_items must be 1 or more");
        }
    }

    /** The template used for samples of the given benchmark. */
    public Template templateFor(Benchmark benchmark) {
        return benchmarkTemplates.getOrDefault(benchmark, template);
    }
}
