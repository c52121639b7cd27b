package org.eibench.models.scorer;

import java.util.List;

/** Child-process main for {@link OnnxRuntimeLibrariesTest}: encodes one sentence and prints where ORT loaded from. */
public final class EncodeOnce {
    private EncodeOnce() {}

    public static void main(String[] args) {
        try (SentenceEncoder encoder = SentenceEncoders.open("minilm")) {
            System.out.println("dimension " + encoder.encode(List.of("A man is eating food.")).length);
        }
        System.out.println("native path " + System.getProperty(OnnxRuntimeLibraries.NATIVE_PATH_PROPERTY));
    }
}
