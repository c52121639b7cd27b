package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the EIBench loader with arbitrary file contents: {@link EibenchDataset#load} fails only with
 * {@link DatasetException}, {@link EibenchDataset#inspect} never throws, both agree, every problem names one of the
 * files and a line, and every sample that passes is well-formed. Corpus files are raw {@code ec_complex.jsonl} for
 * Complex, and {@code user.jsonl}, a NUL byte, {@code basic_ground_truth.json} for Basic.
 */
class EibenchDatasetFuzzTest {
    private static Path dir;

    @FuzzTest(maxDuration = "60s")
    void complexFileLoadsOrFailsWithDatasetException(byte[] complex) {
        Path folder = scratch();
        write(folder.resolve(EibenchDataset.COMPLEX), complex);
        check(folder, Benchmark.COMPLEX, Set.of(EibenchDataset.COMPLEX));
    }

    @FuzzTest(maxDuration = "60s")
    void basicFilesLoadOrFailWithDatasetException(byte[] queriesNulTruth) {
        int nul = 0;
        while (nul < queriesNulTruth.length && queriesNulTruth[nul] != 0) {
            nul++;
        }
        Path folder = scratch();
        write(folder.resolve(EibenchDataset.BASIC_QUERIES), Arrays.copyOfRange(queriesNulTruth, 0, nul));
        write(folder.resolve(EibenchDataset.BASIC_GROUND_TRUTH),
                Arrays.copyOfRange(queriesNulTruth, Math.min(nul + 1, queriesNulTruth.length), queriesNulTruth.length));
        check(folder, Benchmark.BASIC, Set.of(EibenchDataset.BASIC_QUERIES, EibenchDataset.BASIC_GROUND_TRUTH));
    }

    /** The seeds are good files: fuzzing starts from inputs that get past parsing into every check. */
    @Test
    void seedsLoadWithoutProblems() throws Exception {
        byte[] complex = seed("complexFileLoadsOrFailsWithDatasetException/seed-two-images");
        complexFileLoadsOrFailsWithDatasetException(complex);
        assertEquals(3, EibenchDataset.load(scratch(), Benchmark.COMPLEX).size());
        basicFilesLoadOrFailWithDatasetException(seed("basicFilesLoadOrFailWithDatasetException/seed-two-samples"));
        assertEquals(2, EibenchDataset.load(scratch(), Benchmark.BASIC).size());
    }

    private static byte[] seed(String name) throws IOException {
        try (var in = EibenchDatasetFuzzTest.class.getResourceAsStream("EibenchDatasetFuzzTestInputs/" + name)) {
            return in.readAllBytes();
        }
    }

    private static void check(Path folder, Benchmark benchmark, Set<String> files) {
        EibenchDataset.Inspection inspection = EibenchDataset.inspect(folder, benchmark);
        try {
            List<Sample> samples = EibenchDataset.load(folder, benchmark);
            assertTrue(inspection.ok(), "load succeeded although inspect found " + inspection.problems());
            assertEquals(inspection.samples(), samples);
        } catch (DatasetException e) {
            assertFalse(inspection.ok(), "load failed although inspect found no problem");
            assertEquals(inspection.problems(), e.problems(), "load and inspect report the same problems");
        }
        for (Problem p : inspection.problems()) {
            assertTrue(files.contains(p.file().getFileName().toString()), p.toString());
            assertTrue(p.line() >= 0 && !p.message().isBlank(), p.toString());
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < inspection.samples().size(); i++) {
            Sample s = inspection.samples().get(i);
            assertEquals(i, s.ordinal(), s.toString());
            assertTrue(ids.add(s.id()), "duplicate id " + s.id());
            assertEquals(benchmark, s.benchmark());
            assertTrue(ImageResolver.checkKey(s.imageKey()).isEmpty(), s.imageKey());
            assertFalse(s.question().isBlank(), s.toString());
            assertFalse(s.triggers().isEmpty(), s.toString());
            assertTrue(s.triggers().stream().noneMatch(String::isBlank), s.toString());
        }
    }

    private static synchronized Path scratch() {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("eibench-fuzz-");
                dir.toFile().deleteOnExit();
                for (String name : List.of(EibenchDataset.COMPLEX, EibenchDataset.BASIC_QUERIES, EibenchDataset.BASIC_GROUND_TRUTH)) {
                    dir.resolve(name).toFile().deleteOnExit();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
