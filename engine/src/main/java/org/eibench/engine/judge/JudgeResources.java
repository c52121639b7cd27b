package org.eibench.engine.judge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the judge's data files (prompts, policies, grammar, categories) from the classpath. */
final class JudgeResources {
    private JudgeResources() {}

    /** The resource's exact text (UTF-8, no newline added or removed). */
    static String read(String fileName) {
        try (InputStream in = JudgeResources.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("judge resource '" + fileName + "' is missing from the classpath"
                        + " (expected under org/eibench/engine/judge/)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read judge resource " + fileName, e);
        }
    }

    static boolean exists(String fileName) {
        return JudgeResources.class.getResource(fileName) != null;
    }
}
