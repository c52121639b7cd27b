package org.eibench.kernels.llama;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The header of a GGUF file (metadata and tensor directory), read in Java so that a wrong or damaged file becomes a
 * clear {@link InvalidModelFileException} before llama.cpp or libmtmd sees it.
 *
 * <p>{@link #open(Path, String)} checks: the file exists, is a readable regular file, starts with the {@code GGUF}
 * magic, has version 2 or 3, has sane counts, and every tensor's data lies inside the file (a truncated download).
 * Array metadata values are skipped, except that their length is kept.
 *
 * @param file the file
 * @param version GGUF version
 * @param metadata scalar and string metadata; an array value is recorded as its element count ({@link ArrayLength})
 * @param tensors tensor name to shape and type, in file order
 * @param dataOffset byte offset of the tensor data section
 */
public record GgufFile(Path file, int version, Map<String, Object> metadata, Map<String, Tensor> tensors,
        long dataOffset) {
    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final long MAX_COUNT = 1L << 24;
    private static final int GGML_TYPE_COUNT = 43;

    /** Shape ({@code ne}, innermost first, as ggml writes it), ggml type id and data offset of one tensor. */
    public record Tensor(String name, List<Long> shape, int type, long offset) {
    }

    /** Stands for an array metadata value: only its length and element type are kept. */
    public record ArrayLength(int elementType, long length) {
    }

    /**
     * Reads and checks a GGUF file's header.
     *
     * @param role what the file is for, used in messages, e.g. "model" or "mmproj"
     * @throws InvalidModelFileException naming the file and the problem
     */
    public static GgufFile open(Path file, String role) {
        if (file == null) {
            throw new InvalidModelFileException("no " + role + " file given");
        }
        if (!Files.exists(file)) {
            throw new InvalidModelFileException(role + " file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidModelFileException(role + " file " + file + " is not a readable regular file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidModelFileException("cannot read " + role + " file " + file + ": " + e.getMessage(), e);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new Reader(new DataInputStream(in), file, role, size).read();
        } catch (EOFException e) {
            throw new InvalidModelFileException(role + " file " + file + " ends inside its GGUF header (" + size
                    + " bytes): truncated or not a GGUF file", e);
        } catch (IOException e) {
            throw new InvalidModelFileException("cannot read " + role + " file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A string metadata value. */
    public Optional<String> string(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** An integer metadata value (any integer width). */
    public Optional<Long> integer(String key) {
        return metadata.get(key) instanceof Number n && !(metadata.get(key) instanceof Double)
                && !(metadata.get(key) instanceof Float) ? Optional.of(n.longValue()) : Optional.empty();
    }

    private static final class Reader {
        private final DataInputStream in;
        private final Path file;
        private final String role;
        private final long fileSize;
        private long position;

        Reader(DataInputStream in, Path file, String role, long fileSize) {
            this.in = in;
            this.file = file;
            this.role = role;
            this.fileSize = fileSize;
        }

        GgufFile read() throws IOException {
            if (fileSize < 24 || u32() != MAGIC) {
                throw bad("does not start with the GGUF magic bytes; is it a GGUF file?");
            }
            int version = (int) u32();
            if (version < 2 || version > 3) {
                throw bad("has GGUF version " + version + "; this llama.cpp reads versions 2 and 3");
            }
            long tensorCount = count(u64(), "tensor count");
            long kvCount = count(u64(), "metadata count");
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (long i = 0; i < kvCount; i++) {
                String key = string();
                int type = (int) u32();
                metadata.put(key, value(type, key));
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (long i = 0; i < tensorCount; i++) {
                String name = string();
                int dims = (int) u32();
                if (dims < 1 || dims > 4) {
                    throw bad("tensor " + name + " has " + dims + " dimensions");
                }
                Long[] shape = new Long[dims];
                for (int d = 0; d < dims; d++) {
                    shape[d] = u64();
                    if (shape[d] < 0) {
                        throw bad("tensor " + name + " has a negative dimension");
                    }
                }
                int type = (int) u32();
                long offset = u64();
                tensors.put(name, new Tensor(name, List.of(shape), type, offset));
            }
            long alignment = metadata.get("general.alignment") instanceof Number n ? n.longValue() : 32;
            if (alignment <= 0 || Long.bitCount(alignment) != 1) {
                throw bad("has general.alignment " + alignment + ", not a power of two");
            }
            long dataOffset = (position + alignment - 1) / alignment * alignment;
            for (Tensor tensor : tensors.values()) {
                long bytes = tensorBytes(tensor);
                if (bytes >= 0 && (tensor.offset() < 0 || dataOffset + tensor.offset() + bytes > fileSize)) {
                    throw bad("is truncated: tensor " + tensor.name() + " needs bytes up to "
                            + (dataOffset + tensor.offset() + bytes) + " but the file has " + fileSize
                            + "; download or convert it again");
                }
            }
            return new GgufFile(file, version, Collections.unmodifiableMap(metadata),
                    Collections.unmodifiableMap(tensors), dataOffset);
        }

        /** Data size of a tensor from ggml's type traits, or -1 for a type this build does not know. */
        private long tensorBytes(Tensor tensor) {
            if (tensor.type() < 0 || tensor.type() >= GGML_TYPE_COUNT) {
                throw bad("tensor " + tensor.name() + " has unknown ggml type " + tensor.type());
            }
            long block = LlamaNative.ggml_blck_size(tensor.type());
            long typeSize = LlamaNative.ggml_type_size(tensor.type());
            if (block <= 0 || typeSize <= 0) {
                return -1;
            }
            long ne0 = tensor.shape().getFirst();
            if (ne0 % block != 0) {
                throw bad("tensor " + tensor.name() + " has a row of " + ne0 + " elements, not a multiple of its"
                        + " block size " + block);
            }
            long bytes = ne0 / block * typeSize;
            for (int d = 1; d < tensor.shape().size(); d++) {
                bytes = Math.multiplyExact(bytes, tensor.shape().get(d));
            }
            return bytes;
        }

        private Object value(int type, String key) throws IOException {
            return switch (type) {
                case 0 -> (long) u8();
                case 1 -> (long) (byte) u8();
                case 2 -> (long) u16();
                case 3 -> (long) (short) u16();
                case 4 -> u32();
                case 5 -> (long) (int) u32();
                case 6 -> Float.intBitsToFloat((int) u32());
                case 7 -> u8() != 0;
                case 8 -> string();
                case 9 -> array(key);
                case 10, 11 -> u64();
                case 12 -> Double.longBitsToDouble(u64());
                default -> throw bad("metadata " + key + " has unknown value type " + type);
            };
        }

        private ArrayLength array(String key) throws IOException {
            int elementType = (int) u32();
            long length = count(u64(), "length of array " + key);
            int width = switch (elementType) {
                case 0, 1, 7 -> 1;
                case 2, 3 -> 2;
                case 4, 5, 6 -> 4;
                case 10, 11, 12 -> 8;
                case 8 -> 0;
                default -> throw bad("array " + key + " has unsupported element type " + elementType);
            };
            if (width == 0) {
                for (long i = 0; i < length; i++) {
                    skip(count(u64(), "string length in " + key));
                }
            } else {
                skip(Math.multiplyExact(length, width));
            }
            return new ArrayLength(elementType, length);
        }

        private String string() throws IOException {
            long length = u64();
            if (length < 0 || length > fileSize - position) {
                throw bad("has a string of " + length + " bytes at offset " + position + ", past the end of the file");
            }
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length != length) {
                throw new EOFException();
            }
            position += length;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private long count(long value, String what) {
            if (value < 0 || value > MAX_COUNT || value > fileSize) {
                throw bad("has an implausible " + what + " (" + value + ")");
            }
            return value;
        }

        private void skip(long bytes) throws IOException {
            if (bytes > fileSize - position) {
                throw new EOFException();
            }
            in.skipNBytes(bytes);
            position += bytes;
        }

        private int u8() throws IOException {
            position += 1;
            return in.readUnsignedByte();
        }

        private int u16() throws IOException {
            position += 2;
            return Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        }

        private long u32() throws IOException {
            position += 4;
            return Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        }

        private long u64() throws IOException {
            position += 8;
            return Long.reverseBytes(in.readLong());
        }

        private InvalidModelFileException bad(String problem) {
            return new InvalidModelFileException(role + " file " + file + " " + problem);
        }
    }
}
