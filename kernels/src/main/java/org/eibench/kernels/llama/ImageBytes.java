package org.eibench.kernels.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks that bytes are an image libmtmd's stb_image decoder can read, before they reach native code: a known image
 * signature (PNG, JPEG, GIF, BMP, PSD, PNM, HDR), a size limit, plausible dimensions read from the header before any
 * decoding (PNG IHDR, JPEG SOF marker, GIF, BMP; sides up to {@link #MAX_SIDE}, at most {@link #MAX_PIXELS} pixels),
 * and for PNG and JPEG a complete structure (PNG chunks up to IEND, JPEG segments and an EOI after the scan): stb
 * decodes a truncated JPEG without complaint, filling the missing part with grey.
 *
 * <p>Why here: {@code mtmd_helper_bitmap_init_from_buf} auto-detects audio by magic bytes and, in builds with video
 * support, hands unknown formats (e.g. WebP) to an ffmpeg subprocess; only images it decodes itself should get there.
 */
public final class ImageBytes {
    /** Largest accepted encoded image. */
    public static final long MAX_BYTES = 64L << 20;
    /** Largest accepted width or height. */
    public static final int MAX_SIDE = 16384;
    /** Most pixels accepted (decoded as 8-bit RGB: 192 MiB). */
    public static final long MAX_PIXELS = 1L << 26;

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
            return checkBytes(Files.readAllBytes(file), "image file " + file);
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
        return checkBytes(bytes, label);
    }

    private static Format checkBytes(byte[] bytes, String label) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException(label + " is empty (0 bytes)");
        }
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 64));
        Format format = detect(head).orElseThrow(() -> new IllegalArgumentException(label
                + " is not an image (no PNG, JPEG, GIF, BMP, PSD, PNM or HDR signature in its first bytes)"));
        if (bytes.length < 16) {
            throw new IllegalArgumentException(label + " is only " + bytes.length + " bytes: a truncated image");
        }
        Optional<long[]> size = switch (format) {
            case PNG -> Optional.of(pngDimensions(bytes, label));
            case JPEG -> Optional.of(jpegDimensions(bytes, label));
            default -> dimensions(format, head);
        };
        size.ifPresent(d -> {
            if (d[0] <= 0 || d[1] <= 0 || d[0] > MAX_SIDE || d[1] > MAX_SIDE || d[0] * d[1] > MAX_PIXELS) {
                throw new IllegalArgumentException(label + " declares a " + d[0] + "x" + d[1] + " " + format
                        + " image; sides must be 1.." + MAX_SIDE + " and at most " + MAX_PIXELS + " pixels");
            }
        });
        return format;
    }

    /** Width and height from IHDR, after walking the chunks to IEND (a cut file has no IEND). */
    private static long[] pngDimensions(byte[] b, String label) {
        if (b.length < 33 || !(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
            throw new IllegalArgumentException(label + " is a truncated or damaged PNG: no IHDR chunk");
        }
        long[] size = {be32(b, 16), be32(b, 20)};
        long at = 8;
        while (at + 12 <= b.length) {
            long length = be32(b, (int) at);
            boolean end = b[(int) at + 4] == 'I' && b[(int) at + 5] == 'E' && b[(int) at + 6] == 'N'
                    && b[(int) at + 7] == 'D';
            at += 12 + length;
            if (end) {
                return size;
            }
        }
        throw new IllegalArgumentException(label + " is a truncated PNG: its chunks end at byte " + Math.min(at,
                b.length) + " of " + b.length + " without an IEND chunk");
    }

    /**
     * Width and height from the first SOF marker, walking the marker segments from SOI to the first SOS; the
     * entropy-coded data after it must end in an EOI marker.
     */
    private static long[] jpegDimensions(byte[] b, String label) {
        long[] size = null;
        int at = 2;
        while (true) {
            while (at < b.length && (b[at] & 0xFF) == 0xFF && at + 1 < b.length && (b[at + 1] & 0xFF) == 0xFF) {
                at++; // fill bytes before a marker
            }
            if (at + 4 > b.length) {
                throw new IllegalArgumentException(label + " is a truncated JPEG: it ends at byte " + b.length
                        + " inside its headers, before the image data");
            }
            if ((b[at] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException(label + " is a damaged JPEG: no marker at byte " + at);
            }
            int marker = b[at + 1] & 0xFF;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                at += 2; // markers without a length
                continue;
            }
            int length = (int) be16(b, at + 2);
            if (length < 2 || at + 2 + length > b.length) {
                throw new IllegalArgumentException(label + " is a truncated JPEG: a segment at byte " + at
                        + " runs past the end of the file (" + b.length + " bytes)");
            }
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame && size == null) {
                if (length < 7) {
                    throw new IllegalArgumentException(label + " is a damaged JPEG: a short frame header");
                }
                size = new long[] {be16(b, at + 7), be16(b, at + 5)};
            }
            if (marker == 0xDA) {
                if (size == null) {
                    throw new IllegalArgumentException(label + " is a damaged JPEG: image data before any frame"
                            + " header (SOF)");
                }
                for (int i = b.length - 2; i >= at + 2 + length; i--) {
                    if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                        return size;
                    }
                }
                throw new IllegalArgumentException(label + " is a truncated JPEG: no end-of-image marker after its"
                        + " image data (" + b.length + " bytes)");
            }
            if (marker == 0xD9) {
                throw new IllegalArgumentException(label + " is a damaged JPEG: it ends before any image data");
            }
            at += 2 + length;
        }
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

    private static long be16(byte[] h, int at) {
        return ((h[at] & 0xFF) << 8) | (h[at + 1] & 0xFF);
    }

    private static long le16(byte[] h, int at) {
        return ((h[at + 1] & 0xFF) << 8) | (h[at] & 0xFF);
    }
}
