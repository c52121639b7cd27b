package org.eibench.engine.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;
import org.eibench.engine.judge.JudgeRequest;
import org.eibench.engine.judge.TextGenerator;
import org.eibench.models.vlm.GenerationService;
import org.eibench.engine.runner.RunnerException;
import org.eibench.models.vlm.GenerationRequest;
import org.eibench.models.vlm.SamplingParams;

/** The judge's model: every judge prompt of a round goes to the continuous-batching scheduler at once. */
public final class ScheduledTextGenerator implements TextGenerator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScheduledTextGenerator.class);

    private final GenerationService service;
    private final String modelName;
    private final IntConsumer onReply;

    /**
     * @param onReply called with the number of replies finished so far in the current round (for progress)
     */
    public ScheduledTextGenerator(GenerationService service, String modelName, IntConsumer onReply) {
        this.service = service;
        this.modelName = modelName;
        this.onReply = onReply;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public List<String> generate(List<JudgeRequest> requests) {
        List<CompletableFuture<String>> replies = new ArrayList<>(requests.size());
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        for (JudgeRequest r : requests) {
            var s = r.sampling();
            SamplingParams sampling = new SamplingParams((float) s.temperature(), (float) s.topP(), 0, r.seed(),
                    s.maxNewTokens(), s.grammar().orElse(null), false, List.of());
            replies.add(service.submit(GenerationRequest.chat(r.messages(), List.of(), sampling))
                    .handle((g, failure) -> {
                        onReply.accept(done.incrementAndGet());
                        if (failure != null) {
                            // e.g. a prompt longer than the judge's context: an empty reply counts as no score
                            LOG.warn("judge request failed, counted as a reply without a score: {}",
                                    failure.getMessage());
                            return "";
                        }
                        return g.text();
                    }));
        }
        List<String> out = new ArrayList<>(replies.size());
        for (CompletableFuture<String> f : replies) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                throw new RunnerException("the judge model failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunnerException("interrupted while judging", e);
            }
        }
        return out;
    }
}
