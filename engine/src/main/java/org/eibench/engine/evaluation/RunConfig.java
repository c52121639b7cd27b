package org.eibench.engine.evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eibench.engine.RecordComponents;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.Selection;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.runner.SamplingPreset;
import org.eibench.models.chat.ChatTemplatePolicy;
import org.eibench.models.openai.OpenAiEndpoint;
import org.eibench.models.vlm.VlmSpec;

/**
 * Everything one run needs, as {@code eibench run} parses it; {@link Evaluation#run} does the work.
 *
 * @param benchmark the EIBench part
 * @param mode the mode id (a prompt file)
 * @param persona the persona id
 * @param referencePersona the persona id that stands for the reference's own sentence (the CLI default)
 * @param eibenchDir the folder of the annotation files
 * @param imagesRoots dataset roots, in the order image keys are looked up
 * @param promptsDir a folder of prompt files added to the built-in ones, if any
 * @param out the run folder
 * @param vlm the vision-language model; its {@code parallel} is the run's parallelism; null when {@code endpoint}
 *     answers
 * @param chatTemplate the chat template chosen for {@code vlm} (or the endpoint's model) and why (recorded in run.json)
 * @param textModel a separate text model for the text-only steps, if any
 * @param sampling the sampling preset
 * @param seed the run seed
 * @param ignoreEos whether generation continues past end-of-sequence
 * @param maxTokens token limit of every call; 0 = each step's own
 * @param selection which samples (shard included)
 * @param start resume or overwrite the folder
 * @param retry which failed samples a resume answers again
 * @param endpoint an OpenAI-compatible server that answers instead of the embedded model, if any; its parallelism is
 *     the run's
 */
public record RunConfig(Benchmark benchmark, String mode, String persona, String referencePersona, Path eibenchDir,
        List<Path> imagesRoots, Optional<Path> promptsDir, Path out, VlmSpec vlm,
        ChatTemplatePolicy.Choice chatTemplate, Optional<Path> textModel, SamplingPreset sampling, long seed,
        boolean ignoreEos, int maxTokens, Selection selection, RunFolder.Start start, RunFolder.Retry retry,
        Optional<OpenAiEndpoint> endpoint) {
    public RunConfig {
        RecordComponents.requireNonNull("RunConfig", "benchmark", benchmark, "mode", mode, "persona", persona,
                "referencePersona", referencePersona, "eibenchDir", eibenchDir, "promptsDir", promptsDir, "out", out,
                "endpoint", endpoint, "chatTemplate", chatTemplate, "textModel", textModel, "sampling", sampling,
                "selection", selection, "start", start, "retry", retry);
        imagesRoots = List.copyOf(imagesRoots);
        if ((vlm == null) == endpoint.isEmpty()) {
            throw new IllegalArgumentException("give either a local model (-m) or an endpoint (--endpoint), not "
                    + (vlm == null ? "neither" : "both"));
        }
        if (endpoint.isPresent() && textModel.isPresent()) {
            throw new IllegalArgumentException("--text-model needs the embedded backend; with --endpoint every step"
                    + " goes to the server");
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative (0 = each step's own), got "
                    + maxTokens);
        }
    }

    /** A run on the embedded model. */
    public RunConfig(Benchmark benchmark, String mode, String persona, String referencePersona, Path eibenchDir,
            List<Path> imagesRoots, Optional<Path> promptsDir, Path out, VlmSpec vlm,
            ChatTemplatePolicy.Choice chatTemplate, Optional<Path> textModel, SamplingPreset sampling, long seed,
            boolean ignoreEos, int maxTokens, Selection selection, RunFolder.Start start, RunFolder.Retry retry) {
        this(benchmark, mode, persona, referencePersona, eibenchDir, imagesRoots, promptsDir, out, vlm, chatTemplate,
                textModel, sampling, seed, ignoreEos, maxTokens, selection, start, retry, Optional.empty());
    }

    /** Sequences decoded together (requests in flight for an endpoint). */
    public int parallel() {
        return endpoint.map(OpenAiEndpoint::parallelism).orElseGet(() -> vlm.parallel());
    }

    /** This run into another folder with another parallelism (e.g. a benchmark's sweep). */
    public RunConfig withOutAndVlm(Path newOut, VlmSpec newVlm) {
        return new RunConfig(benchmark, mode, persona, referencePersona, eibenchDir, imagesRoots, promptsDir, newOut,
                newVlm, chatTemplate, textModel, sampling, seed, ignoreEos, maxTokens, selection, start, retry, endpoint);
    }
}
