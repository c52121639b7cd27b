package org.eibench.kernels.llama;

import java.lang.foreign.MemorySegment;

/**
 * A decoded image ({@code mtmd_bitmap}, RGB) ready for {@link MtmdContext#tokenize}.
 *
 * <p>Ownership (mtmd.h): freed with {@code mtmd_bitmap_free}; {@code mtmd_tokenize} copies what it needs, so the
 * bitmap may be closed once the chunks exist. Bitmaps made by the helper carry the SHA-256 of the encoded bytes as
 * their id ({@link #id()}).
 */
public final class MtmdBitmap extends NativeHandle {
    private final String source;

    MtmdBitmap(MemorySegment pointer, String source) {
        super(pointer, "image bitmap of " + source);
        this.source = source;
    }

    /** Width in pixels. */
    public int width() {
        return MtmdNative.mtmd_bitmap_get_nx(pointer());
    }

    /** Height in pixels. */
    public int height() {
        return MtmdNative.mtmd_bitmap_get_ny(pointer());
    }

    /** The bitmap id: the hex SHA-256 of the encoded image for helper-made bitmaps, or "". */
    public String id() {
        MemorySegment id = MtmdNative.mtmd_bitmap_get_id(pointer());
        return id.equals(MemorySegment.NULL) ? "" : id.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Where the image came from (file name or caller label). */
    public String source() {
        return source;
    }

    @Override
    void free(MemorySegment pointer) {
        MtmdNative.mtmd_bitmap_free(pointer);
    }
}
