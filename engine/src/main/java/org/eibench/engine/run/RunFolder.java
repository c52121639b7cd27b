package org.eibench.engine.run;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eibench.engine.dataset.Sample;
import org.eibench.models.vlm.WorkCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's output folder, safe against crashes and resumable.
 *
 * <pre>{@code
 * try (RunFolder run = RunFolder.open(out, manifest, RunFolder.Start.RESUME)) {
 *     for (Sample s : selected) {
 *         if (!run.isFinished(s.id())) run.append(runOne(s));
 *     }
 *     run.finish(selected);
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code records.jsonl} is the single source of truth: one fsync'd line per finished sample (see
 *       {@link RecordLog}); the finished ids are what a resumed run skips.
 *   <li>{@code predictions.jsonl} is derived from the records by {@link #finish}, in the reference format (see
 *       {@link Predictions}). It is deleted when a run (re)opens, so it never disagrees with the records.
 *   <li>{@code run.json} ({@link RunManifest}) is written atomically before the first record of a new run (not at
 *       open: a run whose models then fail to load must leave nothing that refuses the corrected command), at the
 *       open of a resumed run, and at finish.
 *   <li>{@code .eibench.lock} ({@link RunFolderLock}) is locked while the folder is open, so a second process on the
 *       same folder is refused instead of interleaving its records.
 * </ul>
 */
public final class RunFolder implements Closeable {
    public static final String RECORDS = "records.jsonl";
    public static final String PREDICTIONS = "predictions.jsonl";
    public static final String MANIFEST = "run.json";

    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Which failed samples of earlier invocations a resumed run answers again. */
    public enum Retry {
        /** None: a failed record is final. */
        NONE,
        /** Those that failed through no fault of their input ({@link SampleRecord#worthRetrying}). */
        BACKEND,
        /** Every failed sample. */
        ALL
    }

    /** What to do with an existing run in the folder. */
    public enum Start {
        /** Continue it when run.json matches, fail otherwise. */
        RESUME,
        /**
         * Move all its files (records, run.json and everything derived: scores, samples, judge replies, reports) aside
         * into {@code replaced-<UTC timestamp>/} inside the folder and start empty.
         */
        OVERWRITE
    }

    private final Path dir;
    private final RunFolderLock lock;
    private final RecordLog log;
    private final Retry retry;
    private RunManifest manifest;
    private boolean manifestWritten;

    private RunFolder(Path dir, RunFolderLock lock, RecordLog log, Retry retry, RunManifest manifest,
            boolean manifestWritten) {
        this.dir = dir;
        this.lock = lock;
        this.log = log;
        this.retry = retry;
        this.manifest = manifest;
        this.manifestWritten = manifestWritten;
    }

    /** {@link #open(Path, RunManifest, Start, Retry)} retrying the samples that failed by no fault of their input. */
    public static RunFolder open(Path dir, RunManifest manifest, Start start) throws IOException, RunFolderException {
        return open(dir, manifest, start, Retry.BACKEND);
    }

