package org.eibench.engine.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.eibench.engine.RecordComponents;
import org.eibench.engine.dataset.ImageResolver;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.prompts.Mode;
import org.eibench.engine.prompts.ModeExecutor;
import org.eibench.engine.prompts.Persona;
import org.eibench.engine.prompts.Role;
import org.eibench.engine.prompts.Transcript;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.SampleRecord;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;
import org.eibench.models.vlm.Generation;
import org.eibench.models.vlm.GenerationRequest;
import org.eibench.models.vlm.GenerationService;
import org.eibench.models.vlm.ImageInput;
import org.eibench.models.vlm.SamplingParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every unfinished sample of a selection in one mode and persona, and appends one record per sample to the
 * run folder as soon as it finishes.
 *
 * <p>Each sample runs the mode's steps ({@link ModeExecutor}) on its own virtual thread, the items of a fan-out (CFSA's
 * questions) at once; every model call goes to the {@link GenerationService}, which decodes the calls of all samples in
 * flight together and lets calls on the same image share its KV prefix. Up to
 * {@code maxInFlight} samples run at once (twice the model's parallelism keeps every slot busy while a sample
 * moves between steps). Answers depend only on the sample: each call's seed is derived from the run seed, the sample
 * id and the step ({@link SeedMixer}).
 */
