package org.eibench.kernels.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small GGUF files for tests, following the layout of gguf.cpp's writer: header, key/values, tensor
 * infos, padding to the alignment, tensor data each padded to the alignment. Records the offset of named
 * fields ({@link #mark}) so tests can corrupt exactly one of them.
 */
public final class GgufTestWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> marks = new HashMap<>();
    private final List<byte[]> kvs = new ArrayList<>();
    private final List<Object[]> tensors = new ArrayList<>();
    private int version = 3;
    private int alignment = 32;

    public GgufTestWriter version(int v) {
        this.version = v;
        return this;
    }

    /** Sets the alignment used for layout (write a matching general.alignment yourself). */
    public GgufTestWriter alignment(int a) {
        this.alignment = a;
        return this;
    }

    /** Adds a key/value; {@code value} is written per {@code type} (arrays as {@code GgufArray}). */
    public GgufTestWriter kv(String key, GgufValueType type, Object value) {
        Buf b = new Buf();
        b.string(key);
        b.u32(type.id());
        b.value(type, value);
        kvs.add(b.bytes());
        return this;
    }

    public GgufTestWriter tensor(String name, GgmlType type, long... dims) {
        tensors.add(new Object[] {name, type, dims});
        return this;
    }

    public int mark(String name) {
        return marks.get(name);
    }

    public byte[] bytes() {
        out.reset();
        Buf b = new Buf();
        b.u32(GgufReader.MAGIC);
        marks.put("version", b.size());
        b.u32(version);
        marks.put("tensor_count", b.size());
        b.i64(tensors.size());
        marks.put("kv_count", b.size());
        b.i64(kvs.size());
        marks.put("kvs", b.size());
        for (int i = 0; i < kvs.size(); i++) {
            marks.put("kv" + i, b.size());
            b.raw(kvs.get(i));
        }
        long offset = 0;
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            Object[] t = tensors.get(i);
            GgmlType type = (GgmlType) t[1];
            long[] dims = (long[]) t[2];
            marks.put("tensor" + i, b.size());
            b.string((String) t[0]);
            marks.put("tensor" + i + ".ndims", b.size());
            b.u32(dims.length);
            marks.put("tensor" + i + ".dims", b.size());
            long n = 1;
            for (long d : dims) {
                b.i64(d);
                n *= d;
            }
            marks.put("tensor" + i + ".type", b.size());
            b.u32(type.id());
            marks.put("tensor" + i + ".offset", b.size());
            b.i64(offset);
            long size = type.byteSize(n);
            sizes.add(size);
            offset += pad(size);
        }
        marks.put("tensor_infos_end", b.size());
        if (!tensors.isEmpty()) {
            b.zeros(pad(b.size()) - b.size());
        }
        marks.put("data", b.size());
        for (long size : sizes) {
            byte[] data = new byte[(int) size];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) i;
            }
            b.raw(data);
            b.zeros(pad(size) - size);
        }
        return b.bytes();
    }

    private long pad(long v) {
        return (v + alignment - 1) / alignment * alignment;
    }

    /** A little-endian byte sink. */
    static final class Buf {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int size() {
            return bytes.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        void raw(byte[] b) {
            bytes.writeBytes(b);
        }

        void zeros(long n) {
            bytes.writeBytes(new byte[(int) n]);
        }

        void u32(long v) {
            raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        }

        void i64(long v) {
            raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            raw(b);
        }

        void value(GgufValueType type, Object v) {
            ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case UINT8, INT8 -> raw(new byte[] {((Number) v).byteValue()});
                case UINT16, INT16 -> raw(bb.putShort(((Number) v).shortValue()).array(), 2);
                case UINT32, INT32 -> u32(((Number) v).longValue());
                case UINT64, INT64 -> i64(((Number) v).longValue());
                case FLOAT32 -> raw(bb.putFloat(((Number) v).floatValue()).array(), 4);
                case FLOAT64 -> raw(bb.putDouble(((Number) v).doubleValue()).array(), 8);
                case BOOL -> raw(new byte[] {(byte) ((Boolean) v ? 1 : 0)});
                case STRING -> string((String) v);
                case ARRAY -> {
                    GgufArray a = (GgufArray) v;
                    u32(a.elementType().id());
                    i64(a.size());
                    for (Object e : a.values()) {
                        value(a.elementType(), e);
                    }
                }
            }
        }

        private void raw(byte[] b, int n) {
            bytes.write(b, 0, n);
        }
    }
}
