package org.eibench.engine.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which data a run answers, by content: the SHA-256 of each annotation file of its benchmark and the count and
 * SHA-256 of the selected sample ids. Recorded in run.json, so that resuming (or scoring) on other files is refused.
 *
 * @param files annotation file name to hex SHA-256, sorted by name
 * @param samples selected samples (without the shard)
 * @param idsSha256 hex SHA-256 of the selected ids, sorted and joined with newlines
 */
public record DatasetIdentity(Map<String, String> files, int samples, String idsSha256) {
    public DatasetIdentity {
        files = files == null ? Map.of() : new TreeMap<>(files);
    }

    /** The annotation files each benchmark reads. */
    public static List<String> filesOf(Benchmark benchmark) {
        return switch (benchmark) {
            case BASIC -> List.of(EibenchDataset.BASIC_QUERIES, EibenchDataset.BASIC_GROUND_TRUTH);
            case COMPLEX -> List.of(EibenchDataset.COMPLEX);
        };
    }

    /**
     * Hashes the benchmark's annotation files in {@code eibenchDir} and the ids of {@code selection}.
     *
     * @param selection the selected samples without the shard (all shards of a run share this identity)
     */
    public static DatasetIdentity of(Path eibenchDir, Benchmark benchmark, List<Sample> selection) throws IOException {
        return new DatasetIdentity(fileHashes(eibenchDir, benchmark), selection.size(),
                sha256(selection.stream().map(Sample::id).sorted().collect(Collectors.joining("\n"))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** The SHA-256 of each annotation file of {@code benchmark} in {@code eibenchDir}, by file name. */
    public static Map<String, String> fileHashes(Path eibenchDir, Benchmark benchmark) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : filesOf(benchmark)) {
            files.put(name, sha256(InputFiles.readText(eibenchDir.resolve(name), "the annotation file")));
        }
        return files;
    }

    /**
     * The annotation files whose content differs from {@code current}, as {@code "user.jsonl (sha256 ab12… in
     * run.json, cd34… now)"}; empty when they agree.
     */
    public List<String> fileDifferences(Map<String, String> current) {
        return files.entrySet().stream()
                .filter(e -> !e.getValue().equals(current.get(e.getKey())))
                .map(e -> e.getKey() + " (sha256 " + abbreviate(e.getValue()) + " in run.json, "
                        + abbreviate(current.get(e.getKey())) + " now)")
                .toList();
    }

    private static String abbreviate(String hash) {
        return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length())) + "…";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
