package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny random-weight LLaVA fixture committed under data/fixtures/tiny-llava. */
public final class TinyFixture {
    private TinyFixture() {
    }

    public static Path dir() {
        String repo = System.getProperty("eibench.repo.dir", Path.of("..").toAbsolutePath().normalize().toString());
        Path dir = Path.of(repo, "data", "fixtures", "tiny-llava");
        assumeTrue(Files.isRegularFile(dir.resolve("tiny-llava-f16.gguf")), "tiny-llava fixture missing at " + dir);
        return dir;
    }

    public static Path model() {
        return dir().resolve("tiny-llava-f16.gguf");
    }

    public static Path mmproj() {
        return dir().resolve("mmproj-tiny-llava-f16.gguf");
    }

    public static Path image() {
        return dir().resolve("test.png");
    }
}
