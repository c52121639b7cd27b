package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The warm-up images of {@code eibench bench} are valid PNGs, the same for a seed and different across seeds. */
class NoisePngTest {
    @Test
    void writesADecodablePngDeterministicallyPerSeed() throws Exception {
        byte[] png = NoisePng.rgb(336, 200, 7);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(336, image.getWidth());
        assertEquals(200, image.getHeight());
        assertArrayEquals(png, NoisePng.rgb(336, 200, 7));
        assertFalse(Arrays.equals(png, NoisePng.rgb(336, 200, 8)));
        assertFalse(image.getRGB(0, 0) == image.getRGB(1, 0) && image.getRGB(1, 0) == image.getRGB(2, 0),
                "noise, not a flat colour");
    }
}
