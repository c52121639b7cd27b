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
 *   <li>{@code run.json} ({@link RunManifest}) is written atomically at open and at finish.
 * </ul>
 */
public final class RunFolder implements Closeable {
    public static final String RECORDS = "records.jsonl";
    public static final String PREDICTIONS = "predictions.jsonl";
    public static final String MANIFEST = "run.json";

    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What to do with an existing run in the folder. */
    public enum Start {
        /** Continue it when run.json matches, fail otherwise. */
        RESUME,
        /** Move its files aside into {@code replaced-<UTC timestamp>/} inside the folder and start empty. */
        OVERWRITE
    }

    private final Path dir;
    private final RecordLog log;
    private RunManifest manifest;

    private RunFolder(Path dir, RecordLog log, RunManifest manifest) {
        this.dir = dir;
        this.log = log;
        this.manifest = manifest;
    }

    /**
     * Opens {@code dir} for the run described by {@code manifest} (its times and counts are ignored).
     *
     * @throws RunFolderException when the folder holds a different run (and {@code start} is RESUME) or damaged
     *     records; the message says what differs and suggests {@code --overwrite} or another {@code --out}
     */
    public static RunFolder open(Path dir, RunManifest manifest, Start start) throws IOException, RunFolderException {
        AtomicFiles.createFolder(dir, "--out");
        Path runJson = dir.resolve(MANIFEST);
        Path records = dir.resolve(RECORDS);
        if (start == Start.OVERWRITE) {
            moveAside(dir);
        }
        String startedAt = Instant.now().toString();
        if (Files.exists(runJson)) {
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
            writeManifest(dir, current);
            if (!log.records().isEmpty()) {
                LOG.info("{}: resuming, {} sample(s) already finished", dir, log.records().size());
            }
            return new RunFolder(dir, log, current);
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
        return log.records().keySet();
    }

    public boolean isFinished(String sampleId) {
        return log.records().containsKey(sampleId);
    }

    /** Records one finished sample durably (fsync) before returning. Thread-safe. */
    public void append(SampleRecord record) throws IOException {
        log.append(record);
    }

    /**
     * Writes predictions.jsonl for {@code selection} (in its order) and run.json with the end time and counts.
     * May be called again after more samples finished.
     */
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
    }

    @Override
    public void close() throws IOException {
        log.close();
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

    private static void moveAside(Path dir) throws IOException {
        List<Path> existing = java.util.stream.Stream.of(MANIFEST, RECORDS, PREDICTIONS)
                .map(dir::resolve).filter(Files::exists).toList();
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
