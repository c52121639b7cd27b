package org.eibench.kernels.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parses a GGUF file through a small window over a {@link FileChannel}. Every count and length read from the
 * file is checked against the bytes that remain before anything is allocated for it.
 */
final class GgufReader {
    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    /** ggml's GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;
    /** ggml's GGML_MAX_NAME: tensor names must be shorter. */
    static final int MAX_TENSOR_NAME = 64;
    /** Arrays of arrays deeper than this are refused (llama.cpp itself reads no nested arrays). */
    static final int MAX_ARRAY_DEPTH = 8;
    /** No legitimate metadata string comes near this; it keeps one string's buffer bounded. */
    static final long MAX_STRING_BYTES = 256L << 20;
    private static final int WINDOW = 1 << 16;

    /** Headers parsed in this JVM, for tests that check a file is read once per run. */
    static final AtomicLong PARSES = new AtomicLong();

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;
    private long position;

    private GgufReader(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.fileSize = channel.size();
        window.limit(0);
    }

    static GgufFile read(Path file) throws IOException, MalformedGgufException {
        PARSES.incrementAndGet();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new GgufReader(file, ch).parse();
        }
    }

    private GgufFile parse() throws IOException, MalformedGgufException {
        if (fileSize < 4) {
            throw malformed(0, "file is " + fileSize + " bytes, too short for the GGUF magic");
        }
        int magic = readI32();
        if (magic != MAGIC) {
            throw malformed(0, String.format("bad magic 0x%08x, expected \"GGUF\" (is this a GGUF file?)", magic));
        }
        long versionAt = position;
        long version = readU32();
        if ((version & 0xFFFF) == 0 && version != 0) {
            throw malformed(versionAt, "version " + version + " looks byte-swapped (big-endian file?)");
        }
        if (version != 2 && version != 3) {
            throw malformed(versionAt, "unsupported GGUF version " + version + " (this reader supports 2 and 3)");
        }
        long tensorCountAt = position;
        long tensorCount = readI64();
        long kvCountAt = position;
        long kvCount = readI64();
        // each tensor info takes at least name length (8) + n_dims (4) + type (4) + offset (8) bytes
        checkCount(tensorCountAt, "tensor count", tensorCount, 24);
        // each key-value pair takes at least key length (8) + type (4) + one byte of value
        checkCount(kvCountAt, "metadata key-value count", kvCount, 13);

        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, GgufValueType> types = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long keyAt = position;
            String key = readString("key of metadata entry " + i);
            if (key.isEmpty()) {
                throw malformed(keyAt, "metadata entry " + i + " has an empty key");
            }
            if (metadata.containsKey(key)) {
                throw malformed(keyAt, "duplicate metadata key '" + key + "'");
            }
            GgufValueType type = readType("value of '" + key + "'");
            metadata.put(key, readValue(type, key, 0));
            types.put(key, type);
        }

        long alignment = DEFAULT_ALIGNMENT;
        if (metadata.containsKey(GgufFile.KEY_ALIGNMENT)) {
            if (types.get(GgufFile.KEY_ALIGNMENT) != GgufValueType.UINT32) {
                throw malformed(position, "'" + GgufFile.KEY_ALIGNMENT + "' must be UINT32 but is "
                        + types.get(GgufFile.KEY_ALIGNMENT));
            }
            alignment = (Long) metadata.get(GgufFile.KEY_ALIGNMENT);
            if (alignment == 0 || Long.bitCount(alignment) != 1) {
                throw malformed(position, "alignment " + alignment + " is not a power of 2");
            }
        }

        List<GgufTensorInfo> tensors = new ArrayList<>();
        List<Long> offsetFieldPositions = new ArrayList<>();
        Set<String> tensorNames = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            GgufTensorInfo t = readTensorInfo(i);
            offsetFieldPositions.add(position - 8);
            if (!tensorNames.add(t.name())) {
                throw malformed(position, "duplicate tensor name '" + t.name() + "'");
            }
            tensors.add(t);
        }
        long dataOffset = tensorCount > 0 ? padTo(position, alignment) : position;
        if (dataOffset > fileSize) {
            throw malformed(position, "data section would start at " + dataOffset + ", past the end of the file ("
                    + fileSize + " bytes)");
        }
        checkTensorData(tensors, offsetFieldPositions, dataOffset, alignment);
        return new GgufFile(file, (int) version, fileSize, alignment, dataOffset, metadata, types, tensors);
    }

    private GgufTensorInfo readTensorInfo(long index) throws IOException, MalformedGgufException {
        long nameAt = position;
        String name = readString("name of tensor " + index);
        if (name.getBytes(StandardCharsets.UTF_8).length >= MAX_TENSOR_NAME) {
            throw malformed(nameAt, "tensor " + index + " name is " + name.length() + " bytes, ggml allows < "
                    + MAX_TENSOR_NAME);
        }
        long nDimsAt = position;
        long nDims = readU32();
        if (nDims > MAX_DIMS) {
            throw malformed(nDimsAt, "tensor '" + name + "' has " + nDims + " dimensions, at most " + MAX_DIMS);
        }
        long[] dims = new long[(int) nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long dimAt = position;
            dims[d] = readI64();
            if (dims[d] < 0) {
                throw malformed(dimAt, "tensor '" + name + "' dimension " + d + " is negative (" + dims[d] + ")");
            }
            try {
                elements = Math.multiplyExact(elements, dims[d]);
            } catch (ArithmeticException e) {
                throw malformed(dimAt, "tensor '" + name + "' element count overflows 64 bits");
            }
        }
        long typeAt = position;
        long typeId = readU32();
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw malformed(typeAt, "tensor '" + name + "' has unknown ggml type " + typeId);
        }
        long rowLength = dims.length > 0 ? dims[0] : 1;
        if (rowLength % type.blockSize() != 0) {
            throw malformed(typeAt, "tensor '" + name + "' of type " + type + " has " + rowLength
                    + " elements per row, not a multiple of the block size " + type.blockSize());
        }
        long byteSize;
        try {
            byteSize = type.byteSize(elements);
        } catch (ArithmeticException e) {
            throw malformed(typeAt, "tensor '" + name + "' byte size overflows 64 bits");
        }
        long offset = readI64();
        return new GgufTensorInfo(name, dims, type, offset, byteSize);
    }

    /** Tensors must lie back to back, each at the aligned end of the previous one, inside the file (as gguf.cpp requires). */
    private void checkTensorData(List<GgufTensorInfo> tensors, List<Long> offsetFieldPositions, long dataOffset,
            long alignment) throws MalformedGgufException {
        long expected = 0;
        for (int i = 0; i < tensors.size(); i++) {
            GgufTensorInfo t = tensors.get(i);
            long fieldAt = offsetFieldPositions.get(i);
            if (t.offset() != expected) {
                throw malformed(fieldAt, "tensor '" + t.name() + "' has data offset "
                        + Long.toUnsignedString(t.offset()) + ", expected " + expected + " (tensors must be stored in order, aligned to "
                        + alignment + ")");
            }
            long end = dataOffset + t.offset() + t.byteSize();
            if (t.byteSize() > fileSize || end > fileSize || end < 0) {
                throw malformed(fieldAt, "tensor '" + t.name() + "' data (" + t.byteSize() + " bytes from byte "
                        + (dataOffset + t.offset()) + ") extends past the end of the file (" + fileSize
                        + " bytes); the file is truncated or the tensor info is corrupt");
            }
            expected = padTo(t.offset() + t.byteSize(), alignment);
        }
    }

    private Object readValue(GgufValueType type, String key, int depth) throws IOException, MalformedGgufException {
        return switch (type) {
            case UINT8 -> (long) (readBytes(1).get() & 0xFF);
            case INT8 -> (long) readBytes(1).get();
            case UINT16 -> (long) (readBytes(2).getShort() & 0xFFFF);
            case INT16 -> (long) readBytes(2).getShort();
            case UINT32 -> readU32();
            case INT32 -> (long) readI32();
            case UINT64, INT64 -> readI64(); // UINT64 above 2^63-1 reads back negative; see GgufFile.getUInt
            case FLOAT32 -> (double) readBytes(4).getFloat();
            case FLOAT64 -> readBytes(8).getDouble();
            case BOOL -> readBytes(1).get() != 0;
            case STRING -> readString("value of '" + key + "'");
            case ARRAY -> readArray(key, depth + 1);
        };
    }

    private GgufArray readArray(String key, int depth) throws IOException, MalformedGgufException {
        long typeAt = position;
        if (depth > MAX_ARRAY_DEPTH) {
            throw malformed(typeAt, "'" + key + "' nests arrays deeper than " + MAX_ARRAY_DEPTH + " levels");
        }
        GgufValueType elementType = readType("array elements of '" + key + "'");
        long countAt = position;
        long count = readI64();
        checkCount(countAt, "element count of array '" + key + "'", count, elementType.minEncodedSize());
        List<Object> values = new ArrayList<>((int) Math.min(count, 1 << 16));
        for (long i = 0; i < count; i++) {
            values.add(readValue(elementType, key, depth));
        }
        return new GgufArray(elementType, values);
    }

    private GgufValueType readType(String what) throws IOException, MalformedGgufException {
        long at = position;
        long id = readU32();
        GgufValueType type = GgufValueType.byId(id);
        if (type == null) {
            throw malformed(at, "unknown value type " + id + " for " + what);
        }
        return type;
    }

    private String readString(String what) throws IOException, MalformedGgufException {
        long at = position;
        long length = readI64();
        if (length < 0 || length > remaining()) {
            throw malformed(at, "string length " + Long.toUnsignedString(length) + " of " + what
                    + " exceeds the " + remaining() + " bytes left in the file");
        }
        if (length > MAX_STRING_BYTES) {
            throw malformed(at, "string length " + length + " of " + what + " exceeds the limit of "
                    + MAX_STRING_BYTES + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        int filled = 0;
        while (filled < bytes.length) {
            int chunk = Math.min(WINDOW, bytes.length - filled);
            readBytes(chunk).get(bytes, filled, chunk);
            filled += chunk;
        }
        // lenient like llama.cpp, which stores strings as raw bytes: invalid UTF-8 becomes U+FFFD
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A count is plausible only if that many elements of at least {@code minElementBytes} fit in the rest of the file. */
    private void checkCount(long at, String what, long count, int minElementBytes) throws MalformedGgufException {
        if (count < 0 || count > remaining() / minElementBytes) {
            throw malformed(at, what + " " + Long.toUnsignedString(count) + " cannot fit in the " + remaining()
                    + " bytes left in the file");
        }
    }

    private long readU32() throws IOException, MalformedGgufException {
        return readBytes(4).getInt() & 0xFFFFFFFFL;
    }

    private int readI32() throws IOException, MalformedGgufException {
        return readBytes(4).getInt();
    }

    private long readI64() throws IOException, MalformedGgufException {
        return readBytes(8).getLong();
    }

    /** Makes {@code n <= WINDOW} bytes at the current position available in the window and consumes them. */
    private ByteBuffer readBytes(int n) throws IOException, MalformedGgufException {
        if (n > remaining()) {
            throw malformed(position, "unexpected end of file: needed " + n + " bytes, " + remaining() + " left");
        }
        long windowEnd = windowStart + window.limit();
        if (position < windowStart || position + n > windowEnd) {
            window.clear();
            windowStart = position;
            while (window.position() < n) {
                if (channel.read(window, windowStart + window.position()) < 0) {
                    throw malformed(position, "unexpected end of file while reading " + n + " bytes");
                }
            }
            window.flip();
        }
        window.position((int) (position - windowStart));
        position += n;
        return window;
    }

    private long remaining() {
        return fileSize - position;
    }

    private static long padTo(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    private MalformedGgufException malformed(long at, String problem) {
        return new MalformedGgufException(file, at, problem);
    }
}
