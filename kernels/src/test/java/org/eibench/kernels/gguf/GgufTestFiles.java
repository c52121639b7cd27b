package org.eibench.kernels.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary files holding test GGUF bytes, deleted when the JVM exits. */
public final class GgufTestFiles {
    private GgufTestFiles() {}

    /** Where {@code needle} first occurs in {@code haystack} (e.g. a key or tensor name in a header). */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("bytes not found in the file");
    }

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
