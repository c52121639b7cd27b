package org.eibench.engine.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The two EIBench tracks. */
public enum Benchmark {
    /** 1615 single-emotion samples: {@code user.jsonl} + {@code basic_ground_truth.json}. */
    BASIC,
    /** 50 multi-emotion questions over 23 images: {@code ec_complex.jsonl}. */
    COMPLEX;

    /** The lower-case id used in files and on the command line ({@code basic}, {@code complex}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code basic} or {@code complex} (any case). */
    public static Benchmark fromId(String id) {
        for (Benchmark b : values()) {
            if (b.id().equalsIgnoreCase(id.strip())) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown benchmark '" + id + "'; expected one of "
                + Arrays.stream(values()).map(Benchmark::id).collect(Collectors.joining(", ")));
    }
}
