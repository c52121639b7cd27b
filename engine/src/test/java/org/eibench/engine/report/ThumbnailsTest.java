package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.eibench.engine.dataset.ImageResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailsTest {
    @TempDir
    Path dir;

    private static BufferedImage decode(Thumbnails.Thumbnail t) throws Exception {
        Thumbnails.Thumbnail.Image image = assertInstanceOf(Thumbnails.Thumbnail.Image.class, t, t.toString());
        assertTrue(image.dataUrl().startsWith("data:image/jpeg;base64,"), image.dataUrl());
        byte[] jpeg = Base64.getDecoder().decode(image.dataUrl().substring("data:image/jpeg;base64,".length()));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(image.width(), decoded.getWidth());
        assertEquals(image.height(), decoded.getHeight());
        return decoded;
    }

    @Test
    void aLargeImageIsScaledToTheLongestSideKeepingItsShapeAndColour() throws Exception {
        BufferedImage big = new BufferedImage(3000, 1500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setColor(new Color(200, 30, 30));
        g.fillRect(0, 0, 3000, 1500);
        g.dispose();
        Path file = dir.resolve("big.png");
        ImageIO.write(big, "png", file.toFile());

        BufferedImage thumb = decode(Thumbnails.of(file));
        assertEquals(Thumbnails.LONGEST_SIDE, thumb.getWidth());
        assertEquals(Thumbnails.LONGEST_SIDE / 2, thumb.getHeight());
        Color centre = new Color(thumb.getRGB(80, 40));
        assertTrue(centre.getRed() > 170 && centre.getGreen() < 70 && centre.getBlue() < 70, centre.toString());
    }

    @Test
    void aSmallImageIsNotEnlarged() throws Exception {
        Path file = dir.resolve("small.jpg");
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "jpeg", file.toFile());
        BufferedImage thumb = decode(Thumbnails.of(file));
        assertEquals(64, thumb.getWidth());
        assertEquals(48, thumb.getHeight());
    }

    @Test
    void aPngWithAlphaIsFlattenedOnWhite() throws Exception {
        Path file = dir.resolve("transparent.png");
        ImageIO.write(new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB), "png", file.toFile());
        Color c = new Color(decode(Thumbnails.of(file)).getRGB(20, 20));
        assertTrue(c.getRed() > 240 && c.getGreen() > 240 && c.getBlue() > 240, c.toString());
    }

    @Test
    void aMissingImageSaysMissingWithItsPath() {
        ImageResolver resolver = new ImageResolver(dir);
        Map<String, Thumbnails.Thumbnail> thumbs = Thumbnails.of(List.of("CAER-S/none.png"), resolver);
        var missing = assertInstanceOf(Thumbnails.Thumbnail.Missing.class, thumbs.get("CAER-S/none.png"));
        assertTrue(missing.reason().contains("image not found") && missing.reason().contains("none.png"),
                missing.reason());
    }

    @Test
    void aKeyLeavingTheRootIsRefusedNotRead() {
        var missing = assertInstanceOf(Thumbnails.Thumbnail.Missing.class,
                Thumbnails.of(List.of("../secret.png"), new ImageResolver(dir)).get("../secret.png"));
        assertTrue(missing.reason().contains("not normalised"), missing.reason());
    }

    @Test
    void aFileThatIsNoImageIsMissingNotAnError() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.png"), "this is text, not a PNG", StandardCharsets.UTF_8);
        var missing = assertInstanceOf(Thumbnails.Thumbnail.Missing.class, Thumbnails.of(text));
        assertTrue(missing.reason().contains("not an image"), missing.reason());
    }

    @Test
    void aTruncatedImageIsMissingNotAnError() throws Exception {
        Path whole = dir.resolve("whole.png");
        ImageIO.write(new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB), "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var missing = assertInstanceOf(Thumbnails.Thumbnail.Missing.class, Thumbnails.of(cut));
        assertTrue(missing.reason().contains("cannot read image"), missing.reason());
    }

    @Test
    void aHeaderDeclaringGiganticSizeIsRefusedBeforeDecoding() throws Exception {
        // a 60-byte PNG that claims 100000 x 100000 pixels: decoding it would allocate tens of gigabytes
        Path bomb = Files.write(dir.resolve("bomb.png"), pngHeader(100_000, 100_000));
        long start = System.nanoTime();
        var missing = assertInstanceOf(Thumbnails.Thumbnail.Missing.class, Thumbnails.of(bomb));
        assertTrue(missing.reason().contains("100000 x 100000 pixels is too large"), missing.reason());
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused from the header, without decoding");
    }

    /** The PNG signature, an IHDR chunk for an 8-bit RGB image of the given size, and IEND. */
    private static byte[] pngHeader(int width, int height) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(ihdr);
        data.writeInt(width);
        data.writeInt(height);
        data.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws Exception {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
