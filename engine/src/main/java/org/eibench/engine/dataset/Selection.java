package org.eibench.engine.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which samples of a benchmark a run covers: {@code --ids FILE}, {@code --category c1,c2}, {@code --limit K},
 * {@code --shard K/N}, applied in that order.
 *
 * <p>The shard is applied last so that shards 1..N of a selection together hold exactly that selection (what
 * {@code eibench merge} checks). Shard membership depends only on a SHA-256 hash of the sample id, so it does
 * not change with file order or with the other filters.
 *
 * @param ids only these sample ids (empty: all)
 * @param categories only these categories (empty: all)
 * @param limit at most this many samples, the first in file order
 * @param shard only this shard
 */
public record Selection(Set<String> ids, Set<String> categories, OptionalInt limit, Optional<Shard> shard) {
    /** Everything. */
    public static final Selection ALL = new Selection(Set.of(), Set.of(), OptionalInt.empty(), Optional.empty());

    public Selection {
        ids = Set.copyOf(ids);
        categories = Set.copyOf(categories);
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(shard, "shard");
        if (limit.isPresent() && limit.getAsInt() < 0) {
            throw new IllegalArgumentException("--limit must be 0 or more, got " + limit.getAsInt());
        }
    }

    public Selection withIds(Collection<String> newIds) {
        return new Selection(Set.copyOf(newIds), categories, limit, shard);
    }

    public Selection withCategories(Collection<String> newCategories) {
        return new Selection(ids, Set.copyOf(newCategories), limit, shard);
    }

    public Selection withLimit(int newLimit) {
        return new Selection(ids, categories, OptionalInt.of(newLimit), shard);
    }

    public Selection withShard(Shard newShard) {
        return new Selection(ids, categories, limit, Optional.of(newShard));
    }

    /** The same selection without its shard: what all shards together cover. */
    public Selection withoutShard() {
        return new Selection(ids, categories, limit, Optional.empty());
    }

    /**
     * A canonical one-line description without the shard, recorded in run.json so that {@code merge} can check
     * that every shard ran the same selection: {@code all}, or e.g. {@code categories=happy,sad limit=30
     * ids=12@sha256:ab12…}.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!ids.isEmpty()) {
            String joined = ids.stream().sorted().collect(Collectors.joining("\n"));
            parts.add("ids=" + ids.size() + "@sha256:" + java.util.HexFormat.of().formatHex(sha256(joined)).substring(0, 16));
        }
        if (!categories.isEmpty()) {
            parts.add("categories=" + categories.stream().sorted().collect(Collectors.joining(",")));
        }
        limit.ifPresent(l -> parts.add("limit=" + l));
        return parts.isEmpty() ? "all" : String.join(" ", parts);
    }

    /**
     * Applies the selection.
     *
     * @throws IllegalArgumentException naming unknown ids or categories (a typo should not select nothing)
     */
    public List<Sample> apply(List<Sample> samples) {
        Set<String> knownIds = samples.stream().map(Sample::id).collect(Collectors.toSet());
        List<String> unknownIds = ids.stream().filter(id -> !knownIds.contains(id)).sorted().toList();
        if (!unknownIds.isEmpty()) {
            throw new IllegalArgumentException(unknownIds.size() + " id(s) from --ids are not in the benchmark: "
                    + String.join(", ", unknownIds.subList(0, Math.min(10, unknownIds.size())))
                    + (unknownIds.size() > 10 ? ", …" : ""));
        }
        Set<String> knownCategories = samples.stream().map(Sample::category).collect(Collectors.toSet());
        List<String> unknownCategories = categories.stream().filter(c -> !knownCategories.contains(c)).sorted().toList();
        if (!unknownCategories.isEmpty()) {
            throw new IllegalArgumentException("unknown --category " + unknownCategories + "; this benchmark has "
                    + knownCategories.stream().sorted().toList());
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if ((ids.isEmpty() || ids.contains(s.id())) && (categories.isEmpty() || categories.contains(s.category()))) {
                out.add(s);
            }
        }
        List<Sample> limited = limit.isPresent() ? out.subList(0, Math.min(limit.getAsInt(), out.size())) : out;
        return shard.map(sh -> limited.stream().filter(s -> sh.contains(s.id())).toList())
                .orElseGet(() -> List.copyOf(limited));
    }

    /**
     * Reads an ids file: one id per line (UTF-8, a leading byte-order mark ignored); blank lines and lines starting
     * with {@code #} are skipped.
     *
     * @throws IOException naming the file and what is wrong: missing, not a plain file, not UTF-8, or no id in it
     *     (an empty filter would silently select everything)
     */
    public static Set<String> readIds(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = InputFiles.readText(file, "the --ids file");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("the --ids file " + file + " does not exist; give a file with one sample id per"
                    + " line", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("the --ids file " + file + " is not valid UTF-8; re-save it as UTF-8", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a BOM (Windows editors) is not part of the first id
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String line : text.split("\\R")) {
            String id = line.strip();
            if (!id.isEmpty() && !id.startsWith("#")) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw new IOException("the --ids file " + file + " lists no sample id (only blank or # lines); give one"
                    + " id per line, or leave out --ids to run every sample");
        }
        return ids;
    }

    /** Parses {@code "happy,sad"} into categories. */
    public static Set<String> parseCategories(String commaSeparated) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : commaSeparated.split(",")) {
            if (!c.isBlank()) {
                out.add(c.strip());
            }
        }
        return out;
    }

    /**
     * Shard {@code index} (1-based) of {@code count}.
     *
     * @param index 1..count
     * @param count the number of shards, 1 or more
     */
    public record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("shard must be K/N with 1 <= K <= N, got " + index + "/" + count);
            }
        }

        /** Parses {@code "K/N"}. */
        public static Shard parse(String text) {
            String[] parts = text.strip().split("/");
            try {
                if (parts.length == 2) {
                    return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("--shard must look like K/N (e.g. 2/4), got '" + text + "'");
        }

        /** Whether the sample with this id belongs to this shard. */
        public boolean contains(String sampleId) {
            return Long.remainderUnsigned(stableHash(sampleId), count) == index - 1;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /** The first 8 bytes of SHA-256(id) as a long: stable across JVMs, platforms and releases. */
    static long stableHash(String id) {
        return ByteBuffer.wrap(sha256(id)).getLong();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
