package org.eibench.engine.evaluation;

import org.eibench.engine.dataset.ImageResolver;
import org.eibench.engine.prompts.PromptBook;
import org.eibench.engine.runner.EvaluationRunner;
import org.eibench.models.openai.OpenAiChatService;
import org.eibench.models.vlm.GenerationService;
import org.eibench.models.vlm.VisionLanguageModel;
import org.eibench.models.vlm.VlmSpec;
import org.eibench.models.vlm.WorkCounts;

/**
 * The models of a {@link RunConfig}, loaded, with their generation services (or the endpoint's service, with no local
 * model); the one place a run's runner is built. Closing stops the services, then frees the models.
 */
public final class LoadedModels implements AutoCloseable {
    private final VisionLanguageModel vlm;
    private final VisionLanguageModel text;
    private final GenerationService vlmService;
    private final GenerationService textService;

    private LoadedModels(VisionLanguageModel vlm, VisionLanguageModel text, GenerationService vlmService,
            GenerationService textService) {
        this.vlm = vlm;
        this.text = text;
        this.vlmService = vlmService;
        this.textService = textService;
    }

    /** Loads the VLM and the text model of {@code config} (the text model with the VLM's GPU layers and threads). */
    public static LoadedModels load(RunConfig config) {
        if (config.endpoint().isPresent()) {
            return new LoadedModels(null, null, OpenAiChatService.connect(config.endpoint().get()), null);
        }
        VlmSpec spec = config.vlm();
        VisionLanguageModel vlm = VisionLanguageModel.load(spec);
        VisionLanguageModel text = null;
        GenerationService vlmService = null;
        try {
            if (config.textModel().isPresent()) {
                text = VisionLanguageModel.load(VlmSpec.builder().setModel(config.textModel().get())
                        .optGpuLayers(spec.gpuLayers()).optThreads(spec.threads()).optParallel(spec.parallel())
                        .build());
            }
            vlmService = vlm.service();
            return new LoadedModels(vlm, text, vlmService, text == null ? null : text.service());
        } catch (RuntimeException | Error e) {
            closeAll(e, vlmService, text, vlm);
            throw e;
        }
    }

    /** A runner for {@code config}'s mode and persona from {@code book}, on these models. */
    public EvaluationRunner runner(RunConfig config, PromptBook book) {
        return new EvaluationRunner(new EvaluationRunner.Setup(book.mode(config.mode()), book.persona(config.persona()),
                new ImageResolver(config.imagesRoots()), vlmService, textService,
                config.sampling().params(config.seed(), config.ignoreEos()), config.maxTokens(), config.seed(),
                2 * config.parallel()));
    }

    /** The VLM's service. */
    public GenerationService vlmService() {
        return vlmService;
    }

    /**
     * What the embedded schedulers of both models computed so far, or null for a served model (its server keeps its own
     * counts).
     */
    public WorkCounts work() {
        if (vlm == null) {
            return null;
        }
        WorkCounts work = vlmService.stats().work();
        return textService == null ? work : work.plus(textService.stats().work());
    }

    /** Tokens generated so far by both models. */
    public long generatedTokens() {
        return vlmService.generatedTokens() + (textService == null ? 0 : textService.generatedTokens());
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {textService, vlmService, text, vlm}) {
            failure = closeQuietly(part, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeAll(Throwable primary, AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            RuntimeException e = closeQuietly(part, null);
            if (e != null) {
                primary.addSuppressed(e);
            }
        }
    }

    /** Closes {@code part}; a failure becomes {@code earlier}'s suppressed one, or the first. */
    private static RuntimeException closeQuietly(AutoCloseable part, RuntimeException earlier) {
        if (part == null) {
            return earlier;
        }
        try {
            part.close();
            return earlier;
        } catch (Exception e) {
            RuntimeException wrapped = e instanceof RuntimeException r ? r
                    : new IllegalStateException("closing " + part + " failed: " + e.getMessage(), e);
            if (earlier == null) {
                return wrapped;
            }
            earlier.addSuppressed(wrapped);
            return earlier;
        }
    }
}
