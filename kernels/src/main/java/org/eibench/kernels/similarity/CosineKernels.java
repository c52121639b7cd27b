package org.eibench.kernels.similarity;

import java.util.List;
import java.util.Locale;

/** Chooses a {@link CosineKernel} by name. */
public final class CosineKernels {
    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("nd4j", "java");

    private CosineKernels() {}

    /** {@code nd4j} (default for scoring) or {@code java} (the reference). */
    public static CosineKernel byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT).strip()) {
            case "nd4j" -> new Nd4jCosineKernel();
            case "java" -> new JavaCosineKernel();
            default -> throw new IllegalArgumentException("unknown cosine kernel '" + name + "'; choose one of " + NAMES);
        };
    }
}