public final class EvaluationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRunner.class);

    /**
     * What the runner needs besides the samples.
     *
     * @param mode the mode's steps
     * @param persona the persona applied to every prompt
     * @param images resolves each sample's image under the dataset root
     * @param vlm the vision-language model's scheduler
     * @param textModel the scheduler of the separate text model for {@link Role#TEXT} steps, or null to use the VLM
     * @param sampling base sampling; each call gets its own seed and the step's token limit, at most this one's
     * @param maxTokensOverride a token limit for every step instead of the steps' own, or 0
     * @param runSeed the run seed
     * @param maxInFlight samples in progress at once
     */
    public record Setup(Mode mode, Persona persona, ImageResolver images, GenerationService vlm,
            GenerationService textModel, SamplingParams sampling, int maxTokensOverride, long runSeed,
            int maxInFlight) {
        public Setup {
            RecordComponents.requireNonNull("EvaluationRunner.Setup", "mode", mode, "persona", persona,
                    "images", images, "vlm", vlm, "sampling", sampling);
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be 1 or more");
            }
        }
    }

    /**
     * How a run went.
     *
     * @param selected samples in the selection
     * @param alreadyFinished samples skipped because the run folder had them
     * @param ok samples answered in this invocation
     * @param failed samples that failed in this invocation
     * @param elapsed wall time of this invocation
     * @param generatedTokens tokens generated in this invocation
     */
    public record Summary(int selected, int alreadyFinished, int ok, int failed, Duration elapsed,
            long generatedTokens) {
        public String describe() {
            double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
            int done = ok + failed;
            return String.format("%d of %d samples answered in %.1f s (ok %d, failed %d, %d already finished):"
                    + " %.2f samples/s, %.1f generated tok/s", done, selected, seconds, ok, failed, alreadyFinished,
                    done / seconds, generatedTokens / seconds);
        }
    }

    /** Receives progress: called after every finished sample, from the sample's thread. */
    public interface Progress {
        void sampleFinished(SampleRecord record, int ok, int failed);
    }

    /**
     * The user turn the reference LLaVA scripts build: the image token, a newline, then the prompt
     * ({@code DEFAULT_IMAGE_TOKEN + '\n' + inp} in EIBench's ec_*_llava.py); libmtmd's marker stands where the
     * reference writes {@code <image>}, so the text before and after it tokenizes as tokenizer_image_token's chunks.
     */
    static String userTurn(String prompt, boolean withImage) {
        return withImage ? ChatTemplate.MEDIA_MARKER + "\n" + prompt : prompt;
    }

    private final Setup setup;

    public EvaluationRunner(Setup setup) {
        this.setup = setup;
    }

    /** Answers the samples of {@code selection} that {@code folder} has not finished, and returns how it went. */
    public Summary run(List<Sample> selection, RunFolder folder, Progress progress) throws InterruptedException {
        List<Sample> todo = selection.stream().filter(s -> !folder.isFinished(s.id())).toList();
        int alreadyFinished = selection.size() - todo.size();
        if (alreadyFinished > 0) {
            LOG.info("{} of {} samples already finished in {}; answering the other {}", alreadyFinished,
                    selection.size(), folder.dir(), todo.size());
        }
        Instant start = Instant.now();
        long tokensBefore = setup.vlm().generatedTokens()
                + (setup.textModel() == null ? 0 : setup.textModel().generatedTokens());
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(setup.maxInFlight());
        List<Thread> threads = new ArrayList<>(todo.size());
        List<Throwable> fatal = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Sample sample : todo) {
            inFlight.acquire();
            if (!fatal.isEmpty()) {
                inFlight.release();
                break; // the run cannot go on (records cannot be written, or the model died): start no more samples
            }
            threads.add(Thread.ofVirtual().name("sample-" + sample.ordinal()).start(() -> {
                try {
                    SampleRecord record = answer(sample);
                    folder.append(record);
                    int nOk = record.ok() ? ok.incrementAndGet() : ok.get();
                    int nFailed = record.ok() ? failed.get() : failed.incrementAndGet();
                    if (progress != null) {
                        progress.sampleFinished(record, nOk, nFailed);
                    }
                } catch (IOException | RuntimeException e) {
                    fatal.add(e);
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!fatal.isEmpty()) {
            Throwable first = fatal.getFirst();
            String what = first instanceof RunnerException ? first.getMessage()
                    : "could not record a finished sample in " + folder.dir() + ": " + first.getMessage();
            throw new RunnerException(what + " (finished samples are kept; rerun the same command to resume)", first);
        }
        long tokens = setup.vlm().generatedTokens()
                + (setup.textModel() == null ? 0 : setup.textModel().generatedTokens()) - tokensBefore;
        return new Summary(selection.size(), alreadyFinished, ok.get(), failed.get(),
                Duration.between(start, Instant.now()), tokens);
    }

    /** Runs the mode for one sample; any failure becomes a failed record with the steps that did finish. */
    SampleRecord answer(Sample sample) {
        long start = System.nanoTime();
        String modeId = setup.mode().id();
        String personaId = setup.persona().id();
        Path image;
        switch (setup.images().resolve(sample.imageKey())) {
            case ImageResolver.Resolution.Found found -> image = found.path();
            case ImageResolver.Resolution.Missing missing -> {
                return SampleRecord.failed(sample, modeId, personaId, "image " + sample.imageKey() + ": "
                        + missing.reason(), SampleRecord.Failure.INPUT, List.of(), elapsedMillis(start));
            }
            case ImageResolver.Resolution.Rejected rejected -> {
                return SampleRecord.failed(sample, modeId, personaId, "image key rejected: " + rejected.reason(),
                        SampleRecord.Failure.INPUT, List.of(), elapsedMillis(start));
            }
        }
        try {
            Transcript transcript = ModeExecutor.run(setup.mode(), setup.persona(), sample.benchmark(),
                    sample.question(), call -> generate(sample, image, call), true);
            return SampleRecord.ok(sample, modeId, personaId, transcript, elapsedMillis(start));
        } catch (ModeExecutor.StepFailedException e) {
            deadModel().ifPresent(failure -> {
                // not this sample's fault: leave it unrecorded so that a rerun answers it
                throw new RunnerException("the model's decode thread stopped: " + failure.getMessage(), failure);
            });
            Throwable cause = e.getCause() instanceof ExecutionException ee && ee.getCause() != null
                    ? ee.getCause() : e.getCause();
            String why = "step " + e.step() + ": " + (cause == null ? e.getMessage() : cause.getMessage());
            return SampleRecord.failed(sample, modeId, personaId, why, failureOf(cause), e.completed(),
                    elapsedMillis(start));
        }
    }

    /**
     * Whose fault a step's failure was: the model layer reports a request's own faults (an image it cannot decode, a
     * prompt longer than a sequence) as IllegalArgumentException; anything else is the backend's.
     */
    static SampleRecord.Failure failureOf(Throwable cause) {
        return cause instanceof IllegalArgumentException ? SampleRecord.Failure.INPUT : SampleRecord.Failure.BACKEND;
    }

    private java.util.Optional<Throwable> deadModel() {
        return setup.vlm().failure().or(() -> setup.textModel() == null ? java.util.Optional.empty()
                : setup.textModel().failure());
    }

    private ModeExecutor.Generation generate(Sample sample, Path image, ModeExecutor.Call call) throws Exception {
        boolean useTextModel = call.role() == Role.TEXT && setup.textModel() != null;
        boolean withImage = call.image() && !useTextModel;
        List<ChatMessage> messages = new ArrayList<>(2);
        if (call.prompt().system() != null) {
            messages.add(ChatMessage.system(call.prompt().system()));
        }
        messages.add(ChatMessage.user(userTurn(call.prompt().user(), withImage)));
        int maxTokens = setup.maxTokensOverride() > 0 ? setup.maxTokensOverride()
                : Math.min(call.maxTokens(), setup.sampling().maxTokens());
        SamplingParams sampling = setup.sampling().withMaxTokens(maxTokens)
                .withSeed(SeedMixer.seedFor(setup.runSeed(), sample.id(), call.step(), call.item()));
        GenerationRequest request = GenerationRequest.chat(messages,
                withImage ? List.of(ImageInput.of(image)) : List.of(), sampling)
                .withId(sample.id() + "/" + call.step() + (call.item() > 0 ? "/" + call.item() : ""))
                .withGroup(sample.id())
                .withImagesDone(!call.imageLater());
        GenerationService service = useTextModel ? setup.textModel() : setup.vlm();
        String chatPrompt = service.renderPrompt(request)
                .replace(ChatTemplate.MEDIA_MARKER, ChatTemplate.REFERENCE_IMAGE_MARKER);
        Generation g = service.submit(request).get();
        return new ModeExecutor.Generation(g.text(), g.promptTokens(), g.generatedTokens(), chatPrompt);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
