package org.eibench.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.EibenchDataset;
import org.eibench.engine.dataset.Selection;
import org.eibench.engine.evaluation.Evaluation;
import org.eibench.engine.evaluation.LoadedModels;
import org.eibench.engine.evaluation.RunConfig;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.prompts.PromptBook;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunManifest;
import org.eibench.engine.runner.EvaluationRunner;
import org.eibench.kernels.llama.LlamaContext;
import org.eibench.models.json.JsonMappers;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;
import org.eibench.models.vlm.GenerationRequest;
import org.eibench.models.vlm.GenerationService;
import org.eibench.models.vlm.GenerationStats;
import org.eibench.models.vlm.PreparationTimes;
import org.eibench.models.vlm.ImageInput;
import org.eibench.models.vlm.SamplingParams;
import org.eibench.models.vlm.WorkCounts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eibench bench}: the end-to-end benchmark: a run's throughput, and where its time goes, per parallelism. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        header = "End-to-end throughput of a workload, per --parallel.",
        sortOptions = false,
        description = {
            "Time an EIBench workload end to end with the runner, once per --parallel",
            "value: samples/s, prompt and generated tokens/s, image encode ms per image,",
            "seconds in native calls vs Java, KV prefix reuse, peak memory.",
            "--max-tokens N --ignore-eos gives a fixed length (random-weight models).",
            "Model load time is excluded.",
            "",
            "Example (workload P1 of docs/performance.md):",
            "  eibench bench -m llama7b-f16.gguf --mmproj clip-l-336.gguf \\",
            "      --eibench EIBench/EIBench --images IMG --mode user --max-tokens 256 \\",
            "      --ignore-eos --parallel 16,32,64 --json p1.json",
            "",
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--eibench", required = true, paramLabel = "DIR", description = "EIBench annotation files.")
    Path eibenchDir;

    @Option(names = "--images", required = true, paramLabel = "ROOT", description = "Dataset root of the images.")
    Path imagesRoot;

    @Option(names = "--benchmark", paramLabel = "basic|complex", defaultValue = "basic",
            description = "Which EIBench part (default: ${DEFAULT-VALUE}).")
    String benchmark;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "user",
            description = "Mode to time (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--persona", paramLabel = "ID", defaultValue = "emotion-expert",
            description = "Persona (default: ${DEFAULT-VALUE}, the reference's prompt, as eibench run).")
    String persona;

    @Range(min = 1)
    @Option(names = "--limit", paramLabel = "K", description = "Only the first K samples.")
    Integer limit;

    @Range(min = 1, max = LlamaContext.MAX_SEQUENCES, why = ModelOptions.MAX_SEQUENCES_WHY)
    @Option(names = {"-np", "--parallel"}, paramLabel = "N[,N…]", split = ",", defaultValue = "1,4",
            description = "Parallel sequences to sweep (default: ${DEFAULT-VALUE}).")
    List<Integer> parallel;

    @Mixin
    SamplingOptions samplingOptions;

    @Range(min = 0, why = "0 = the steps' own")
    @Option(names = {"-n", "--max-tokens"}, paramLabel = "N", defaultValue = "0",
            description = "Token limit of every call; 0 = the steps' own (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Range(min = 0, why = "0 = none")
    @Option(names = "--warmup", paramLabel = "K", defaultValue = "0",
            description = {"Untimed warm-up requests before each timed run, together, each with its own noise image",
                "outside the workload and 8 generated tokens, as llama-server's side-by-side client sends one",
                "(default: ${DEFAULT-VALUE})."})
    int warmup;

    /**
     * The figures of one parallelism.
     *
     * @param parallel sequences decoded together
     * @param samples samples answered
     * @param failed samples that failed
     * @param wallSeconds wall time of the run (model loaded)
     * @param promptTokens prompt positions of all calls (text and image), reused ones included
     * @param generatedTokens tokens generated
     * @param imagesEncoded images run through the vision encoder
     * @param imageEncodeMsPerImage mean vision-encoder time per image
     * @param decodeCalls llama_decode calls of token batches
     * @param nativeSeconds time inside llama.cpp / libmtmd calls on the decode thread (the step loop's and admission's:
     *     image reading, mtmd_tokenize, encoding)
     * @param javaSeconds the rest of the decode thread's steps: the Java it runs (batch building, bookkeeping,
     *     callbacks, prompt rendering and checks at admission); waits for the prepare-ahead stage are not in it
     * @param peakRssMiB peak resident memory of this process
     * @param gpuMemoryMiB GPU memory in use at the end of the run (nvidia-smi), or null without one
     * @param prefixReuseHits calls that started from KV cells of a shared prompt prefix
     * @param reusedPositions prompt positions taken from such cells instead of being decoded
     * @param imageDecodes image encodings decoded into the LLM
     * @param imagesDecodedTogether those of them decoded in calls shared with other sequences' images
     * @param work the run's work counts (prompt positions decoded vs the minimum, images, decode batch fill)
     * @param phases where the decode thread's time went, and the prepare-ahead stage's
     */
    public record Figures(int parallel, int samples, int failed, double wallSeconds, long promptTokens,
            long generatedTokens, long imagesEncoded, double imageEncodeMsPerImage, long decodeCalls,
            double nativeSeconds, double javaSeconds, long peakRssMiB, Long gpuMemoryMiB, long prefixReuseHits,
            long reusedPositions, long imageDecodes, long imagesDecodedTogether, WorkCounts work, Phases phases) {
        double samplesPerSecond() {
            return samples / wallSeconds;
        }
    }

    /**
     * The decode thread's wall time by phase, in seconds: its steps are {@code decode + imageDecode + sample +
     * admission.seconds + loopJava}; outside them it waited for the prepare-ahead stage ({@code wait}) or for work, or
     * ran the scheduler's driver loop ({@code outsideSteps} = wall - steps - wait).
     *
     * @param steps scheduling steps run
     * @param stepSeconds all of the steps but their waits
     * @param decodeSeconds llama_decode of the token batches
     * @param imageDecodeSeconds image embeddings decoded into the KV cache
     * @param sampleSeconds the sampler chains
     * @param admission preparation of admitted requests on the decode thread
     * @param loopJavaSeconds the step loop's Java outside admission's preparation
     * @param waitSeconds waits for the prepare-ahead stage to hand over requests it had not finished
     * @param outsideStepsSeconds the rest of the wall
     * @param ahead the prepare-ahead stage's own thread (off the decode thread)
     * @param javaMicrosPerDecodeCall the decode thread's Java ({@code javaSeconds}) per llama_decode of a token batch
     * @param javaPercentOfWall the same as a share of the wall
     */
    public record Phases(long steps, double stepSeconds, double decodeSeconds, double imageDecodeSeconds,
            double sampleSeconds, Preparation admission, double loopJavaSeconds, double waitSeconds,
            double outsideStepsSeconds, Preparation ahead, double javaMicrosPerDecodeCall, double javaPercentOfWall) {
    }

    /**
     * Request preparation on one thread, in seconds ({@link PreparationTimes}).
     *
     * @param requests requests prepared
     * @param seconds all of it
     * @param imageReadSeconds image files read and decoded into bitmaps
     * @param tokenizeSeconds mtmd_tokenize (CLIP preprocessing and text tokenization)
     * @param encodeSeconds the vision encoder
     * @param javaSeconds the rest: prompt rendering, checks, sampler chains
     */
    public record Preparation(long requests, double seconds, double imageReadSeconds, double tokenizeSeconds,
            double encodeSeconds, double javaSeconds) {
        static Preparation of(PreparationTimes t) {
            return new Preparation(t.requests(), t.totalNanos() / 1e9, t.imageReadNanos() / 1e9,
                    t.tokenizeNanos() / 1e9, t.encodeNanos() / 1e9, t.javaNanos() / 1e9);
        }
    }

    /** The phases of a run, from the scheduler's counters before and after it and its wall time. */
    static Phases phases(GenerationStats before, GenerationStats after, double wallSeconds) {
        double step = (after.stepNanos() - before.stepNanos()) / 1e9;
        double wait = (after.waitNanos() - before.waitNanos()) / 1e9;
        double java = (after.javaNanos() - before.javaNanos()) / 1e9;
        long calls = after.decodeCalls() - before.decodeCalls();
        return new Phases(after.steps() - before.steps(), step, (after.decodeNanos() - before.decodeNanos()) / 1e9,
                (after.imageDecodeNanos() - before.imageDecodeNanos()) / 1e9,
                (after.sampleNanos() - before.sampleNanos()) / 1e9,
                Preparation.of(after.admission().minus(before.admission())),
                (after.loopJavaNanos() - before.loopJavaNanos()) / 1e9, wait, wallSeconds - step - wait,
                Preparation.of(after.ahead().minus(before.ahead())), calls == 0 ? 0 : 1e6 * java / calls,
                wallSeconds == 0 ? 0 : 100 * java / wallSeconds);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Benchmark bench = Benchmark.fromId(benchmark);
        PromptBook book = PromptBook.builtIn();
        Selection selection = limit == null ? Selection.ALL : Selection.ALL.withLimit(limit);
        List<Sample> allSamples = EibenchDataset.load(eibenchDir, bench);
        List<Sample> samples = selection.apply(allSamples);
        // one manifest for the sweep: parallelism is not part of it, and it hashes the model files
        RunManifest manifest = Evaluation.manifest(config(bench, selection, Path.of("unused"), parallel.get(0)), book,
                allSamples);
        List<Figures> all = new ArrayList<>();
        for (int n : parallel) {
            all.add(measure(book, manifest, config(bench, selection, Files.createTempDirectory("eibench-bench-"), n),
                    samples));
            print(out, all);
        }
        if (json != null) {
            JsonMappers.create(JsonMappers.Option.INDENT).writeValue(json.toFile(), Map.of(
                    "workload", Map.of("benchmark", bench.id(), "mode", mode, "persona", persona, "samples",
                            samples.size(), "maxTokens", maxTokens, "ignoreEos", samplingOptions.ignoreEos(),
                            "model", modelOptions.model().toString(), "prefixReuse", modelOptions.prefixReuse(),
                            "kvLayout", modelOptions.kvLayout().id()),
                    "results", all));
        }
        return 0;
    }

    /** The run this bench times at parallelism {@code n}, into {@code dir}. */
    private RunConfig config(Benchmark bench, Selection selection, Path dir, int n) throws IOException {
        return new RunConfig(bench, mode, persona, spec.findOption("--persona").defaultValue(), eibenchDir,
                List.of(imagesRoot), Optional.empty(), dir, modelOptions.spec(n), modelOptions.templateChoice(),
                Optional.empty(), samplingOptions.resolve("greedy"), samplingOptions.seed(),
                samplingOptions.ignoreEos(), maxTokens, selection, RunFolder.Start.RESUME, RunFolder.Retry.BACKEND);
    }

    private Figures measure(PromptBook book, RunManifest manifest, RunConfig config, List<Sample> samples)
            throws Exception {
        Path dir = config.out();
        int n = config.parallel();
        try (LoadedModels models = LoadedModels.load(config);
                RunFolder folder = RunFolder.open(dir, manifest, RunFolder.Start.RESUME)) {
            GenerationService service = models.vlmService();
            warmUp(service, warmup);
            EvaluationRunner runner = models.runner(config, book);
            GenerationStats before = service.stats();
            long promptBefore = service.promptTokens();
            EvaluationRunner.Summary summary = runner.run(samples, folder, null);
            GenerationStats after = service.stats();
            long encoded = after.imagesEncoded() - before.imagesEncoded();
            double wallSeconds = summary.elapsed().toNanos() / 1e9;
            return new Figures(n, summary.ok() + summary.failed(), summary.failed(),
                    wallSeconds, service.promptTokens() - promptBefore,
                    summary.generatedTokens(), encoded,
                    encoded == 0 ? 0 : (after.imageEncodeNanos() - before.imageEncodeNanos()) / 1e6 / encoded,
                    after.decodeCalls() - before.decodeCalls(), (after.nativeNanos() - before.nativeNanos()) / 1e9,
                    (after.javaNanos() - before.javaNanos()) / 1e9,
                    peakRssMiB(), gpuMemoryMiB(), after.prefixReuseHits() - before.prefixReuseHits(),
                    after.reusedPositions() - before.reusedPositions(),
                    after.imageDecodeCalls() - before.imageDecodeCalls(),
                    after.imagesDecodedTogether() - before.imagesDecodedTogether(), after.work().minus(before.work()),
                    phases(before, after, wallSeconds));
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Runs {@code count} requests of the workload's shape (a user turn with an image, 8 tokens) before the timed run,
     * so that the JIT compiles the decode loop and llama.cpp allocates its buffers outside it. Each has its own noise
     * image, so no timed image is in the encoding cache; their KV cells are left as any finished request's.
     */
    static void warmUp(GenerationService service, int count) throws Exception {
        List<java.util.concurrent.CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            GenerationRequest request = GenerationRequest.chat(
                    List.of(ChatMessage.user(ChatTemplate.MEDIA_MARKER + "\nDescribe the image.")),
                    List.of(ImageInput.of(NoisePng.rgb(336, 336, 4321 + i), "warm-up-" + i)),
                    SamplingParams.greedy(8).withIgnoreEos(true)).withId("warm-up-" + i).withImagesDone(true);
            pending.add(service.submit(request));
        }
        for (var future : pending) {
            future.get();
        }
    }

    private static void print(PrintWriter out, List<Figures> all) {
        out.println(String.format(Locale.ROOT, "%4s %7s %8s %9s %10s %10s %9s %9s %8s %9s %9s %10s %10s %8s", "N",
                "samples", "wall s", "samples/s", "prompt t/s", "gen t/s", "img ms", "native s", "java s", "RSS MiB",
                "GPU MiB", "reuse hits", "reused pos", "img decs"));
        for (Figures f : all) {
            out.println(String.format(Locale.ROOT,
                    "%4d %7d %8.2f %9.3f %10.1f %10.1f %9.1f %9.2f %8.2f %9d %9s %10d %10d %8d",
                    f.parallel(), f.samples(), f.wallSeconds(), f.samplesPerSecond(),
                    f.promptTokens() / f.wallSeconds(), f.generatedTokens() / f.wallSeconds(),
                    f.imageEncodeMsPerImage(), f.nativeSeconds(), f.javaSeconds(), f.peakRssMiB(),
                    f.gpuMemoryMiB() == null ? "n/a" : f.gpuMemoryMiB().toString(), f.prefixReuseHits(),
                    f.reusedPositions(), f.imageDecodes()));
        }
        Figures last = all.get(all.size() - 1);
        out.println(last.work().describe("N=" + last.parallel(), last.parallel()));
        out.println(describe(last.phases(), "N=" + last.parallel()));
        out.flush();
    }

    /** The phases line of bench's output. */
    static String describe(Phases p, String label) {
        Preparation adm = p.admission();
        String line = String.format(Locale.ROOT, "phases %s (decode thread, s): %d steps %.3f = llama_decode %.3f"
                + " + image decodes %.3f + sampling %.3f + admission %.3f (image read %.3f, mtmd_tokenize %.3f,"
                + " encode %.3f, Java %.3f) + step-loop Java %.3f; waits for the prepare-ahead stage %.3f, outside"
                + " steps %.3f; Java %.1f µs per decode call, %.2f %% of wall", label, p.steps(), p.stepSeconds(),
                p.decodeSeconds(), p.imageDecodeSeconds(), p.sampleSeconds(), adm.seconds(), adm.imageReadSeconds(),
                adm.tokenizeSeconds(), adm.encodeSeconds(), adm.javaSeconds(), p.loopJavaSeconds(), p.waitSeconds(),
                p.outsideStepsSeconds(), p.javaMicrosPerDecodeCall(), p.javaPercentOfWall());
        Preparation ahead = p.ahead();
        if (ahead.requests() > 0) {
            line += String.format(Locale.ROOT, "; prepare-ahead thread: %d requests %.3f (image read %.3f,"
                    + " mtmd_tokenize %.3f, encode %.3f, Java %.3f)", ahead.requests(), ahead.seconds(),
                    ahead.imageReadSeconds(), ahead.tokenizeSeconds(), ahead.encodeSeconds(), ahead.javaSeconds());
        }
        return line;
    }

    /** VmHWM of this process from /proc (Linux). */
    static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** GPU memory in use as nvidia-smi reports it, or null when there is no NVIDIA GPU. */
    static Long gpuMemoryMiB() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return text.lines().mapToLong(l -> Long.parseLong(l.strip())).sum();
        } catch (IOException | NumberFormatException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
