package org.eibench.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.DatasetIdentity;
import org.eibench.engine.dataset.DatasetException;
import org.eibench.engine.dataset.EibenchDataset;
import org.eibench.engine.dataset.ImageResolver;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.dataset.Selection;
import org.eibench.engine.prompts.PromptBook;
import org.eibench.engine.prompts.Protocol;
import org.eibench.engine.run.ModelFile;
import org.eibench.engine.run.ProjectVersion;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.RunManifest;
import org.eibench.engine.runner.EvaluationRunner;
import org.eibench.models.vlm.GenerationService;
import org.eibench.engine.runner.ProgressReporter;
import org.eibench.engine.runner.SamplingPreset;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.kernels.llama.NativeLibraries;
import org.eibench.models.vlm.VisionLanguageModel;
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

    @Option(names = "--text-model", paramLabel = "FILE",
            description = "A separate GGUF text model for the text-only steps (CFSA stages 1 and 4); default: the VLM.")
    Path textModel;

    @Range(min = 1, max = LlamaContext.MAX_SEQUENCES, why = ModelOptions.MAX_SEQUENCES_WHY)
    @Option(names = {"-np", "--parallel"}, paramLabel = "N", defaultValue = "4",
            description = "Sequences decoded together (continuous batching) (default: ${DEFAULT-VALUE}).")
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
        Benchmark bench = Benchmark.fromId(benchmark);
        PromptBook book = PromptBook.load(Optional.ofNullable(promptsDir));
        var modeSpec = book.mode(mode);
        var personaSpec = book.persona(persona);

        List<Sample> samples;
        try {
            samples = EibenchDataset.load(eibenchDir, bench);
        } catch (DatasetException e) {
            e.problems().forEach(p -> err.println(p));
            err.println("eibench: the dataset in " + eibenchDir + " has " + e.problems().size()
                    + " problem(s); fix them (eibench validate lists them) and run again");
            return Main.EXIT_PROBLEMS;
        }
        Selection selection = selectionOptions.selection();
        if (shard != null) {
            selection = selection.withShard(Selection.Shard.parse(shard));
        }
        List<Sample> selected = selection.apply(samples);

        RunManifest manifest = manifest(bench, book, selection,
                DatasetIdentity.of(eibenchDir, bench, selection.withoutShard().apply(samples)));
        try (RunFolder folder = RunFolder.open(out, manifest, overwrite ? RunFolder.Start.OVERWRITE
                : RunFolder.Start.RESUME, retryFailed)) {
            int done = (int) selected.stream().filter(s -> folder.isFinished(s.id())).count();
            if (done < selected.size()) {
                answer(bench, selected, done, folder, book);
            }
            folder.finish(selected);
            long failed = selected.stream().map(s -> folder.records().get(s.id()))
                    .filter(r -> r != null && !r.ok()).count();
            err.println("predictions: " + out.resolve(RunFolder.PREDICTIONS) + (failed > 0
                    ? " (" + failed + " failed sample(s): " + folder.describeFailures(selected) + "; every error is"
                            + " in " + RunFolder.RECORDS + ")" : ""));
            return failed > 0 ? Main.EXIT_PROBLEMS : 0;
        } catch (RunFolderException e) {
            err.println("eibench: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
    }

    private void answer(Benchmark bench, List<Sample> selected, int alreadyDone, RunFolder folder, PromptBook book)
            throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        VlmSpec vlmSpec = modelOptions.spec(parallel);
        try (VisionLanguageModel vlm = VisionLanguageModel.load(vlmSpec);
                VisionLanguageModel text = textModel == null ? null
                        : VisionLanguageModel.load(VlmSpec.builder().setModel(textModel)
                                .optGpuLayers(vlmSpec.gpuLayers()).optThreads(vlmSpec.threads())
                                .optParallel(parallel).build());
                GenerationService vlmService = vlm.service();
                GenerationService textService = text == null ? null : text.service()) {
            EvaluationRunner runner = new EvaluationRunner(new EvaluationRunner.Setup(book.mode(mode),
                    book.persona(persona), new ImageResolver(imagesRoots), vlmService, textService,
                    sampling().params(samplingOptions.seed(), samplingOptions.ignoreEos()), maxTokens,
                    samplingOptions.seed(), 2 * parallel));
            long tokensBefore = vlmService.generatedTokens();
            EvaluationRunner.Summary summary;
            try (ProgressReporter progress = new ProgressReporter(bench.id() + "/" + mode, selected.size(),
                    alreadyDone, () -> vlmService.generatedTokens() - tokensBefore
                            + (textService == null ? 0 : textService.generatedTokens()))) {
                summary = runner.run(selected, folder, progress);
            }
            err.println(summary.describe());
        }
    }

    /** The --persona default, which stands for the reference's persona sentence. */
    private String defaultPersona() {
        return spec.findOption("--persona").defaultValue();
    }

    /** The run's sampling: the reference's unless --sampling or an explicit value says otherwise. */
    private SamplingPreset sampling() {
        return samplingOptions.resolve("reference");
    }

    private RunManifest manifest(Benchmark bench, PromptBook book, Selection selection, DatasetIdentity dataset)
            throws IOException {
        List<ModelFile> models = new ArrayList<>();
        models.add(ModelFile.of("model", modelOptions.model()));
        if (modelOptions.mmproj() != null) {
            models.add(ModelFile.of("mmproj", modelOptions.mmproj()));
        }
        if (textModel != null) {
            models.add(ModelFile.of("text-model", textModel));
        }
        // only what changes the answers: parallelism, threads and GPU layers do not (each call has its own seed)
        Map<String, Object> parameters = new LinkedHashMap<>(sampling().describe());
        parameters.put("seeding", "per call, from --seed, the sample id, the step and the item");
        parameters.put("ignore_eos", samplingOptions.ignoreEos());
        parameters.put("max_tokens", maxTokens == 0 ? "per step" : maxTokens);
        var template = modelOptions.templateChoice();
        parameters.put("chat_template", template.name());
        parameters.put("chat_template_reason", template.reason());
        Map<String, String> build = NativeLibraries.get().buildInfo();
        return new RunManifest(ProjectVersion.current(), bench.id(), mode, persona,
                models, parameters, samplingOptions.seed(), build.get("llama.commit"), build.get("patch.hash"),
                book.fingerprint(), selection.withoutShard().describe(),
                selection.shard().map(Object::toString).orElse(null), dataset, null, null, null,
                Protocol.of(book.mode(mode), book.persona(persona), bench, defaultPersona()));
    }
}
