package org.eibench.engine.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

    public ScheduledTextGenerator(GenerationService service, String modelName) {
        this.service = service;
        this.modelName = modelName;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public List<String> generate(List<JudgeRequest> requests) {
        return generate(requests, (index, reply) -> { });
    }

    /** Tells {@code listener} about each reply as the scheduler finishes it. */
    @Override
    public List<String> generate(List<JudgeRequest> requests, ReplyListener listener) {
        List<CompletableFuture<String>> replies = new ArrayList<>(requests.size());
        for (int index = 0; index < requests.size(); index++) {
            JudgeRequest r = requests.get(index);
            int requestIndex = index;
            var s = r.sampling();
            SamplingParams sampling = new SamplingParams((float) s.temperature(), (float) s.topP(), s.topK(), r.seed(),
                    s.maxNewTokens(), s.grammar().orElse(null), false, List.of());
            // one group for the whole pass: its prompts share the judge's instructions, decoded once at best
            replies.add(service.submit(GenerationRequest.chat(r.messages(), List.of(), sampling).withGroup("judge"))
                    .handle((g, failure) -> {
                        String reply = "";
                        if (failure != null) {
                            // e.g. a prompt longer than the judge's context: an empty reply counts as no score
                            LOG.warn("judge request failed, counted as a reply without a score: {}",
                                    failure.getMessage());
                        } else {
                            reply = g.text();
                        }
                        listener.replied(requestIndex, reply);
                        return reply;
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
