package org.eibench.engine.prompts;

import java.util.List;
import java.util.Map;

/**
 * The finished execution of a mode for one sample.
 *
 * @param answer the final answer (the mode's answer variable)
 * @param steps every model call in order
 * @param variables every variable at the end (question, caption, refined_prompt, …)
 */
public record Transcript(String answer, List<StepResult> steps, Map<String, String> variables) {
    public Transcript {
        steps = List.copyOf(steps);
        variables = Map.copyOf(variables);
    }

    public int promptTokens() {
        return steps.stream().mapToInt(s -> Math.max(0, s.promptTokens())).sum();
    }

    public int outputTokens() {
        return steps.stream().mapToInt(s -> Math.max(0, s.outputTokens())).sum();
    }
}
