package org.eibench.engine.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eibench.engine.scoring.ScoreConfig;
import org.eibench.models.chat.ChatTemplatePolicy;
import org.eibench.models.openai.OpenAiEndpoint;
import org.eibench.models.vlm.VlmSpec;
import picocli.CommandLine.Option;

/** The judge model's options ({@code eibench score --judge ...}), declared once as a picocli mixin. */
public final class JudgeModelOptions {
    @Option(names = "--judge", paramLabel = "MODEL.gguf",
            description = "A GGUF chat model as the judge (the paper used Meta-Llama-3-8B-Instruct).")
    Path judgeModel;

    @Option(names = "--judge-endpoint", paramLabel = "URL",
            description = "An OpenAI-compatible server as the judge instead of --judge (e.g. vLLM at"
                    + " http://127.0.0.1:8000/v1; the reference's second judge, gpt-3.5-turbo, has this API); needs"
                    + " --judge-model; --judge-parallel requests in flight; the key from $"
                    + EndpointOptions.DEFAULT_KEY_VARIABLE + " or --api-key-env. See docs/backends.md.")
    String judgeEndpoint;

    @Option(names = "--judge-model", paramLabel = "NAME",
            description = "The judge model's name as the server lists it in /v1/models.")
    String judgeEndpointModel;

    @Option(names = "--api-key-env", paramLabel = "NAME", defaultValue = EndpointOptions.DEFAULT_KEY_VARIABLE,
            description = "The environment variable holding the judge server's API key (sent as a bearer token,"
                    + " written nowhere); unset means no key (default: ${DEFAULT-VALUE}).")
    String keyVariable;

    @Option(names = "--judge-grammar",
            description = "Constrain each judge reply to start with {score: C/T} (no wasted attempts); default: the"
                    + " reference behaviour, up to 5 attempts until a reply holds a score.")
    boolean judgeGrammar;

    @Range(min = 1, max = org.eibench.kernels.llama.LlamaContext.MAX_SEQUENCES, why = ModelOptions.MAX_SEQUENCES_WHY)
    @Option(names = "--judge-parallel", paramLabel = "N", defaultValue = "4",
            description = "Judge prompts decoded together (default: ${DEFAULT-VALUE}).")
    int judgeParallel;

    @Option(names = "--judge-chat-template", paramLabel = "NAME",
            description = "The judge's chat template; default: chosen as for the answer model (eibench run"
                    + " --chat-template), i.e. detected from the file for a non-LLaVA judge such as Llama-3.")
    String judgeChatTemplate;

    @Range(min = -1, why = "-1 = all")
    @Option(names = {"-ngl", "--gpu-layers"}, paramLabel = "N", defaultValue = "-1",
            description = "Judge layers offloaded to the GPU; -1 = all, 0 = CPU only (default: ${DEFAULT-VALUE}).")
    int gpuLayers;

    @Range(min = 0, max = ModelOptions.MAX_THREADS, why = ModelOptions.MAX_THREADS_WHY)
    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "0",
            description = "CPU threads for the judge; 0 = one per available core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Range(min = Long.MIN_VALUE, max = Long.MAX_VALUE, why = "any 64-bit integer")
    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Judge sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The judge these options describe, local or served; empty without {@code --judge} or {@code --judge-endpoint}. */
    public Optional<ScoreConfig.Judge> judge() throws IOException {
        if (judgeEndpoint != null) {
            if (judgeModel != null) {
                throw new IllegalArgumentException("give either --judge MODEL.gguf or --judge-endpoint URL, not both");
            }
            if (judgeEndpointModel == null) {
                throw new IllegalArgumentException("--judge-endpoint needs --judge-model NAME (one of the ids the"
                        + " server lists at " + judgeEndpoint + "/models)");
            }
            return Optional.of(ScoreConfig.Judge.served(OpenAiEndpoint.of(judgeEndpoint, judgeEndpointModel,
                    EndpointOptions.apiKey(keyVariable, "--api-key-env"), judgeParallel, null), judgeGrammar, seed));
        }
        return judgeModel == null ? Optional.empty()
                : Optional.of(ScoreConfig.Judge.local(spec(), judgeGrammar, seed));
    }

    /**
     * The judge's model spec. It gets the answer model's template policy: a Llama-3 judge gets the llama3 data
     * template, which renders its prompt as llama.cpp's built-in does; a judge the project has no template for keeps
     * its own, rendered by llama.cpp.
     */
    private VlmSpec spec() throws IOException {
        VlmSpec.Builder spec = VlmSpec.builder().setModel(judgeModel).optGpuLayers(gpuLayers)
                .optThreads(ModelOptions.threadsOrCores(threads)).optParallel(judgeParallel);
        ChatTemplatePolicy.builtIn().choose(judgeModel, null, judgeChatTemplate).template()
                .ifPresent(spec::optChatTemplate);
        return spec.build();
    }
}
