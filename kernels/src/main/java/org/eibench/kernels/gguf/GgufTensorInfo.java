package org.eibench.kernels.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor's description in a GGUF file.
 *
 * @param name the tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param dims the dimensions in ggml order ({@code ne[0]} first, the fastest-varying one)
 * @param type the ggml element type
 * @param offset the byte offset of the tensor data relative to the start of the data section
 * @param byteSize the bytes the tensor data take (without alignment padding)
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset, long byteSize) {
    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
    }

    /** A copy of the dimensions, {@code ne[0]} first. */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** The dimension {@code i}, or 1 past the tensor's rank (as ggml pads shapes). */
    public long dim(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    /** The number of elements (the product of the dimensions). */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && Arrays.equals(dims, t.dims)
                && type == t.type && offset == t.offset && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), type, offset, byteSize);
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(dims) + " " + type + " @" + offset;
    }
}
