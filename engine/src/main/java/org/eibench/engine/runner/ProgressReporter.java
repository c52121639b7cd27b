package org.eibench.engine.runner;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eibench.engine.run.SampleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress bar for a run: samples done of the total, failures, generated tokens per second and ETA.
 * On a terminal it redraws one line; without one (CI, a log file) it logs a line every 10 seconds.
 */
public final class ProgressReporter implements EvaluationRunner.Progress, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("eibench.progress");

    private final ProgressBar bar;
    private final LongSupplier generatedTokens;
    private final long startNanos = System.nanoTime();
    private int ok;
    private int failed;

    /**
     * @param generatedTokens tokens generated so far in this invocation
     */
    public ProgressReporter(String task, int total, int alreadyDone, LongSupplier generatedTokens) {
        this(task, total, alreadyDone, generatedTokens, System.console() == null ? LOG::info : null, 10_000);
    }

    /**
     * @param lines where each line goes when there is no terminal to redraw, or null for the terminal
     * @param lineIntervalMillis how often a line is written to {@code lines}
     */
    ProgressReporter(String task, int total, int alreadyDone, LongSupplier generatedTokens, Consumer<String> lines,
            int lineIntervalMillis) {
        this.generatedTokens = generatedTokens;
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" samples", 1).showSpeed(new java.text.DecimalFormat("0.00"))
                .setEtaFunction(state -> eta(state.getCurrent() - state.getStart(), state.getMax() - state.getCurrent()))
                .startsFrom(alreadyDone, Duration.ZERO);
        if (lines != null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(lines, 160)).setUpdateIntervalMillis(lineIntervalMillis);
        } else {
            builder.setUpdateIntervalMillis(500);
        }
        this.bar = builder.build();
    }

    private java.util.Optional<Duration> eta(long doneHere, long left) {
        if (doneHere <= 0) {
            return java.util.Optional.empty();
        }
        long elapsed = System.nanoTime() - startNanos;
        return java.util.Optional.of(Duration.ofNanos((long) ((double) elapsed / doneHere * left)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Samples finish on many threads, which may call this out of order (the thread that counted 12 before the
     * one that counted 11): the counts shown are the highest seen, so the last line agrees with the summary.
     */
    @Override
    public void sampleFinished(SampleRecord record, int ok, int failed) {
        step(ok, failed);
    }

    /**
     * One more sample done (answered, or judged in {@code eibench score --judge}); counts told out of order (by
     * concurrent workers) show the highest.
     *
     * @param ok samples done without a failure so far
     * @param failed samples that failed so far
     */
    public synchronized void step(int ok, int failed) {
        this.ok = Math.max(this.ok, ok);
        this.failed = Math.max(this.failed, failed);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        bar.setExtraMessage(String.format(Locale.ROOT, " | ok %d, failed %d, %.0f tok/s", this.ok, this.failed,
                generatedTokens.getAsLong() / Math.max(seconds, 1e-3)));
        bar.step();
    }

    /** The counts part of the line now shown. */
    synchronized String message() {
        return bar.getExtraMessage();
    }

    @Override
    public void close() {
        bar.close();
    }
}
