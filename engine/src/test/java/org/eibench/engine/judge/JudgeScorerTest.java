package org.eibench.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tests the attempt loop; the generator here is scaffolding that replays scripted replies per answer. */
class JudgeScorerTest {
    /** Replays, for each answer, its scripted replies in order; records every round of requests. */
    private static final class ScriptedGenerator implements TextGenerator {
        private final Map<String, Deque<String>> script = new HashMap<>();
        final List<List<JudgeRequest>> rounds = new ArrayList<>();

        ScriptedGenerator reply(String answer, String... replies) {
            script.put(answer, new ArrayDeque<>(List.of(replies)));
            return this;
        }

        @Override
        public String modelName() {
            return "scripted";
        }

        @Override
        public List<String> generate(List<JudgeRequest> requests) {
            rounds.add(requests);
            return requests.stream().map(r -> script.entrySet().stream()
                    .filter(e -> r.messages().get(1).content().contains("comprehension:\n" + e.getKey() + "."))
                    .findFirst().orElseThrow().getValue().pop()).toList();
        }
    }

    private static JudgeItem item(String id, String answer) {
        return new JudgeItem(id, "CAER-S/train/Happy/" + id + ".png", "Why?", answer, "1. Smile\n2. Gift");
    }

    /** a: scored at once; b: scored on its second attempt; c: never, after all five attempts of the policy. */
    private static ScriptedGenerator scoredFirstSecondAndNever() {
        return new ScriptedGenerator()
                .reply("answer-a", "{score: 2/2} both")
                .reply("answer-b", "no score here", "{Score: 1/2} capitalised, accepted like the scripts do")
                .reply("answer-c", "x1", "x2", "x3", "x4", "x5");
    }

    private static final List<JudgeItem> ITEMS_ABC =
            List.of(item("a", "answer-a"), item("b", "answer-b"), item("c", "answer-c"));

    @Test
    void progressCountsEachItemOnceWhenItIsSettled() {
        JudgeScorer scorer = new JudgeScorer(scoredFirstSecondAndNever(), JudgePrompt.load("basic"),
                JudgePolicy.load("reference"), 7);
        List<String> calls = new ArrayList<>();
        scorer.judge(ITEMS_ABC, (scored, unscored) -> calls.add(scored + "+" + unscored));

        // a in round 1, b in round 2, c only when its fifth and last attempt also lacks the marker
        assertEquals(List.of("1+0", "2+0", "2+1"), calls);
    }

    @Test
    void retriesOnlyRepliesWithoutTheMarkerAndKeepsItemOrder() {
        ScriptedGenerator gen = scoredFirstSecondAndNever();
        JudgeScorer scorer = new JudgeScorer(gen, JudgePrompt.load("basic"), JudgePolicy.load("reference"), 7);
        List<JudgeVerdict> v = scorer.judge(ITEMS_ABC);

        assertEquals(List.of(3, 2, 1, 1, 1), gen.rounds.stream().map(List::size).toList());
        assertEquals(List.of("a", "b", "c"), v.stream().map(x -> x.item().id()).toList());

        assertEquals("{score: 2/2} both", v.get(0).reply());
        assertEquals(1, v.get(0).attempts());
        assertEquals(new JudgeScore(JudgeScore.Status.VALID, 2, 2), v.get(0).score());

        assertEquals(2, v.get(1).attempts());
        assertFalse(v.get(1).exhausted());
        assertEquals(List.of("no score here"), v.get(1).rejectedReplies());
        assertEquals(JudgeScore.Status.NO_SCORE, v.get(1).score().status());

        assertTrue(v.get(2).exhausted());
        assertEquals("{score: 0/1}", v.get(2).reply());
        assertEquals(5, v.get(2).attempts());
        assertEquals(List.of("x1", "x2", "x3", "x4", "x5"), v.get(2).rejectedReplies());
        assertEquals(new JudgeLine("CAER-S/train/Happy/c.png", "{score: 0/1}", true), v.get(2).line());
    }

    @Test
    void everyDrawHasItsOwnSeedAndThePolicysSampling() {
        ScriptedGenerator gen = new ScriptedGenerator().reply("p", "a", "b", "{score: 1/1}").reply("q", "c", "{score: 0/2}");
        JudgePolicy policy = JudgePolicy.load("grammar");
        new JudgeScorer(gen, JudgePrompt.load("complex"), policy, 42).judge(List.of(item("p", "p"), item("q", "q")));
        Set<Long> seeds = new HashSet<>();
        int draws = 0;
        for (List<JudgeRequest> round : gen.rounds) {
            for (JudgeRequest r : round) {
                assertEquals(policy.sampling(), r.sampling());
                seeds.add(r.seed());
                draws++;
            }
        }
        assertEquals(5, draws);
        assertEquals(5, seeds.size());
        assertEquals(JudgeScorer.seedFor(42, 0, 1), gen.rounds.get(0).get(0).seed());
        assertNotEquals(JudgeScorer.seedFor(42, 0, 1), JudgeScorer.seedFor(43, 0, 1));
    }

    @Test
    void aGeneratorReturningTheWrongNumberOfRepliesIsAnError() {
        TextGenerator broken = new TextGenerator() {
            @Override
            public String modelName() {
                return "broken";
            }

            @Override
            public List<String> generate(List<JudgeRequest> requests) {
                return List.of();
            }
        };
        JudgeScorer scorer = new JudgeScorer(broken, JudgePrompt.load("basic"), JudgePolicy.load("reference"), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scorer.judge(List.of(item("a", "x"))));
        assertEquals("text generator broken returned 0 replies for 1 requests", e.getMessage());
    }
}
