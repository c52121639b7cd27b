package org.eibench.kernels.gguf;

/** The value types of GGUF metadata, with their on-disk ids (gguf.h {@code enum gguf_type}). */
public enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4), BOOL(7, 1),
    STRING(8, 8), ARRAY(9, 12), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    private final int id;
    private final int minEncodedSize;

    GgufValueType(int id, int minEncodedSize) {
        this.id = id;
        this.minEncodedSize = minEncodedSize;
    }

    /** The type's id in GGUF files. */
    public int id() {
        return id;
    }

    /** The fewest bytes one value of this type takes on disk (a string's length prefix, an array's type and count). */
    int minEncodedSize() {
        return minEncodedSize;
    }

    /** Whether values of this type are integers (read back as {@code Long}). */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64 && this != BOOL && this != STRING && this != ARRAY;
    }

    /** The type with this id, or {@code null} when the id is not a GGUF type. */
    static GgufValueType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
