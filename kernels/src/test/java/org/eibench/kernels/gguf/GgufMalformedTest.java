package org.eibench.kernels.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every value type round-trips; every kind of damage ends in a MalformedGgufException that names the offset. */
class GgufMalformedTest {

    private static GgufTestWriter sample() {
        return new GgufTestWriter()
                .kv("general.architecture", GgufValueType.STRING, "llama")
                .kv("llama.embedding_length", GgufValueType.UINT32, 64)
                .kv("tokenizer.ggml.tokens", GgufValueType.ARRAY, new GgufArray(GgufValueType.STRING, List.of("a", "bc", "é")))
                .tensor("token_embd.weight", GgmlType.F16, 64, 3)
                .tensor("blk.0.ffn.weight", GgmlType.Q8_0, 64, 2)
                .tensor("output_norm.weight", GgmlType.F32, 5);
    }

    @Test
    void everyValueTypeRoundTrips() throws Exception {
        GgufArray nested = new GgufArray(GgufValueType.ARRAY, List.of(
                new GgufArray(GgufValueType.INT16, List.of(-1L, 2L)), new GgufArray(GgufValueType.STRING, List.of("x"))));
        byte[] bytes = new GgufTestWriter().version(2)
                .kv("u8", GgufValueType.UINT8, 250)
                .kv("i8", GgufValueType.INT8, -5)
                .kv("u16", GgufValueType.UINT16, 65000)
                .kv("i16", GgufValueType.INT16, -30000)
                .kv("u32", GgufValueType.UINT32, 4_000_000_000L)
                .kv("i32", GgufValueType.INT32, -2_000_000_000)
                .kv("f32", GgufValueType.FLOAT32, 1.5f)
                .kv("bool", GgufValueType.BOOL, true)
                .kv("str", GgufValueType.STRING, "héllo ✓ 表")
                .kv("u64", GgufValueType.UINT64, 1L << 40)
                .kv("i64", GgufValueType.INT64, -(1L << 40))
                .kv("f64", GgufValueType.FLOAT64, 2.25)
                .kv("floats", GgufValueType.ARRAY, new GgufArray(GgufValueType.FLOAT32, List.of(0.5, -0.25)))
                .kv("empty", GgufValueType.ARRAY, new GgufArray(GgufValueType.UINT8, List.of()))
                .kv("nested", GgufValueType.ARRAY, nested)
                .bytes();
        GgufFile f = GgufFile.read(GgufTestFiles.write(bytes));
        assertEquals(2, f.version());
        assertEquals(250, f.getUInt("u8").getAsLong());
        assertEquals(-5, f.getInt("i8").getAsLong());
        assertTrue(f.getUInt("i8").isEmpty(), "a negative integer is no unsigned value");
        assertEquals(65000, f.getUInt("u16").getAsLong());
        assertEquals(-30000, f.getInt("i16").getAsLong());
        assertEquals(4_000_000_000L, f.getUInt("u32").getAsLong());
        assertEquals(-2_000_000_000, f.getInt("i32").getAsLong());
        assertEquals(1.5, f.getFloat("f32").getAsDouble());
        assertEquals(true, f.getBool("bool").orElseThrow());
        assertEquals("héllo ✓ 表", f.getString("str").orElseThrow());
        assertEquals(1L << 40, f.getUInt("u64").getAsLong());
        assertEquals(-(1L << 40), f.getInt("i64").getAsLong());
        assertEquals(2.25, f.getFloat("f64").getAsDouble());
        assertEquals(List.of(0.5, -0.25), f.getArray("floats").orElseThrow().values());
        assertEquals(0, f.getArray("empty").orElseThrow().size());
        assertEquals(nested, f.getArray("nested").orElseThrow());
        assertEquals(GgufValueType.FLOAT64, f.type("f64").orElseThrow());
        assertTrue(f.getString("u8").isEmpty(), "typed getters do not convert");
        assertEquals(List.copyOf(f.keys()).getFirst(), "u8");
        assertTrue(f.tensors().isEmpty());
    }

    @Test
    void tensorsAreLaidOutWithTheDeclaredAlignment() throws Exception {
        byte[] bytes = sample().alignment(64).kv("general.alignment", GgufValueType.UINT32, 64).bytes();
        GgufFile f = GgufFile.read(GgufTestFiles.write(bytes));
        assertEquals(64, f.alignment());
        assertEquals(0, f.dataOffset() % 64);
        assertEquals(List.of(0L, 384L, 576L), f.tensors().stream().map(GgufTensorInfo::offset).toList());
        assertEquals(68 * 2, f.tensors().get(1).byteSize());
        assertEquals(64 * 3 + 64 * 2 + 5, f.parameterCount());
    }

