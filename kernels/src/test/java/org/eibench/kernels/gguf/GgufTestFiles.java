package org.eibench.kernels.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary files holding test GGUF bytes, deleted when the JVM exits. */
public final class GgufTestFiles {
    private GgufTestFiles() {}

    public static Path write(byte[] bytes) {
        try {
            Path p = Files.createTempFile("eibench-test-", ".gguf");
            p.toFile().deleteOnExit();
            return Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
