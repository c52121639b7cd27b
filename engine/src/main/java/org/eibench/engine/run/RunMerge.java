package org.eibench.engine.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eibench.engine.dataset.Sample;

/**
 * Joins the run folders of shards ({@code --shard K/N}) into one run folder.
 *
 * <p>It checks three things before writing anything. The shards describe the same run: run.json agrees on
 * everything but the shard. Every selected sample is in exactly one shard. No shard holds a sample outside
 * the selection. The merged folder gets records.jsonl in benchmark order, predictions.jsonl and run.json. The
 * shard folders are only read.
 */
public final class RunMerge {
    private static final int LISTED = 20;

    private RunMerge() {}

    /**
     * Merges {@code shardDirs} into {@code out}.
     *
     * @param selection the samples the shards together must cover, in benchmark order (the selection without
     *     its shard)
     * @return the merged manifest
     * @throws MergeException listing every missing, doubled and unknown sample, or the manifest differences
     */
    public static RunManifest merge(Path out, List<Path> shardDirs, List<Sample> selection)
            throws IOException, RunFolderException {
        if (shardDirs.isEmpty()) {
            throw new RunFolderException("merge needs at least one shard folder");
        }
        AtomicFiles.createFolder(out, "--out");
        try (RunFolderLock lock = RunFolderLock.acquire(out, "eibench merge")) {
            return mergeLocked(out, shardDirs, selection);
        }
    }

    private static RunManifest mergeLocked(Path out, List<Path> shardDirs, List<Sample> selection)
            throws IOException, RunFolderException {
        if (Files.exists(out.resolve(RunFolder.MANIFEST)) || Files.exists(out.resolve(RunFolder.RECORDS))) {
            throw new RunFolderException(out + " already holds a run; merge into a new folder");
        }
        List<RunManifest> manifests = new ArrayList<>();
        Map<String, SampleRecord> merged = new LinkedHashMap<>();
        Map<String, List<Path>> owners = new LinkedHashMap<>();
        for (Path dir : shardDirs) {
            manifests.add(RunFolder.readManifest(dir));
            RecordLog.read(dir.resolve(RunFolder.RECORDS)).forEach((id, record) -> {
                merged.putIfAbsent(id, record);
                owners.computeIfAbsent(id, k -> new ArrayList<>()).add(dir);
            });
        }
        RunManifest first = manifests.getFirst().withShard(null);
        List<String> differences = new ArrayList<>();
        for (int i = 1; i < manifests.size(); i++) {
            for (String d : first.differences(manifests.get(i).withShard(null))) {
                differences.add(shardDirs.get(i) + " vs " + shardDirs.getFirst() + ": " + d);
            }
        }
        if (!differences.isEmpty()) {
            throw new MergeException("the shards are not parts of one run:\n  " + String.join("\n  ", differences),
                    List.of(), List.of(), List.of());
        }
        Set<String> selected = selection.stream().map(Sample::id).collect(Collectors.toSet());
        List<String> missing = selection.stream().map(Sample::id).filter(id -> !owners.containsKey(id)).toList();
        List<String> doubled = owners.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " (in " + e.getValue().stream().map(Path::toString)
                        .collect(Collectors.joining(", ")) + ")")
                .toList();
        List<String> unknown = owners.keySet().stream().filter(id -> !selected.contains(id)).toList();
        if (!missing.isEmpty() || !doubled.isEmpty() || !unknown.isEmpty()) {
            StringBuilder msg = new StringBuilder("the shards do not add up to the selection (" + selection.size()
                    + " samples, " + first.selection() + "):");
            section(msg, "missing (no shard has them; run the missing shard or resume it)", missing);
            section(msg, "doubled (in more than one shard; were the shards run with different --shard N?)", doubled);
            section(msg, "not in the selection (was merge given the same --eibench/--limit/--category/--ids?)",
                    unknown);
            throw new MergeException(msg.toString(), missing, doubled, unknown);
        }
        StringBuilder records = new StringBuilder();
        for (Sample s : selection) {
            records.append(RecordLog.JSON.writeValueAsString(merged.get(s.id()))).append('\n');
        }
        AtomicFiles.write(out.resolve(RunFolder.RECORDS), records.toString().getBytes(StandardCharsets.UTF_8));
        Predictions.write(out.resolve(RunFolder.PREDICTIONS), selection, merged);
        int ok = (int) merged.values().stream().filter(SampleRecord::ok).count();
        String startedAt = manifests.stream().map(RunManifest::startedAt).filter(t -> t != null)
                .min(Comparator.naturalOrder()).orElse(null);
        String finishedAt = manifests.stream().map(RunManifest::finishedAt).filter(t -> t != null)
                .max(Comparator.naturalOrder()).orElse(null);
        RunManifest result = first.withTimes(startedAt, finishedAt,
                new RunManifest.Counts(selection.size(), ok, merged.size() - ok));
        RunFolder.writeManifest(out, result);
        return result;
    }

    private static void section(StringBuilder msg, String title, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        msg.append("\n  ").append(ids.size()).append(' ').append(title).append(':');
        ids.stream().limit(LISTED).forEach(id -> msg.append("\n    ").append(id));
        if (ids.size() > LISTED) {
            msg.append("\n    … and ").append(ids.size() - LISTED).append(" more");
        }
    }
}
