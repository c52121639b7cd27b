package org.eibench.kernels.gguf;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny LLaVA fixture pair from the shared data folder (system property {@code eibench.shared.dir}). */
public final class GgufFixtures {
    private GgufFixtures() {}

    /** A file of {@code fixtures/tiny-llava}; skips the calling test when the shared folder is absent. */
    public static Path tinyLlava(String fileName) {
        String shared = System.getProperty("eibench.shared.dir");
        assumeTrue(shared != null, "system property eibench.shared.dir is not set (surefire sets it to <repo>/../shared)");
        Path p = Path.of(shared, "fixtures", "tiny-llava", fileName);
        assumeTrue(Files.isRegularFile(p), "fixture " + p + " is absent; the shared data folder is needed");
        return p;
    }

    public static Path textModel() {
        return tinyLlava("tiny-llava-f16.gguf");
    }

    public static Path mmproj() {
        return tinyLlava("mmproj-tiny-llava-f16.gguf");
    }
}
