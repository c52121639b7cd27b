package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad image bytes are refused in Java, from the header, before stb_image decodes anything. */
class ImageBytesTest {
    static byte[] encode(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 7 + y * 13) * 0x010203);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out), format);
        return out.toByteArray();
    }

    /** The byte offset of the first SOF0 marker's height field in a JPEG. */
    static int jpegSofHeightAt(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                return i + 5;
            }
        }
        throw new AssertionError("no SOF0");
    }

    @Test
    void wholeImagesPass() throws IOException {
        assertEquals(ImageBytes.Format.PNG, ImageBytes.check(encode("png", 40, 30), "png"));
        assertEquals(ImageBytes.Format.JPEG, ImageBytes.check(encode("jpg", 40, 30), "jpeg"));
        byte[] withTrailer = Arrays.copyOf(encode("jpg", 40, 30), encode("jpg", 40, 30).length + 100);
        assertEquals(ImageBytes.Format.JPEG, ImageBytes.check(withTrailer, "bytes after EOI are tolerated"));
    }

    /** Each format cut to a share of its bytes, never shorter than its signature plus a byte (PNG 9, JPEG 4). */
    private static Stream<Arguments> truncations() {
        return IntStream.of(1, 10, 50, 90, 99).boxed()
                .flatMap(percent -> Stream.of(Arguments.of("png", 9, percent), Arguments.of("jpg", 4, percent)));
    }

    @ParameterizedTest(name = "{0} cut to {2}% of its bytes")
    @MethodSource("truncations")
    void aTruncatedImageIsRefused(String format, int shortest, int percent) throws IOException {
        byte[] image = encode(format, 64, 64);
        byte[] cut = Arrays.copyOf(image, Math.max(shortest, image.length * percent / 100));
        String name = "cut." + format;
        var e = assertThrows(IllegalArgumentException.class, () -> ImageBytes.check(cut, name));
        assertTrue(e.getMessage().startsWith(name) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void enormousDimensionsAreRefusedFromTheHeader() throws IOException {
        byte[] png = encode("png", 8, 8);
        png[16] = 0x00; png[17] = 0x01; png[18] = (byte) 0x86; png[19] = (byte) 0xA0; // width 100000
        var e = assertThrows(IllegalArgumentException.class, () -> ImageBytes.check(png, "wide.png"));
        assertTrue(e.getMessage().contains("100000x8"), e.getMessage());

        byte[] jpeg = encode("jpg", 8, 8);
        int at = jpegSofHeightAt(jpeg);
        jpeg[at] = (byte) 0xFF; jpeg[at + 1] = (byte) 0xF0; jpeg[at + 2] = (byte) 0xFF; jpeg[at + 3] = (byte) 0xF0;
        e = assertThrows(IllegalArgumentException.class, () -> ImageBytes.check(jpeg, "huge.jpg"));
        assertTrue(e.getMessage().contains("65520x65520 JPEG"), e.getMessage());

        byte[] square = encode("jpg", 8, 8); // 16000 x 16000: sides allowed, pixel count not
        square[at] = 0x3E; square[at + 1] = (byte) 0x80; square[at + 2] = 0x3E; square[at + 3] = (byte) 0x80;
        e = assertThrows(IllegalArgumentException.class, () -> ImageBytes.check(square, "square.jpg"));
        assertTrue(e.getMessage().contains("16000x16000"), e.getMessage());
    }

    @Test
    void emptyDirectoryAndTextFilesAreRefused(@TempDir Path tmp) throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.png"));
        var e = assertThrows(IllegalArgumentException.class, () -> ImageBytes.checkFile(empty));
        assertTrue(e.getMessage().contains("empty (0 bytes)") && e.getMessage().contains(empty.toString()),
                e.getMessage());
        Path dir = Files.createDirectory(tmp.resolve("dir.png"));
        e = assertThrows(IllegalArgumentException.class, () -> ImageBytes.checkFile(dir));
        assertTrue(e.getMessage().contains("not readable"), e.getMessage());
        Path text = Files.writeString(tmp.resolve("notes.png"), "these are not the pixels you are looking for");
        e = assertThrows(IllegalArgumentException.class, () -> ImageBytes.checkFile(text));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }
}
