package org.eibench.engine.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.eibench.engine.dataset.DatasetException;
import org.eibench.engine.judge.JudgeJsonl;
import org.eibench.engine.judge.JudgePolicy;
import org.eibench.engine.metrics.LongTermCoherence;
import org.eibench.engine.metrics.SemanticCalibration;
import org.eibench.engine.metrics.SemanticRecall;
import org.eibench.engine.metrics.SemanticThreshold;
import org.eibench.engine.run.RecordsDigest;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.RunFolderLock;
import org.eibench.engine.runner.ProgressReporter;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.JudgeSection;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.Scores;
import org.eibench.engine.scores.ScoresWriter;
import org.eibench.engine.scores.SemanticSection;
import org.eibench.kernels.similarity.CosineKernel;
import org.eibench.kernels.similarity.CosineKernels;
import org.eibench.models.scorer.SentenceEncoder;
import org.eibench.models.scorer.SentenceEncoders;
import org.eibench.models.openai.OpenAiChatService;
import org.eibench.models.vlm.GenerationService;
import org.eibench.models.vlm.VisionLanguageModel;
import org.eibench.models.vlm.VlmSpec;

/**
 * One scoring of {@code eibench score} without the CLI: locks the run folder, pairs its answers with the ground
 * truth, runs the judge, semantic recall and coherence the {@link ScoreConfig} asks for, and writes scores.json,
 * samples.jsonl and (when judged) judge.jsonl.
 */
public final class Scoring {
    /** The judge's replies, in the reference's format. */
    public static final String JUDGE_FILE = "judge.jsonl";

    private Scoring() {}

    /**
     * What a scoring computed; a section is null when it was not asked for.
     *
     * @param scoresFile the scores.json written
     * @param samplesFile the per-sample file written
     * @param judgeFile judge.jsonl, when judged
     */
    public record Result(Scores scores, Path scoresFile, Path samplesFile, Optional<Path> judgeFile) {
        /** The judge's section, or null when not judged. */
        public JudgeSection judge() {
            return scores.judge();
        }

        /** Semantic recall's section, or null when not asked for. */
        public SemanticSection semantic() {
            return scores.semantic();
        }

        /** Coherence's section, or null when not asked for. */
        public CoherenceSection coherence() {
            return scores.coherence();
        }
    }

    /** A run that has not finished every sample, scored without {@link ScoreConfig#partial}. */
    public static final class UnfinishedRunException extends Exception {
        private static final long serialVersionUID = 1L;

        UnfinishedRunException(String message) {
            super(message);
        }
    }

    /** Scores {@code config} without telling anyone how it goes. */
    public static Result score(ScoreConfig config) throws IOException, InterruptedException, DatasetException,
            RunFolderException, UnfinishedRunException {
        return score(config, note -> { });
    }

    /**
     * Scores {@code config}.
     *
     * @param notes told what is scored and where the judge's replies went, as it happens
     * @throws RunFolderException when the folder is not a folder, is locked, or its run.json is unusable
     * @throws DatasetException when the annotation files have problems
     * @throws UnfinishedRunException when the run is unfinished and {@link ScoreConfig#partial} is false
     * @throws org.eibench.engine.metrics.UncalibratedEncoderException when semantic recall is asked of an encoder
     *     without a calibration and without the user's τ (said before any model is loaded)
     */
    public static Result score(ScoreConfig config, Consumer<String> notes) throws IOException, InterruptedException,
            DatasetException, RunFolderException, UnfinishedRunException {
        Path runDir = config.runDir();
        if (!Files.isDirectory(runDir)) {
            throw new RunFolderException(runDir + " is not a folder; give a run folder (made by eibench run)");
        }
        // locked while scoring: a run writing into the folder now would make these scores stale at once
        try (RunFolderLock lock = RunFolderLock.acquire(runDir, "eibench score")) {
            String unfinished = RunFolder.unfinished(runDir);
            if (unfinished != null && !config.partial()) {
                throw new UnfinishedRunException(unfinished + "; finish it (rerun the same eibench run command) or"
                        + " pass --partial to score the answers it has");
            }
            return scoreLocked(config, RecordsDigest.of(runDir), notes);
        }
    }

