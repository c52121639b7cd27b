package org.eibench.kernels.llama;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks that bytes are an image libmtmd's stb_image decoder can read, before they reach native code: a known image
 * signature (PNG, JPEG, GIF, BMP, PSD, PNM, HDR), a size limit, and for PNG/GIF/BMP plausible dimensions.
 *
 * <p>Why here: {@code mtmd_helper_bitmap_init_from_buf} auto-detects audio by magic bytes and, in builds with video
 * support, hands unknown formats (e.g. WebP) to an ffmpeg subprocess; only images it decodes itself should get there.
 */
public final class ImageBytes {
    /** Largest accepted encoded image. */
    public static final long MAX_BYTES = 64L << 20;
    /** Largest accepted width or height. */
    public static final int MAX_SIDE = 16384;

    /** An image format recognised from its first bytes. */
    public enum Format { PNG, JPEG, GIF, BMP, PSD, PNM, HDR }

    private ImageBytes() {
    }

    /**
     * Checks an image file and returns its format.
     *
     * @throws IllegalArgumentException naming the file when it is missing, too large or not a supported image
     */
    public static Format checkFile(Path file) {
        if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("image file " + file + " does not exist or is not readable");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException("image file " + file + " is " + size + " bytes; the limit is "
                        + MAX_BYTES);
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(64);
            }
            return check(head, size, "image file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read image file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks encoded image bytes and returns their format.
     *
     * @param label names the input in messages
     * @throws IllegalArgumentException when the bytes are not a supported image
     */
    public static Format check(byte[] bytes, String label) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(label + " is " + bytes.length + " bytes; the limit is " + MAX_BYTES);
        }
        return check(Arrays.copyOf(bytes, Math.min(bytes.length, 64)), bytes.length, label);
    }

    private static Format check(byte[] head, long size, String label) {
        Format format = detect(head).orElseThrow(() -> new IllegalArgumentException(label
                + " is not an image (no PNG, JPEG, GIF, BMP, PSD, PNM or HDR signature in its first bytes)"));
        dimensions(format, head).ifPresent(d -> {
            if (d[0] <= 0 || d[1] <= 0 || d[0] > MAX_SIDE || d[1] > MAX_SIDE) {
                throw new IllegalArgumentException(label + " declares a " + d[0] + "x" + d[1] + " " + format
                        + " image; sides must be 1.." + MAX_SIDE);
            }
        });
        if (size < 16) {
            throw new IllegalArgumentException(label + " is only " + size + " bytes: a truncated image");
        }
        return format;
    }

    static Optional<Format> detect(byte[] h) {
        if (starts(h, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(Format.PNG);
        }
        if (starts(h, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(Format.JPEG);
        }
        if (starts(h, 'G', 'I', 'F', '8') && h.length > 5 && (h[4] == '7' || h[4] == '9') && h[5] == 'a') {
            return Optional.of(Format.GIF);
        }
        if (starts(h, 'B', 'M') && h.length >= 26) {
            return Optional.of(Format.BMP);
        }
        if (starts(h, '8', 'B', 'P', 'S')) {
            return Optional.of(Format.PSD);
        }
        if (h.length >= 2 && h[0] == 'P' && (h[1] == '5' || h[1] == '6')) {
            return Optional.of(Format.PNM);
        }
        if (starts(h, '#', '?', 'R', 'A', 'D', 'I', 'A', 'N', 'C', 'E') || starts(h, '#', '?', 'R', 'G', 'B', 'E')) {
            return Optional.of(Format.HDR);
        }
        return Optional.empty();
    }

    /** Width and height from the header where it sits at a fixed place. */
    private static Optional<long[]> dimensions(Format format, byte[] h) {
        return switch (format) {
            case PNG -> h.length >= 24 ? Optional.of(new long[] {be32(h, 16), be32(h, 20)}) : Optional.empty();
            case GIF -> h.length >= 10 ? Optional.of(new long[] {le16(h, 6), le16(h, 8)}) : Optional.empty();
            case BMP -> h.length >= 26 ? Optional.of(new long[] {Math.abs((int) le32(h, 18)),
                    Math.abs((int) le32(h, 22))}) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static boolean starts(byte[] h, int... signature) {
        if (h.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((h[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static long be32(byte[] h, int at) {
        return ((long) (h[at] & 0xFF) << 24) | ((h[at + 1] & 0xFF) << 16) | ((h[at + 2] & 0xFF) << 8)
                | (h[at + 3] & 0xFF);
    }

    private static long le32(byte[] h, int at) {
        return ((long) (h[at + 3] & 0xFF) << 24) | ((h[at + 2] & 0xFF) << 16) | ((h[at + 1] & 0xFF) << 8)
                | (h[at] & 0xFF);
    }

    private static long le16(byte[] h, int at) {
        return ((h[at + 1] & 0xFF) << 8) | (h[at] & 0xFF);
    }
}
