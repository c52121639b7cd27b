package org.eibench.engine.dataset;

import static org.eibench.engine.dataset.CraftedDataset.HAPPY;
import static org.eibench.engine.dataset.CraftedDataset.SAD;
import static org.eibench.engine.dataset.CraftedDataset.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile dataset and --ids inputs of issue 11 (items 6, 8, 10): each test failed before its fix. */
class DatasetHardeningTest {
    @TempDir
    Path dir;

    private static final String AWE = "EmoSet-118k/image/awe/awe_1.jpg";

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private void writeGoodTruth() throws IOException {
        write(EibenchDataset.BASIC_GROUND_TRUTH, "{\"" + HAPPY + "\": \"1. A gift.\", \"" + SAD + "\": \"1. Rain.\"}");
    }

    @Test
    void twoObjectsOnOneLineAreRefusedWithFileAndLine() throws IOException {
        write(EibenchDataset.COMPLEX, "{\"" + AWE + "\": {\"Why?\": \"1. A view.\"}}"
                + "{\"" + SAD + "\": {\"Why sad?\": \"1. Rain.\"}}\n"
                + "{\"" + SAD + "\": {\"Why?\": \"1. Rain.\"}}\n");
        var inspection = EibenchDataset.inspect(dir, Benchmark.COMPLEX);
        assertProblem(inspection.problems(), EibenchDataset.COMPLEX, 1, "malformed JSON");
        assertEquals(1, inspection.samples().size(), "the good line still loads");
    }

    @Test
    void garbageAfterTheObjectIsRefusedWithFileAndLine() throws IOException {
        write(EibenchDataset.BASIC_QUERIES, "{\"" + HAPPY + "\": \"Why?\"}\n{\"" + SAD + "\": \"Why?\"} garbage\n");
        writeGoodTruth();
        List<Problem> problems = EibenchDataset.inspect(dir, Benchmark.BASIC).problems();
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 2, "malformed JSON");
    }

    @Test
    void anAnnotationFileLinkedToDevZeroIsRefusedWithoutReadingIt() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "needs /dev/zero");
        Files.createSymbolicLink(dir.resolve(EibenchDataset.BASIC_QUERIES), Path.of("/dev/zero"));
        writeGoodTruth();
        List<Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> EibenchDataset.inspect(dir, Benchmark.BASIC).problems());
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 0, "not a regular file");
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 0, "symbolic link to /dev/zero");
    }

    @Test
    void aFifoIsRefusedInsteadOfHanging() throws Exception {
        Path fifo = dir.resolve(EibenchDataset.COMPLEX);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "needs mkfifo: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        List<Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> EibenchDataset.inspect(dir, Benchmark.COMPLEX).problems());
        assertProblem(problems, EibenchDataset.COMPLEX, 0, "not a regular file");
        IOException ids = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> Selection.readIds(fifo)));
        assertTrue(ids.getMessage().contains("the --ids file " + fifo + " is not a regular file"), ids.getMessage());
    }

    @Test
    void anOversizedFileIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big.jsonl");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), InputFiles.MAX_TEXT_BYTES); // sparse: no disk used
        }
        IOException e = assertThrows(IOException.class, () -> InputFiles.readText(big, "the annotation file"));
        assertTrue(e.getMessage().contains("is " + (InputFiles.MAX_TEXT_BYTES + 1) + " bytes; the limit is"),
                e.getMessage());
    }

    @Test
    void anEmptyIdsFileIsAnError() throws IOException {
        Path ids = Files.writeString(dir.resolve("ids.txt"), "\n# nothing yet\n  \n");
        IOException e = assertThrows(IOException.class, () -> Selection.readIds(ids));
        assertTrue(e.getMessage().contains("lists no sample id") && e.getMessage().contains(ids.toString()),
                e.getMessage());
        Files.writeString(ids, "");
        assertThrows(IOException.class, () -> Selection.readIds(ids));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstId() throws IOException {
        Path ids = Files.write(dir.resolve("ids.txt"), ("\uFEFF" + HAPPY + "\r\n" + SAD + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Set.of(HAPPY, SAD), Selection.readIds(ids));
    }

    @Test
    void aMissingIdsFileSaysWhatIsWrong() {
        Path ids = dir.resolve("no-such-ids.txt");
        IOException e = assertThrows(IOException.class, () -> Selection.readIds(ids));
        assertEquals("the --ids file " + ids + " does not exist; give a file with one sample id per line",
                e.getMessage());
    }
}
