package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The vision stage's hand-over with a stand-in preparation (no model): order, the lookahead bound, a preparation that
 * throws, a thread that dies, and closing. Each result carries the request id in its failure message, so a test can
 * tell which request it answers.
 */
class VisionStageTest {
    private static GenerationRequest request(String id) {
        return GenerationRequest.raw("USER: hi\nASSISTANT:", List.of(), SamplingParams.greedy(1)).withId(id);
    }

    private static final Function<List<GenerationRequest>, List<PromptPreparer.Result>> ECHO = requests ->
            requests.stream().map(r -> new PromptPreparer.Result(null, new IllegalArgumentException(r.id()))).toList();

    private static List<String> take(VisionStage<String> stage, int count) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.size() < count && System.nanoTime() < deadline) {
            VisionStage.Ready<String> next = stage.poll();
            if (next == null) {
                stage.awaitReady(5);
                continue;
            }
            seen.add(next.tag() + "=" + next.result().failure().getMessage());
        }
        return seen;
    }

    @Test
    void resultsComeBackInSubmissionOrder() throws InterruptedException {
        try (VisionStage<String> stage = new VisionStage<>(ECHO, VisionStageTest::request, 3)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                stage.submit("r" + i);
                expected.add("r" + i + "=r" + i);
            }
            assertEquals(expected, take(stage, 20));
            assertNull(stage.poll());
        }
    }

    @Test
    void takeWaitsForTheNextResultInSubmissionOrder() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        try (VisionStage<String> stage = new VisionStage<>(requests -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ECHO.apply(requests);
        }, VisionStageTest::request, 4)) {
            stage.submit("a");
            stage.submit("b");
            List<String> taken = new ArrayList<>();
            Thread taker = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 2; i++) {
                        VisionStage.Ready<String> next = stage.take();
                        taken.add(next.tag() + "=" + next.result().failure().getMessage());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.sleep(200);
            assertTrue(taker.isAlive() && taken.isEmpty(), "take blocks while the preparation runs");
            release.countDown();
            taker.join(TimeUnit.SECONDS.toMillis(20));
            assertEquals(List.of("a=a", "b=b"), taken);
            assertNull(stage.poll());
        }
    }

    @Test
    void noMoreThanTheLookaheadIsPreparedAheadOfTheTaker() throws InterruptedException {
        AtomicInteger prepared = new AtomicInteger();
        try (VisionStage<String> stage = new VisionStage<>(requests -> {
            prepared.addAndGet(requests.size());
            return ECHO.apply(requests);
        }, VisionStageTest::request, 2)) {
            for (int i = 0; i < 6; i++) {
                stage.submit("r" + i);
            }
            Thread.sleep(300);
            assertEquals(2, prepared.get(), "two prepared, four waiting for room");
            assertEquals(List.of("r0=r0", "r1=r1", "r2=r2", "r3=r3", "r4=r4", "r5=r5"), take(stage, 6));
            assertEquals(6, prepared.get());
        }
    }

    @Test
    void aPreparationThatThrowsFailsItsGroupAndTheStageGoesOn() throws InterruptedException {
        try (VisionStage<String> stage = new VisionStage<>(requests -> {
            if (requests.stream().anyMatch(r -> r.id().equals("bad"))) {
                throw new IllegalStateException("boom");
            }
            return ECHO.apply(requests);
        }, VisionStageTest::request, 1)) {
            stage.submit("bad");
            stage.submit("good");
            assertEquals(List.of("bad=boom", "good=good"), take(stage, 2));
        }
    }

    @Test
    void aDeadThreadFailsEveryWaitingAndLaterRequestInsteadOfHanging() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (VisionStage<String> stage = new VisionStage<>(requests -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new OutOfMemoryError("simulated");
        }, VisionStageTest::request, 1)) {
            stage.submit("first");
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            stage.submit("waiting");
            release.countDown();
            List<String> answers = take(stage, 2);
            assertEquals(2, answers.size(), answers.toString());
            answers.forEach(a -> assertTrue(a.contains("the vision stage stopped"), a));
            stage.submit("later");
            List<String> later = take(stage, 1);
            assertEquals(1, later.size(), "answered at once, not left waiting");
            assertTrue(later.getFirst().startsWith("later=the vision stage stopped"), later.toString());
        }
    }

    @Test
    void closingReturnsWhatWasNeverTaken() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        VisionStage<String> stage = new VisionStage<>(requests -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ECHO.apply(requests);
        }, VisionStageTest::request, 1);
        stage.submit("a");
        stage.submit("b");
        stage.submit("c");
        Thread.sleep(100);
        release.countDown();
        List<String> dropped = stage.closeAndDrain();
        assertEquals(List.of("a", "b", "c"), dropped.stream().sorted().toList());
    }
}
