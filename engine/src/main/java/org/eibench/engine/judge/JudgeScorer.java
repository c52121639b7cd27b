package org.eibench.engine.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the judge over answers: every pending item is asked in one {@link TextGenerator#generate} call per attempt
 * round, and items whose reply lacks the policy's marker go to the next round, up to {@code maxAttempts}.
 *
 * <p>This is the reference scripts' retry loop, batched: their per-item loop and this per-round loop draw the same
 * number of replies per item.
 */
public final class JudgeScorer {
    private static final Logger LOG = LoggerFactory.getLogger(JudgeScorer.class);

    private final TextGenerator generator;
    private final JudgePrompt prompt;
    private final JudgePolicy policy;
    private final long seed;

    /**
     * @param seed base seed; item {@code i}'s attempt {@code a} samples with {@link #seedFor(long, int, int)}
     */
    public JudgeScorer(TextGenerator generator, JudgePrompt prompt, JudgePolicy policy, long seed) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.seed = seed;
    }

    /** The seed of one draw: distinct per item and attempt so that a retry is a new sample, and reproducible. */
    public static long seedFor(long baseSeed, int itemIndex, int attempt) {
        return baseSeed + 0x9E3779B97F4A7C15L * itemIndex + 0xBF58476D1CE4E5B9L * attempt;
    }

    /** Judges the items; the verdicts come back in item order. */
    public List<JudgeVerdict> judge(List<JudgeItem> items) {
        return judge(items, (scored, unscored) -> { });
    }

    /**
     * Told as each item is settled: its reply has the policy's marker, or its last attempt did not. Called from the
     * generator's threads, one call at a time.
     */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param scored items settled with a scored reply so far
         * @param unscored items settled without one (every attempt lacked the marker) so far
         */
        void settled(int scored, int unscored);
    }

    /** Judges the items, telling {@code progress} as each one is settled; the verdicts come back in item order. */
    public List<JudgeVerdict> judge(List<JudgeItem> items, Progress progress) {
        Tally tally = new Tally(Objects.requireNonNull(progress, "progress"));
        List<List<String>> rejected = new ArrayList<>();
        JudgeVerdict[] verdicts = new JudgeVerdict[items.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            rejected.add(new ArrayList<>());
            pending.add(i);
        }
        for (int attempt = 1; attempt <= policy.maxAttempts() && !pending.isEmpty(); attempt++) {
            List<JudgeRequest> requests = new ArrayList<>(pending.size());
            for (int i : pending) {
                JudgeItem item = items.get(i);
                requests.add(new JudgeRequest(prompt.messages(item.answer(), item.groundTruth()), policy.sampling(),
                        seedFor(seed, i, attempt)));
            }
            boolean lastAttempt = attempt == policy.maxAttempts();
            List<String> replies = generator.generate(requests, (k, reply) -> {
                boolean accepted = reply != null && policy.accepts(reply);
                if (accepted || lastAttempt) {
                    tally.settle(accepted);
                }
            });
            if (replies.size() != requests.size()) {
                throw new IllegalStateException("text generator " + generator.modelName() + " returned "
                        + replies.size() + " replies for " + requests.size() + " requests");
            }
            List<Integer> next = new ArrayList<>();
            for (int k = 0; k < pending.size(); k++) {
                int i = pending.get(k);
                String reply = Objects.requireNonNull(replies.get(k), "reply " + k);
                if (policy.accepts(reply)) {
                    verdicts[i] = new JudgeVerdict(items.get(i), reply, attempt, false, rejected.get(i),
                            JudgeScore.parse(reply));
                } else {
                    rejected.get(i).add(reply);
                    next.add(i);
                }
            }
            if (!next.isEmpty()) {
                LOG.info("judge attempt {}: {} of {} replies lack \"{}\"", attempt, next.size(), pending.size(),
                        policy.requiredMarker());
            }
            pending = next;
        }
        for (int i : pending) {
            verdicts[i] = new JudgeVerdict(items.get(i), policy.fallbackReply(), policy.maxAttempts(), true,
                    rejected.get(i), JudgeScore.parse(policy.fallbackReply()));
        }
        return List.of(verdicts);
    }

    /** Counts settled items for {@link Progress}; replies arrive on the generator's threads. */
    private static final class Tally {
        private final Progress progress;
        private int scored;
        private int unscored;

        Tally(Progress progress) {
            this.progress = progress;
        }

        synchronized void settle(boolean accepted) {
            if (accepted) {
                scored++;
            } else {
                unscored++;
            }
            progress.settled(scored, unscored);
        }
    }
}
