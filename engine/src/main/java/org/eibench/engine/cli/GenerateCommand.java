package org.eibench.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;
import org.eibench.models.vlm.Generation;
import org.eibench.models.vlm.GenerationRequest;
import org.eibench.models.vlm.ImageInput;
import org.eibench.models.vlm.SamplingParams;
import org.eibench.models.vlm.VisionLanguageModel;
import org.eibench.models.vlm.VlmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eibench generate}: one answer from a GGUF vision-language model, like llama-mtmd-cli. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        header = "One answer from a GGUF model, optionally about an image.",
        sortOptions = false,
        description = {
            "Generate one answer from a local GGUF model (llama.cpp), optionally about",
            "an image. The answer goes to stdout; one timing line goes to stderr.",
            "",
            "Example:",
            "  eibench generate -m llava-v1.5-7b-Q4_K_M.gguf \\",
            "      --mmproj mmproj-model-f16.gguf --image photo.jpg \\",
            "      -p \"Why does the person feel this way?\"",
            "",
        })
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--image", paramLabel = "FILE",
            description = "Image file (PNG, JPEG, GIF, BMP). Placed where the prompt has "
                    + ChatTemplate.MEDIA_MARKER + ", or before the prompt text if it has none.")
    Path image;

    @Option(names = {"-p", "--prompt"}, required = true, paramLabel = "TEXT",
            description = "The user's message.")
    String prompt;

    @Option(names = "--raw", description = "Use --prompt as the exact prompt text, without a chat template.")
    boolean raw;

    @Mixin
    SamplingOptions samplingOptions;

    @Range(min = 1)
    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "256",
            description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Override
    public Integer call() throws java.io.IOException {
        if (image != null && modelOptions.mmproj() == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--image needs --mmproj (the projector file released with the model)");
        }
        VlmSpec vlmSpec = modelOptions.spec(1);
        List<ImageInput> images = image == null ? List.of() : List.of(ImageInput.of(image));
        String text = prompt;
        if (image != null && !text.contains(ChatTemplate.MEDIA_MARKER)) {
            text = ChatTemplate.MEDIA_MARKER + text;
        }
        SamplingParams sampling = samplingOptions.resolve("greedy")
                .params(samplingOptions.seed(), samplingOptions.ignoreEos()).withMaxTokens(maxTokens);
        GenerationRequest request = raw ? GenerationRequest.raw(text, images, sampling)
                : GenerationRequest.chat(List.of(ChatMessage.user(text)), images, sampling);
        try (VisionLanguageModel vlm = VisionLanguageModel.load(vlmSpec)) {
            Generation generation = vlm.generate(request);
            PrintWriter out = spec.commandLine().getOut();
            out.println(generation.text().strip());
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            Generation.Timings t = generation.timings();
            err.println(String.format(Locale.ROOT,
                    "prompt tokens %d, generated tokens %d (%s), image encode %.1f ms, prefill %.1f ms,"
                            + " decode %.1f ms, %.1f tok/s",
                    generation.promptTokens(), generation.generatedTokens(),
                    generation.stopReason().name().toLowerCase(Locale.ROOT), t.imageEncodeMs(), t.prefillMs(),
                    t.decodeMs(), t.tokensPerSecond(generation.generatedTokens())));
            err.flush();
        }
        return 0;
    }
}