    /**
     * Opens and locks {@code dir} for the run described by {@code manifest} (its times and counts are ignored).
     *
     * @param retry which failed samples count as unfinished ({@link #isFinished})
     * @throws RunFolderException when another process has the folder open, the folder holds a different run (and
     *     {@code start} is RESUME) or damaged records; the message says what differs and suggests
     *     {@code --overwrite} or another {@code --out}
     */
    public static RunFolder open(Path dir, RunManifest manifest, Start start, Retry retry)
            throws IOException, RunFolderException {
        AtomicFiles.createFolder(dir, "--out");
        RunFolderLock lock = RunFolderLock.acquire(dir, "eibench run --benchmark " + manifest.benchmark() + " --mode "
                + manifest.mode() + " --persona " + manifest.persona());
        try {
            return openLocked(dir, lock, manifest, start, retry);
        } catch (IOException | RunFolderException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static RunFolder openLocked(Path dir, RunFolderLock lock, RunManifest manifest, Start start, Retry retry)
            throws IOException, RunFolderException {
        Path runJson = dir.resolve(MANIFEST);
        Path records = dir.resolve(RECORDS);
        if (start == Start.OVERWRITE) {
            moveAside(dir);
        }
        String startedAt = Instant.now().toString();
        boolean resumed = Files.exists(runJson);
        if (resumed) {
            RunManifest previous = readManifest(dir);
            List<String> differences = previous.differences(manifest);
            if (!differences.isEmpty()) {
                throw new RunFolderException(dir + " holds a different run:\n  " + String.join("\n  ", differences)
                        + "\nuse --overwrite to replace it (the old files are moved into a replaced-* subfolder), or"
                        + " choose another --out");
            }
            startedAt = previous.startedAt();
        } else if (Files.exists(records) && Files.size(records) > 0) {
            throw new RunFolderException(dir + " has " + RECORDS + " but no " + MANIFEST + ", so it cannot be"
                    + " resumed safely; use --overwrite or choose another --out");
        }
        RecordLog log = RecordLog.open(records);
        try {
            Files.deleteIfExists(dir.resolve(PREDICTIONS)); // derived; rewritten by finish()
            RunManifest current = manifest.withTimes(startedAt, null, null);
            if (resumed) {
                current = current.withWorkAdded(readManifest(dir).work()); // the earlier sessions' work stays counted
                writeManifest(dir, current); // no finish time: the run is unfinished until finish() again
            }
            if (!log.records().isEmpty()) {
                LOG.info("{}: resuming, {} sample(s) already finished", dir, log.records().size());
            }
            return new RunFolder(dir, lock, log, retry, current, resumed);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public RunManifest manifest() {
        return manifest;
    }

    /** Finished records (ok and failed) in the order they finished, by sample id. */
    public Map<String, SampleRecord> records() {
        return log.records();
    }

    /** The ids a resumed run skips. */
    public Set<String> finishedIds() {
        return log.records().values().stream().filter(r -> !retried(r)).map(SampleRecord::id)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Whether the sample has a record that this run keeps (an answer, or a failure the retry policy keeps). */
    public boolean isFinished(String sampleId) {
        SampleRecord r = log.records().get(sampleId);
        return r != null && !retried(r);
    }

    private boolean retried(SampleRecord r) {
        return !r.ok() && switch (retry) {
            case NONE -> false;
            case BACKEND -> r.worthRetrying();
            case ALL -> true;
        };
    }

    /**
     * Records one finished sample durably (fsync) before returning; the first record of a new run writes run.json
     * before it. Thread-safe.
     */
    public void append(SampleRecord record) throws IOException {
        ensureManifest();
        log.append(record);
    }

    private synchronized void ensureManifest() throws IOException {
        if (!manifestWritten) {
            writeManifest(dir, manifest);
            manifestWritten = true;
        }
    }

    /**
     * How the failed samples of {@code selection} failed, for the summary: {@code "2 by their input (e.g. …), 1 by
     * the backend (e.g. …)"}; empty when none failed.
     */
    public String describeFailures(List<Sample> selection) {
        Map<String, List<SampleRecord>> byCause = new java.util.TreeMap<>();
        for (Sample s : selection) {
            SampleRecord r = log.records().get(s.id());
            if (r != null && !r.ok()) {
                String cause = r.failure() == SampleRecord.Failure.INPUT ? "by their input (not retried unless --retry-failed all)"
                        : "by the backend (retried on resume unless --retry-failed none)";
                byCause.computeIfAbsent(cause, k -> new java.util.ArrayList<>()).add(r);
            }
        }
        return byCause.entrySet().stream()
                .map(e -> e.getValue().size() + " " + e.getKey() + ", e.g. " + e.getValue().getFirst().id() + ": "
                        + e.getValue().getFirst().error())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /**
     * Writes predictions.jsonl for {@code selection} (in its order) and run.json with the end time and counts.
     * May be called again after more samples finished.
     */
    /** Adds a session's work counts to run.json's (written at the next {@link #finish}). */
    public synchronized void addWork(WorkCounts work) {
        manifest = manifest.withWorkAdded(work);
    }

    public synchronized void finish(List<Sample> selection) throws IOException {
        Map<String, SampleRecord> records = log.records();
        Predictions.write(dir.resolve(PREDICTIONS), selection, records);
        int ok = 0;
        int failed = 0;
        for (Sample s : selection) {
            SampleRecord r = records.get(s.id());
            if (r != null) {
                if (r.ok()) {
                    ok++;
                } else {
                    failed++;
                }
            }
        }
        manifest = manifest.withTimes(manifest.startedAt(), Instant.now().toString(),
                new RunManifest.Counts(selection.size(), ok, failed));
        writeManifest(dir, manifest);
        manifestWritten = true;
    }

    /** Whether run.json says the run finished every selected sample (an answer or a kept failure each). */
    public static boolean isComplete(RunManifest manifest) {
        RunManifest.Counts c = manifest.counts();
        return manifest.finishedAt() != null && c != null && c.ok() + c.failed() >= c.selected();
    }

    /**
     * Why the run in {@code dir} is unfinished, as {@code "runs/x is an unfinished run: 8 of 60 samples have a
     * record"},
     * or null when it finished (or is not a run folder of eibench run: a hand-made predictions folder).
     */
    public static String unfinished(Path dir) throws IOException, RunFolderException {
        if (!Files.exists(dir.resolve(MANIFEST))) {
            return null;
        }
        RunManifest m = readManifest(dir);
        if (isComplete(m)) {
            return null;
        }
        int recorded = RecordLog.read(dir.resolve(RECORDS)).size();
        return dir + " is an unfinished run: " + recorded + (m.counts() == null || m.finishedAt() == null
                ? " sample(s) have a record and the run did not reach its end"
                : " of " + m.counts().selected() + " samples have a record");
    }

    @Override
    public void close() throws IOException {
        try {
            log.close();
        } finally {
            lock.close();
        }
    }

    /** Reads run.json of a folder. */
    public static RunManifest readManifest(Path dir) throws IOException, RunFolderException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.exists(file)) {
            throw new RunFolderException(dir + " has no " + MANIFEST + "; is it a run folder?");
        }
        try {
            return RecordLog.JSON.readValue(file.toFile(), RunManifest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RunFolderException(file + " is not a valid run manifest: " + e.getOriginalMessage());
        }
    }

    static void writeManifest(Path dir, RunManifest manifest) throws IOException {
        AtomicFiles.write(dir.resolve(MANIFEST),
                RecordLog.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest));
    }

    /** Moves every entry of the folder but the lock and earlier replaced-* folders aside; derived files too. */
    private static void moveAside(Path dir) throws IOException {
        List<Path> existing;
        try (var entries = Files.list(dir)) {
            existing = entries.filter(p -> !p.getFileName().toString().equals(RunFolderLock.FILE)
                    && !p.getFileName().toString().startsWith("replaced-")).sorted().toList();
        }
        if (existing.isEmpty()) {
            return;
        }
        Path aside = dir.resolve("replaced-" + STAMP.format(Instant.now()));
        for (int n = 2; Files.exists(aside); n++) {
            aside = dir.resolve("replaced-" + STAMP.format(Instant.now()) + "-" + n);
        }
        Files.createDirectories(aside);
        for (Path p : existing) {
            Files.move(p, aside.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        AtomicFiles.syncDirectory(dir);
        LOG.warn("--overwrite: moved the previous run's files into {}", aside);
    }
}
