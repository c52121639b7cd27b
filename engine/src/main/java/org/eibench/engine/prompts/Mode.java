package org.eibench.engine.prompts;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eibench.engine.dataset.Benchmark;

/**
 * How a model answers a sample: an ordered list of steps.
 *
 * @param id e.g. {@code user}, {@code caption}, {@code cot}, {@code cfsa}
 * @param version bumped whenever a template of the mode (or a stage it includes) changes
 * @param description one line for {@code eibench validate} and the docs
 * @param steps the steps in execution order (CFSA stages already expanded)
 * @param answerVariable the variable holding the final answer
 * @param files the resource files the mode was built from (mode file, then included stages)
 * @param referenceBenchmarks the benchmarks for which the reference code has this mode (the file's
 *     {@code reference}); on any other the mode is the project's own protocol
 */
public record Mode(String id, int version, String description, List<Step> steps, String answerVariable,
        List<String> files, Set<Benchmark> referenceBenchmarks) {
    /** The variables a sample provides before any step runs. */
    public static final List<String> SAMPLE_VARIABLES = List.of("question", Persona.VARIABLE);

    public Mode {
        Objects.requireNonNull(id, "id");
        steps = List.copyOf(steps);
        Objects.requireNonNull(answerVariable, "answerVariable");
        files = List.copyOf(files);
        referenceBenchmarks = referenceBenchmarks == null ? Set.of() : Set.copyOf(referenceBenchmarks);
        if (steps.isEmpty()) {
            throw new PromptException("mode " + id + " has no steps");
        }
    }
}
