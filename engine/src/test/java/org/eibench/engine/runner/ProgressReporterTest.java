package org.eibench.engine.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.run.SampleRecord;
import org.junit.jupiter.api.Test;

/** Issue 11, minor: the last progress line said "ok 11" while the summary said 12. */
class ProgressReporterTest {
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
