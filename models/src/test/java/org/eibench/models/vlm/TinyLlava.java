package org.eibench.models.vlm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.eibench.kernels.llama.TinyFixture;

/** The tiny random-weight LLaVA fixture (data/fixtures/tiny-llava) and its reference.json. */
final class TinyLlava {
    /** The prompt llama-mtmd-cli builds with the vicuna template; what reference.json was computed from. */
    static final String PROMPT = "USER: <__media__>Describe the image.\nASSISTANT:";

    private TinyLlava() {
    }

    static Path dir() {
        return TinyFixture.dir();
    }

    static Path model() {
        return TinyFixture.model();
    }

    static Path mmproj() {
        return TinyFixture.mmproj();
    }

    static Path image() {
        return TinyFixture.image();
    }

    static JsonNode reference() {
        try {
            return new ObjectMapper().readTree(dir().resolve("reference.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asInt()));
        return out;
    }

    static VlmSpec.Builder spec() {
        return VlmSpec.builder().setModel(model()).optMmproj(mmproj()).optGpuLayers(0).optThreads(2)
                .optContextSize(1024);
    }

    /** Writes a 32 x 32 PNG of random pixels drawn from {@code random} to {@code file}, and returns the file. */
    static Path noiseImage(Path file, Random random) throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