    private static Result scoreLocked(ScoreConfig config, RecordsDigest answers, Consumer<String> notes)
            throws IOException, InterruptedException, DatasetException, RunFolderException {
        Path runDir = config.runDir();
        // before the judge's hours: a threshold that does not belong to the encoder is refused at once
        Optional<ScoreConfig.Semantic> semantic = config.semantic();
        SemanticThreshold threshold = semantic.isEmpty() ? null : SemanticCalibration.thresholdFor(config.encoder(),
                semantic.get().tau(), semantic.get().calibration());
        ScoringInput input = ScoringInput.load(runDir, config.eibenchDir(), config.benchmark().orElse(null));
        RunScorer scorer = new RunScorer(input, config.statistics());
        notes.accept(String.format(Locale.ROOT, "scoring %d %s answers in %s", input.entries().size(),
                input.benchmark().id(), runDir));

        JudgeSection judged = null;
        Optional<Path> judgeFile = Optional.empty();
        if (config.judge().isPresent()) {
            judgeFile = Optional.of(runDir.resolve(JUDGE_FILE));
            judged = judge(scorer, config.judge().get(), judgeFile.get(), notes);
            notes.accept("judge replies: " + judgeFile.get());
        }
        SemanticSection semanticSection = null;
        CoherenceSection coherenceSection = null;
        if (semantic.isPresent() || config.coherence()) {
            try (SentenceEncoder encoder = SentenceEncoders.open(config.encoder())) {
                if (semantic.isPresent()) {
                    try (CosineKernel cosine = CosineKernels.byName(semantic.get().kernel())) {
                        semanticSection = scorer.semantic(new SemanticRecall(encoder, cosine, threshold.tau()),
                                encoder.name(), cosine.name(), threshold.source());
                    }
                }
                if (config.coherence()) {
                    coherenceSection = scorer.coherence(new LongTermCoherence(encoder), encoder.name(),
                            config.encoder());
                }
            }
        }
        var scores = scorer.assemble(RunIdentity.fromRunFolder(runDir), judged, semanticSection, coherenceSection,
                answers);
        ScoresWriter.write(runDir, scores, scorer.samples());
        return new Result(scores, runDir.resolve(Scores.FILE), runDir.resolve(scores.samplesFile()), judgeFile);
    }

    private static JudgeSection judge(RunScorer scorer, ScoreConfig.Judge judge, Path judgeFile,
            Consumer<String> notes) throws IOException, InterruptedException {
        JudgePolicy policy = JudgePolicy.load(judge.grammar() ? "grammar" : "reference");
        try (OpenedJudge opened = OpenedJudge.open(judge)) {
            GenerationService service = opened.service();
            var generator = new ScheduledTextGenerator(service, opened.name());
            RunScorer.JudgeOutcome outcome;
            // the run's bar: samples judged, those left without a score as failures, judge tok/s, ETA
            try (ProgressReporter progress = new ProgressReporter("judge", scorer.samples().size(), 0,
                    service::generatedTokens)) {
                outcome = scorer.judge(generator, policy, judge.seed(), progress::step);
            }
            if (opened.model() != null) { // a served judge's server keeps its own counts
                notes.accept(service.stats().work().describe("judge", service.parallelism()));
            }
            JudgeJsonl.write(judgeFile, outcome.verdicts().stream().map(v -> v.line()).toList());
            return outcome.section();
        }
    }

    /** The judge's generation service and the name scores.json records for it; closing frees both. */
    private record OpenedJudge(GenerationService service, String name, AutoCloseable model) implements AutoCloseable {
        // a served judge's replies can wait behind a long queue on a shared server
        private static final Duration SERVED_REQUEST_TIMEOUT = Duration.ofMinutes(10);

        static OpenedJudge open(ScoreConfig.Judge judge) throws IOException {
            if (judge.endpoint().isPresent()) {
                OpenAiChatService service = OpenAiChatService.connect(
                        judge.endpoint().get().withRequestTimeout(SERVED_REQUEST_TIMEOUT));
                return new OpenedJudge(service, service.servedModelId(), null);
            }
            VlmSpec spec = judge.model().orElseThrow();
            VisionLanguageModel model = VisionLanguageModel.load(spec);
            return new OpenedJudge(model.service(), spec.model().getFileName().toString(), model);
        }

        @Override
        public void close() throws IOException {
            try (AutoCloseable m = model) {
                service.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("closing the judge " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
