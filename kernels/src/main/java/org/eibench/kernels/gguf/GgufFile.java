package org.eibench.kernels.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The header of a GGUF file: its metadata key/values and tensor infos, read in pure Java and validated (no
 * tensor data is loaded). Immutable and thread-safe.
 *
 * <pre>{@code
 * GgufFile gguf = GgufFile.read(Path.of("model.gguf"));
 * String arch = gguf.architecture();                       // "llama", "clip", ...
 * long ctx = gguf.getUInt(arch + ".context_length").orElse(0);
 * }</pre>
 *
 * <p>Integers of every width are returned as {@code Long}, floats as {@code Double}. A {@code UINT64} above
 * {@code Long.MAX_VALUE} comes back negative (two's complement); {@link #getUInt} refuses it.
 */
public final class GgufFile {
    public static final String KEY_ARCHITECTURE = "general.architecture";
    public static final String KEY_ALIGNMENT = "general.alignment";
    public static final String KEY_CHAT_TEMPLATE = "tokenizer.chat_template";

    private final Path path;
    private final int version;
    private final long fileSize;
    private final long alignment;
    private final long dataOffset;
    private final Map<String, Object> metadata;
    private final Map<String, GgufValueType> types;
    private final List<GgufTensorInfo> tensors;

    GgufFile(Path path, int version, long fileSize, long alignment, long dataOffset, Map<String, Object> metadata,
            Map<String, GgufValueType> types, List<GgufTensorInfo> tensors) {
        this.path = path;
        this.version = version;
        this.fileSize = fileSize;
        this.alignment = alignment;
        this.dataOffset = dataOffset;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        this.tensors = List.copyOf(tensors);
    }

    /**
     * Reads and validates the header of a GGUF file.
     *
     * @throws MalformedGgufException when the file is not a well-formed GGUF file (names the offset and problem)
     * @throws IOException when the file cannot be read
     */
    public static GgufFile read(Path path) throws IOException, MalformedGgufException {
        Objects.requireNonNull(path, "path");
        // a run reads a header for its template choice and again in the load guard: the second read is free
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        FileIdentity identity = new FileIdentity(path.toAbsolutePath().normalize(), attributes.fileKey(),
                attributes.size(), attributes.lastModifiedTime().toInstant());
        synchronized (RECENT) {
            GgufFile cached = RECENT.get(identity);
            if (cached != null) {
                return cached;
            }
        }
        GgufFile parsed = GgufReader.read(path);
        synchronized (RECENT) {
            RECENT.put(identity, parsed);
        }
        return parsed;
    }

    /** A file as it is now: the same path with another size, time or inode is another file. */
    private record FileIdentity(Path path, Object fileKey, long size, java.time.Instant modified) {}

    /** The last few headers read (a model and its mmproj, a judge), least recently used evicted. */
    private static final Map<FileIdentity, GgufFile> RECENT = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FileIdentity, GgufFile> eldest) {
            return size() > 4;
        }
    };

    /** How many headers {@link #read} has parsed in this JVM (a file unchanged since its last read is not reparsed). */
    public static long parseCount() {
        return GgufReader.PARSES.get();
    }

    public Path path() {
        return path;
    }

    /** The GGUF format version (2 or 3). */
    public int version() {
        return version;
    }

    public long fileSize() {
        return fileSize;
    }

    /** The alignment of tensor data ({@code general.alignment}, default 32). */
    public long alignment() {
        return alignment;
    }

    /** The absolute file offset where tensor data begin. */
    public long dataOffset() {
        return dataOffset;
    }

    /** Every metadata key/value, in file order. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The metadata keys in file order. */
    public Set<String> keys() {
        return metadata.keySet();
    }

    /** The stored type of a key, if present. */
    public Optional<GgufValueType> type(String key) {
        return Optional.ofNullable(types.get(key));
    }

    public List<GgufTensorInfo> tensors() {
        return tensors;
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The raw value of a key (Long, Double, Boolean, String or {@link GgufArray}), if present. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** A string value; empty when the key is absent or not a string. */
    public Optional<String> getString(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A non-negative integer value of any integer type; empty when absent, not an integer, or negative. */
    public OptionalLong getUInt(String key) {
        GgufValueType t = types.get(key);
        if (t != null && t.isInteger() && metadata.get(key) instanceof Long v && v >= 0) {
            return OptionalLong.of(v);
        }
        return OptionalLong.empty();
    }

    /** A signed integer value of any integer type; empty when absent or not an integer. */
    public OptionalLong getInt(String key) {
        GgufValueType t = types.get(key);
        return t != null && t.isInteger() ? OptionalLong.of((Long) metadata.get(key)) : OptionalLong.empty();
    }

    /** A floating-point value (FLOAT32 or FLOAT64); empty when absent or not a float. */
    public OptionalDouble getFloat(String key) {
        return metadata.get(key) instanceof Double d ? OptionalDouble.of(d) : OptionalDouble.empty();
    }

    /** A boolean value; empty when absent or not a boolean. */
    public Optional<Boolean> getBool(String key) {
        return metadata.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    /** An array value; empty when absent or not an array. */
    public Optional<GgufArray> getArray(String key) {
        return metadata.get(key) instanceof GgufArray a ? Optional.of(a) : Optional.empty();
    }

    /** {@code general.architecture}, or {@code "unknown"} when the file does not say. */
    public String architecture() {
        return getString(KEY_ARCHITECTURE).orElse("unknown");
    }

    /** {@code tokenizer.chat_template}, if the file carries one. */
    public Optional<String> chatTemplate() {
        return getString(KEY_CHAT_TEMPLATE);
    }

    /** The number of parameters: the sum of the element counts of all tensors. */
    public long parameterCount() {
        return tensors.stream().mapToLong(GgufTensorInfo::elementCount).sum();
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version + ", " + architecture() + ", " + metadata.size() + " keys, "
                + tensors.size() + " tensors]";
    }

    /** A value rendered for people: long strings cut, arrays shortened to their first elements. */
    public static String abbreviate(Object value, int maxChars) {
        String s = value instanceof GgufArray a ? a.abbreviated(5) : value instanceof String str ? quote(str) : String.valueOf(value);
        return s.length() <= maxChars ? s : s.substring(0, Math.max(0, maxChars - 3)) + "...";
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"';
    }
}
