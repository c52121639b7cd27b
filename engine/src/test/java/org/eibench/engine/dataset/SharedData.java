package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real EIBench annotation files in ../shared/eibench (system property eibench.shared.dir). */
public final class SharedData {
    private SharedData() {}

    /** The folder with user.jsonl, basic_ground_truth.json and ec_complex.jsonl; skips the test when absent. */
    public static Path eibenchDir() {
        String shared = System.getProperty("eibench.shared.dir");
        assumeTrue(shared != null, "system property eibench.shared.dir is not set (surefire sets it to ../shared)");
        Path dir = Path.of(shared, "eibench");
        assumeTrue(Files.isRegularFile(dir.resolve(EibenchDataset.BASIC_QUERIES)),
                "real EIBench files not found in " + dir + "; copy them from Lum1104/EIBench to run this test");
        return dir;
    }

    /** The committed mini dataset (data/mini-eibench at the repository root). */
    public static Path miniEibench() {
        Path dir = Path.of("..", "data", "mini-eibench").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = Path.of("data", "mini-eibench").toAbsolutePath().normalize();
        }
        return dir;
    }
}
