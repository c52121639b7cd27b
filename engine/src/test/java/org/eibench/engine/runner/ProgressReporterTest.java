package org.eibench.engine.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.run.SampleRecord;
import org.junit.jupiter.api.Test;

/** The progress line as a log sees it (no terminal): done of total, failures, tokens per second, ETA. */
class ProgressReporterTest {
    @Test
    void aLineShowsDoneFailuresTokensPerSecondAndEta() throws InterruptedException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        AtomicLong tokens = new AtomicLong();
        try (ProgressReporter progress = new ProgressReporter("judge", 4, 0, tokens::get, lines::add, 50)) {
            tokens.set(40);
            progress.step(1, 0);
            tokens.set(90);
            progress.step(1, 1);
            Thread.sleep(200); // at least one timed line while work is left
        }
        assertFalse(lines.isEmpty(), "no line was written");
        String middle = lines.stream().filter(l -> l.contains("2/4")).findFirst()
                .orElseThrow(() -> new AssertionError("no line at 2/4: " + lines));
        assertTrue(middle.startsWith("judge "), middle);
        assertTrue(middle.contains("ok 1, failed 1"), middle);
        assertTrue(middle.matches(".*, \\d+ tok/s.*"), middle);
        assertTrue(middle.matches(".*\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d.*"), "elapsed / ETA (known once a sample is done): " + middle);
    }

    @Test
    void aResumedRunCountsFromWhatWasAlreadyDone() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (ProgressReporter progress = new ProgressReporter("basic/user", 10, 7, () -> 0, lines::add, 50)) {
            progress.step(8, 0);
        }
        assertTrue(lines.getLast().contains("8/10"), lines.toString());
        assertTrue(lines.getLast().contains("ok 8, failed 0"), lines.toString());
    }

    /** Issue 11, minor: the last progress line said "ok 11" while the summary said 12. */
    @Test
    void countsReportedOutOfOrderByTheSampleThreadsShowTheHighest() {
        Sample s = new Sample("a", 0, Benchmark.BASIC, "CAER-S/train/Happy/a.png", "q?", "1. x", List.of("x"), "happy");
        SampleRecord r = SampleRecord.failed(s, "user", "none", "e", SampleRecord.Failure.INPUT, List.of(), 1);
        try (ProgressReporter p = new ProgressReporter("basic/user", 14, 0, () -> 0)) {
            p.sampleFinished(r, 12, 2); // the thread that counted last reports first
            p.sampleFinished(r, 11, 2);
            assertTrue(p.message().contains("ok 12, failed 2"), p.message());
        }
    }
}
