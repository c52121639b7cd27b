package org.eibench.engine.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eibench.engine.dataset.DatasetException;
import org.eibench.engine.dataset.DatasetIdentity;
import org.eibench.engine.dataset.EibenchDataset;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.prompts.PromptBook;
import org.eibench.engine.prompts.Protocol;
import org.eibench.engine.run.ModelFile;
import org.eibench.engine.run.ProjectVersion;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.RunManifest;
import org.eibench.engine.runner.EvaluationRunner;
import org.eibench.engine.runner.ProgressReporter;
import org.eibench.kernels.llama.NativeLibraries;
import org.eibench.models.vlm.KvLayout;
import org.eibench.models.vlm.WorkCounts;

/**
 * One run of {@code eibench run} without the CLI: loads the dataset and the selection, opens (or resumes) the run folder
 * with a manifest derived from the {@link RunConfig}, answers what is not finished, and finishes the folder.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * What a run did.
     *
     * @param predictions the predictions file
     * @param selected samples the selection chose
     * @param failed selected samples whose record is a failure
     * @param failures the failures, summarised (empty when none)
     * @param answered what this invocation answered; empty when every sample was already finished
     */
    public record Result(Path predictions, int selected, long failed, String failures,
            Optional<EvaluationRunner.Summary> answered) {}

    /**
     * Runs {@code config}.
     *
     * @throws DatasetException when the annotation files have problems
     * @throws RunFolderException when the folder belongs to another run or cannot be used
     */
    public static Result run(RunConfig config)
            throws IOException, InterruptedException, DatasetException, RunFolderException {
        PromptBook book = PromptBook.load(config.promptsDir());
        book.mode(config.mode()); // an unknown mode or persona is said before the dataset is read
        book.persona(config.persona());
        List<Sample> samples = EibenchDataset.load(config.eibenchDir(), config.benchmark());
        List<Sample> selected = config.selection().apply(samples);
        RunManifest manifest = manifest(config, book, samples);
        try (RunFolder folder = RunFolder.open(config.out(), manifest, config.start(), config.retry())) {
            int done = (int) selected.stream().filter(s -> folder.isFinished(s.id())).count();
            Optional<EvaluationRunner.Summary> answered = Optional.empty();
            if (done < selected.size()) {
                answered = Optional.of(answer(config, book, selected, done, folder));
            }
            folder.finish(selected);
            long failed = selected.stream().map(s -> folder.records().get(s.id()))
                    .filter(r -> r != null && !r.ok()).count();
            return new Result(config.out().resolve(RunFolder.PREDICTIONS), selected.size(), failed,
                    failed > 0 ? folder.describeFailures(selected) : "", answered);
        }
    }

    private static EvaluationRunner.Summary answer(RunConfig config, PromptBook book, List<Sample> selected,
            int alreadyDone, RunFolder folder) throws IOException, InterruptedException {
        try (LoadedModels models = LoadedModels.load(config)) {
            EvaluationRunner runner = models.runner(config, book);
            long tokensBefore = models.generatedTokens();
            WorkCounts workBefore = models.work();
            try (ProgressReporter progress = new ProgressReporter(config.benchmark().id() + "/" + config.mode(),
                    selected.size(), alreadyDone, () -> models.generatedTokens() - tokensBefore)) {
                return runner.run(selected, folder, progress);
            } finally {
                if (workBefore != null) { // also when interrupted: what was computed for the finished samples counts
                    folder.addWork(models.work().minus(workBefore));
                }
            }
        }
    }

    /**
     * The manifest of {@code config} (run.json): the models' hashes and only the parameters that change the answers
     * (parallelism, threads and GPU layers do not: each call has its own seed).
     *
     * @param samples the benchmark's samples before selection (the dataset identity covers the unsharded selection)
     */
    public static RunManifest manifest(RunConfig config, PromptBook book, List<Sample> samples) throws IOException {
        List<ModelFile> models = new ArrayList<>();
        if (config.vlm() != null) {
            models.add(ModelFile.of("model", config.vlm().model()));
            if (config.vlm().mmproj() != null) {
                models.add(ModelFile.of("mmproj", config.vlm().mmproj()));
            }
        }
        if (config.textModel().isPresent()) {
            models.add(ModelFile.of("text-model", config.textModel().get()));
        }
        Map<String, Object> parameters = new LinkedHashMap<>(config.sampling().describe());
        parameters.put("seeding", "per call, from --seed, the sample id, the step and the item");
        parameters.put("ignore_eos", config.ignoreEos());
        parameters.put("max_tokens", config.maxTokens() == 0 ? "per step" : config.maxTokens());
        parameters.put("chat_template", config.chatTemplate().name());
        parameters.put("chat_template_reason", config.chatTemplate().reason());
        if (config.vlm() != null && config.vlm().kvLayout() != KvLayout.PER_SEQUENCE) {
            // the unified layout's answers can depend on the schedule; the default is left out so that manifests
            // written before the option still match
            parameters.put("kv_layout", config.vlm().kvLayout().id());
        }
        // an endpoint's server is known by its URL (no credentials: OpenAiEndpoint refuses them) and the model id it
        // lists in /models, which connecting checks equals the name sent; no local native library takes part
        config.endpoint().ifPresent(e -> {
            parameters.put(RunManifest.BACKEND, RunManifest.BACKEND_OPENAI);
            parameters.put(RunManifest.ENDPOINT, e.displayUrl());
            parameters.put(RunManifest.ENDPOINT_MODEL, e.model());
        });
        Map<String, String> build = config.endpoint().isPresent() ? Map.of() : NativeLibraries.get().buildInfo();
        var selection = config.selection();
        DatasetIdentity dataset = DatasetIdentity.of(config.eibenchDir(), config.benchmark(),
                selection.withoutShard().apply(samples));
        return new RunManifest(ProjectVersion.current(), config.benchmark().id(), config.mode(), config.persona(),
                models, parameters, config.seed(), build.get("llama.commit"), build.get("patch.hash"),
                book.fingerprint(), selection.withoutShard().describe(),
                selection.shard().map(Object::toString).orElse(null), dataset, null, null, null,
                Protocol.of(book.mode(config.mode()), book.persona(config.persona()), config.benchmark(),
                        config.referencePersona()));
    }
}
