package org.eibench.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.DatasetException;
import org.eibench.engine.dataset.Selection;
import org.eibench.engine.evaluation.Evaluation;
import org.eibench.engine.evaluation.RunConfig;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.models.chat.ChatTemplatePolicy;
import org.eibench.models.openai.OpenAiEndpoint;
import org.eibench.models.vlm.VlmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eibench run}: answers EIBench samples with a local VLM in one mode and persona, resumably. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        header = "Answer EIBench samples in a mode and persona (resumable).",
        sortOptions = false,
        description = {
            "Answer every selected EIBench sample with a local vision-language model,",
            "in one mode and persona. Writes into RUN_DIR:",
            "  records.jsonl      one record per finished sample (kept on a crash)",
            "  predictions.jsonl  the reference format, {\"<image path>\": \"<answer>\"} per line",
            "  run.json           models (sha256), parameters, seed, llama.cpp commit",
            "Running the same command again on the same --out resumes.",
            "",
            "Example:",
            "  eibench run --benchmark basic --mode cfsa --persona emotion-expert \\",
            "      -m llava-v1.5-7b-Q4_K_M.gguf --mmproj mmproj-model-f16.gguf \\",
            "      --eibench EIBench/EIBench --images /data/eibench-images \\",
            "      --out runs/llava-cfsa --parallel 16",
            "",
            "With a model served by vLLM (or another OpenAI-compatible server):",
            "  eibench run --mode cfsa --endpoint http://127.0.0.1:8000/v1 \\",
            "      --endpoint-model llava-hf/llava-1.5-7b-hf --eibench EIBench/EIBench \\",
            "      --images /data/eibench-images --out runs/vllm-cfsa --parallel 16",
            ""
        })
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--benchmark", paramLabel = "basic|complex", defaultValue = "basic",
            description = "Which EIBench part (default: ${DEFAULT-VALUE}).")
    String benchmark;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "user",
            description = "user (the question as is), caption, cot or cfsa (coarse-to-fine self-ask); modes are"
                    + " prompt files, see --prompts (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--persona", paramLabel = "ID", defaultValue = "emotion-expert",
            description = "The persona sentence that opens each prompt: emotion-expert (the reference's own 'You are a"
                    + " good expert of emotion understanding.'), assistant, architect or none (no sentence)"
                    + " (default: ${DEFAULT-VALUE}).")
    String persona;

    @Option(names = "--eibench", required = true, paramLabel = "DIR",
            description = "Folder with user.jsonl, basic_ground_truth.json and ec_complex.jsonl.")
    Path eibenchDir;

    @Option(names = "--images", required = true, paramLabel = "ROOT",
            description = "Dataset root holding CAER-S/ and EmoSet-118k/; image keys resolve under it. Give it again"
                    + " for more roots: a key resolves under the first that has it, and a symbolic link may lead into"
                    + " any of them (e.g. --images data --images /downloads/caer when data/CAER-S links there).")
    List<Path> imagesRoots;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "The run folder.")
    Path out;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    EndpointOptions endpointOptions;

    @Option(names = "--text-model", paramLabel = "FILE",
            description = "A separate GGUF text model for the text-only steps (CFSA stages 1 and 4); default: the VLM.")
    Path textModel;

    @Range(min = 1, max = LlamaContext.MAX_SEQUENCES, why = ModelOptions.MAX_SEQUENCES_WHY)
    @Option(names = {"-np", "--parallel"}, paramLabel = "N", defaultValue = "4",
            description = "Sequences decoded together (continuous batching); with --endpoint, requests in flight"
                    + " (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Mixin
    SamplingOptions samplingOptions;

    @Range(min = 0, why = "0 = each step's own")
    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "0",
            description = "Token limit for every model call; 0 = each step's own limit from the prompt files"
                    + " (512 for the answer, as the reference scripts), at most the sampling preset's 512"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Mixin
    SelectionOptions selectionOptions;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Only shard K of N (a stable split by sample id, for several GPUs or machines; join the"
                    + " shards with eibench merge).")
    String shard;

    @Option(names = "--prompts", paramLabel = "DIR",
            description = "A folder of prompt files that replace or add to the built-in modes and personas.")
    Path promptsDir;

    @Option(names = "--overwrite", description = "Start over: move the folder's earlier files (records, run.json,"
            + " scores, reports) into replaced-*/.")
    boolean overwrite;

    @Option(names = "--retry-failed", paramLabel = "backend|all|none", defaultValue = "backend",
            converter = RetryConverter.class,
            description = "On resume, answer again the samples that failed: backend = those that failed through no"
                    + " fault of their input (a decode error; a missing or undecodable image fails again), all, or"
                    + " none (default: ${DEFAULT-VALUE}).")
    RunFolder.Retry retryFailed;

    /** Parses {@code backend|all|none}. */
    static final class RetryConverter implements picocli.CommandLine.ITypeConverter<RunFolder.Retry> {
        @Override
        public RunFolder.Retry convert(String value) {
            try {
                return RunFolder.Retry.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("--retry-failed must be backend, all or none,"
                        + " got '" + value + "'");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Evaluation.Result result;
        try {
            result = Evaluation.run(config());
        } catch (DatasetException e) {
            e.problems().forEach(p -> err.println(p));
            err.println("eibench: the dataset in " + eibenchDir + " has " + e.problems().size()
                    + " problem(s); fix them (eibench validate lists them) and run again");
            return Main.EXIT_PROBLEMS;
        } catch (RunFolderException e) {
            err.println("eibench: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        result.answered().ifPresent(summary -> err.println(summary.describe()));
        err.println("predictions: " + result.predictions() + (result.failed() > 0
                ? " (" + result.failed() + " failed sample(s): " + result.failures() + "; every error is"
                        + " in " + RunFolder.RECORDS + ")" : ""));
        return result.failed() > 0 ? Main.EXIT_PROBLEMS : 0;
    }

    /** The run these options describe. */
    RunConfig config() throws IOException {
        Selection selection = selectionOptions.selection();
        if (shard != null) {
            selection = selection.withShard(Selection.Shard.parse(shard));
        }
        VlmSpec vlm = null;
        ChatTemplatePolicy.Choice template;
        Optional<OpenAiEndpoint> endpoint = Optional.empty();
        if (endpointOptions.requested()) {
            if (modelOptions.model() != null || modelOptions.mmproj() != null) {
                throw new IllegalArgumentException("give either -m/--mmproj (a local model) or --endpoint (a server),"
                        + " not both");
            }
            template = modelOptions.endpointTemplateChoice(Objects.requireNonNullElse(endpointOptions.model(), ""));
            endpoint = Optional.of(endpointOptions.endpoint(parallel, template.template().orElse(null)));
        } else {
            vlm = modelOptions.spec(parallel);
            template = modelOptions.templateChoice();
        }
        // the reference's sampling unless --sampling or an explicit value says otherwise
        return new RunConfig(Benchmark.fromId(benchmark), mode, persona, spec.findOption("--persona").defaultValue(),
                eibenchDir, imagesRoots, Optional.ofNullable(promptsDir), out, vlm, template,
                Optional.ofNullable(textModel), samplingOptions.resolve("reference"),
                samplingOptions.seed(), samplingOptions.ignoreEos(), maxTokens, selection,
                overwrite ? RunFolder.Start.OVERWRITE : RunFolder.Start.RESUME, retryFailed, endpoint);
    }
}