    @Test
    void everyTruncationIsMalformed() throws Exception {
        GgufTestWriter w = sample();
        byte[] full = w.bytes();
        GgufFile.read(GgufTestFiles.write(full));
        int dataStart = w.mark("data");
        int lastPadding = 12; // output_norm.weight: 20 bytes of data padded to 32; a file may end without it
        for (int cut = 0; cut < full.length - lastPadding; cut += cut < dataStart + 8 ? 1 : 7) {
            Path p = GgufTestFiles.write(Arrays.copyOf(full, cut));
            MalformedGgufException e = assertMalformed(p);
            assertTrue(e.offset() >= 0 && e.offset() <= cut, "cut " + cut + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        }
    }

    @Test
    void damagedFieldsAreMalformedWithTheirOffset() {
        GgufTestWriter w = sample();
        byte[] good = w.bytes();
        int kv0 = w.mark("kv0");
        int kv2 = w.mark("kv2");
        int kv2Array = kv2 + 8 + "tokenizer.ggml.tokens".length() + 4;
        expect(patch64(good, w.mark("tensor_count"), Long.MAX_VALUE), w.mark("tensor_count"), "tensor count");
        expect(patch64(good, w.mark("tensor_count"), -1), w.mark("tensor_count"), "tensor count");
        expect(patch64(good, w.mark("kv_count"), 1L << 40), w.mark("kv_count"), "key-value count");
        expect(patch64(good, kv0, 1L << 50), kv0, "string length");
        expect(patch64(good, kv0, -8), kv0, "string length");
        expect(patch32(good, kv0 + 8 + "general.architecture".length(), 13), kv0 + 28, "unknown value type 13");
        expect(patch64(good, kv2Array + 4, 1L << 40), kv2Array + 4, "element count");
        expect(patch64(good, kv2Array + 4 + 8, 1L << 40), kv2Array + 12, "string length");
        expect(patch32(good, w.mark("tensor0.ndims"), 5), w.mark("tensor0.ndims"), "5 dimensions");
        expect(patch64(good, w.mark("tensor0.dims"), -64), w.mark("tensor0.dims"), "negative");
        expect(patch64(good, w.mark("tensor0.dims") + 8, 1L << 60), w.mark("tensor0.dims") + 8, "overflows");
        expect(patch32(good, w.mark("tensor0.type"), 4), w.mark("tensor0.type"), "unknown ggml type 4");
        expect(patch32(good, w.mark("tensor1.type"), GgmlType.Q4_K.id()), w.mark("tensor1.type"), "block size 256");
        expect(patch64(good, w.mark("tensor1.offset"), 96), w.mark("tensor1.offset"), "expected 384");
        expect(patch32(good, w.mark("version"), 1), w.mark("version"), "version 1");
        expect(patch32(good, w.mark("version"), 3 << 24), w.mark("version"), "byte-swapped");
        expect(patch32(good, 0, 0x46554746), 0, "bad magic");
        // the last tensor (20 bytes) is followed by 12 bytes of padding, which may be missing; its data may not
        expect(Arrays.copyOf(good, good.length - 13), w.mark("tensor2.offset"), "past the end of the file");
    }

    @Test
    void hugeTensorDataIsCaughtBeforeTheEndOfTheFile() {
        GgufTestWriter w = sample();
        byte[] good = w.bytes();
        // a tensor of 2^40 F32 elements declared in a tiny file
        byte[] bad = patch64(good, w.mark("tensor2.dims"), 1L << 40);
        expect(bad, w.mark("tensor2.offset"), "extends past the end of the file");
    }

    @Test
    void duplicateKeysAndTensorNamesAreMalformed() {
        expect(new GgufTestWriter().kv("a", GgufValueType.UINT8, 1).kv("a", GgufValueType.UINT8, 2).bytes(), -1,
                "duplicate metadata key 'a'");
        expect(new GgufTestWriter().tensor("t", GgmlType.F32, 4).tensor("t", GgmlType.F32, 4).bytes(), -1,
                "duplicate tensor name 't'");
        expect(new GgufTestWriter().kv("", GgufValueType.UINT8, 1).bytes(), -1, "empty key");
        expect(new GgufTestWriter().tensor("x".repeat(64), GgmlType.F32, 4).bytes(), -1, "name is 64 bytes");
    }

    @Test
    void badAlignmentIsMalformed() {
        expect(new GgufTestWriter().kv("general.alignment", GgufValueType.UINT32, 48).bytes(), -1, "not a power of 2");
        expect(new GgufTestWriter().kv("general.alignment", GgufValueType.UINT64, 32).bytes(), -1, "must be UINT32");
    }

    @Test
    void deepArrayNestingIsMalformed() {
        Object inner = new GgufArray(GgufValueType.UINT8, List.of(1L));
        for (int i = 0; i < GgufReader.MAX_ARRAY_DEPTH; i++) {
            inner = new GgufArray(GgufValueType.ARRAY, List.of(inner));
        }
        expect(new GgufTestWriter().kv("deep", GgufValueType.ARRAY, inner).bytes(), -1, "deeper than");
    }

    /** Random single-byte damage anywhere in the header: the reader either accepts the file or throws only MalformedGgufException. */
    @Test
    void randomDamageNeverEscapesAsAnotherException() throws Exception {
        GgufTestWriter w = sample();
        byte[] good = w.bytes();
        int headerEnd = w.mark("data");
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            int at = random.nextInt(headerEnd);
            bad[at] = (byte) (random.nextInt(4) == 0 ? 0xFF : random.nextInt(256));
            try {
                GgufFile.read(GgufTestFiles.write(bad));
            } catch (MalformedGgufException expected) {
                assertTrue(expected.offset() >= 0 && expected.offset() <= bad.length, expected.getMessage());
            } catch (RuntimeException | Error e) {
                fail("damage at byte " + at + " escaped as " + e, e);
            }
        }
    }

    private static MalformedGgufException assertMalformed(Path p) {
        return assertThrows(MalformedGgufException.class, () -> GgufFile.read(p), () -> "expected malformed: " + p);
    }

    /** Asserts the bytes are malformed, at {@code offset} unless it is -1, with {@code fragment} in the message. */
    private static void expect(byte[] bytes, long offset, String fragment) {
        MalformedGgufException e = assertMalformed(GgufTestFiles.write(bytes));
        assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
        assertTrue(e.getMessage().contains("at byte " + e.offset()), e.getMessage());
        if (offset >= 0) {
            assertEquals(offset, e.offset(), e.getMessage());
        }
    }

    private static byte[] patch64(byte[] src, int at, long value) {
        byte[] b = src.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
        return b;
    }

    private static byte[] patch32(byte[] src, int at, int value) {
        byte[] b = src.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return b;
    }
}
