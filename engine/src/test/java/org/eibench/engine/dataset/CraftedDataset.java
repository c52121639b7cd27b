package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** What the tests that write their own annotation files share: two image keys and the check of a reported problem. */
final class CraftedDataset {
    /** A Basic image (CAER-S, category happy). */
    static final String HAPPY = "CAER-S/train/Happy/0001.png";
    /** An image under EmoSet's sadness folder (a Basic sad sample, or a Complex one). */
    static final String SAD = "EmoSet-118k/image/sadness/sadness_1.jpg";

    private CraftedDataset() {}

    /** Some problem is reported at {@code file:line} and its message contains {@code fragment}. */
    static void assertProblem(List<Problem> problems, String file, int line, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.file().getFileName().toString().equals(file)
                        && p.line() == line && p.message().contains(fragment)),
                () -> "expected " + file + ":" + line + " '" + fragment + "' among\n" + problems);
    }
}
