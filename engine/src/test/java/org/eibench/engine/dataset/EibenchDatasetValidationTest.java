package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crafted bad inputs: every kind of problem is reported with its file and line, all in one pass. */
class EibenchDatasetValidationTest {
    @TempDir
    Path dir;

    private static final String HAPPY = "CAER-S/train/Happy/0001.png";
    private static final String SAD = "EmoSet-118k/image/sadness/sadness_1.jpg";

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private List<Problem> basicProblems() {
        return EibenchDataset.inspect(dir, Benchmark.BASIC).problems();
    }

    private static void assertProblem(List<Problem> problems, String file, int line, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.file().getFileName().toString().equals(file)
                        && p.line() == line && p.message().contains(fragment)),
                () -> "expected " + file + ":" + line + " '" + fragment + "' among\n" + problems);
    }

    private void writeGoodTruth() throws IOException {
        write(EibenchDataset.BASIC_GROUND_TRUTH, "{\n  \"" + HAPPY + "\": \"1. A gift.\\n2. A smile.\",\n  \""
                + SAD + "\": \"1. Rain.\\n2. Alone.\"\n}\n");
    }

    @Test
    void goodFilesLoad() throws Exception {
        write(EibenchDataset.BASIC_QUERIES, "{\"" + HAPPY + "\": \"Why is she happy?\"}\n{\"" + SAD
                + "\": \"Why is he sad?\"}\n");
        writeGoodTruth();
        List<Sample> samples = EibenchDataset.load(dir, Benchmark.BASIC);
        assertEquals(2, samples.size());
        assertEquals(new Sample(HAPPY, 0, Benchmark.BASIC, HAPPY, "Why is she happy?", "1. A gift.\n2. A smile.",
                List.of("A gift.", "A smile."), "happy"), samples.get(0));
        assertEquals("sad", samples.get(1).category());
    }

    @Test
    void malformedJsonLineIsReportedAndOthersStillChecked() throws IOException {
        write(EibenchDataset.BASIC_QUERIES, "{\"" + HAPPY + "\": \"Why?\"}\n{\"" + SAD + "\": \"Why?\"\n");
        writeGoodTruth();
        List<Problem> problems = basicProblems();
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 2, "malformed JSON");
        assertProblem(problems, EibenchDataset.BASIC_GROUND_TRUTH, 3, "has no query");
    }

    @Test
    void lineThatIsNotAOneKeyObject() throws IOException {
        write(EibenchDataset.BASIC_QUERIES, "{\"" + HAPPY + "\": \"Why?\", \"x\": \"y\"}\n[1, 2]\n{\"" + SAD
                + "\": 3}\n");
        writeGoodTruth();
        List<Problem> problems = basicProblems();
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 1, "one-key JSON object");
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 2, "one-key JSON object");
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 3, "must be a string");
    }

    @Test
    void duplicateKeysInQueriesAndGroundTruth() throws IOException {
        write(EibenchDataset.BASIC_QUERIES, "{\"" + HAPPY + "\": \"Why?\"}\n{\"" + HAPPY + "\": \"Why again?\"}\n");
        write(EibenchDataset.BASIC_GROUND_TRUTH, "{\n\"" + HAPPY + "\": \"1. A.\\n2. B.\",\n\"" + HAPPY
                + "\": \"1. C.\\n2. D.\"\n}\n");
        List<Problem> problems = basicProblems();
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 2, "duplicate image path '" + HAPPY + "' (first at line 1)");
        assertProblem(problems, EibenchDataset.BASIC_GROUND_TRUTH, 3, "duplicate image path '" + HAPPY
                + "' (first at line 2)");
    }

    @Test
    void queryWithoutGroundTruthAndGroundTruthWithoutQuery() throws IOException {
        write(EibenchDataset.BASIC_QUERIES, "{\"" + HAPPY + "\": \"Why?\"}\n{\"CAER-S/train/Happy/0002.png\":"
                + " \"Why?\"}\n");
        writeGoodTruth();
        List<Problem> problems = basicProblems();
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 2, "has no ground truth");
        assertProblem(problems, EibenchDataset.BASIC_GROUND_TRUTH, 3, "'" + SAD + "' has no query");
    }

    @Test
    void unknownCategoryFolder() throws IOException {
        write(EibenchDataset.BASIC_QUERIES, "{\"CAER-S/train/Fear/0001.png\": \"Why?\"}\n");
        write(EibenchDataset.BASIC_GROUND_TRUTH, "{\"CAER-S/train/Fear/0001.png\": \"1. A.\"}");
        assertProblem(basicProblems(), EibenchDataset.BASIC_QUERIES, 1, "not in a known Basic category folder");
    }

    @Test
    void triggerListThatDoesNotParse() throws IOException {
        write(EibenchDataset.BASIC_QUERIES, "{\"" + HAPPY + "\": \"Why?\"}\n{\"" + SAD + "\": \"Why?\"}\n");
        write(EibenchDataset.BASIC_GROUND_TRUTH, "{\n\"" + HAPPY + "\": \"2. A.\\n3. B.\",\n\"" + SAD
                + "\": \"no numbers at all\"\n}\n");
        List<Problem> problems = basicProblems();
        assertProblem(problems, EibenchDataset.BASIC_GROUND_TRUTH, 2, "not a numbered trigger list");
        assertProblem(problems, EibenchDataset.BASIC_GROUND_TRUTH, 3, "not a numbered trigger list");
    }

    @Test
    void nonUtf8BytesAreReportedWithLineAndColumn() throws IOException {
        byte[] good = ("{\"" + HAPPY + "\": \"Why?\"}\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = ("{\"" + SAD + "\": \"Why caf\u00e9?\"}\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Files.write(dir.resolve(EibenchDataset.BASIC_QUERIES), all);
        writeGoodTruth();
        List<Problem> problems = basicProblems();
        int column = new String(bad, StandardCharsets.ISO_8859_1).indexOf('\u00e9') + 1;
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 2, "not valid UTF-8 (byte 0xE9 at column " + column);
    }

    @Test
    void imageKeysThatEscapeTheRootAreRejected() throws IOException {
        write(EibenchDataset.BASIC_QUERIES, "{\"CAER-S/train/Happy/../../../etc/passwd\": \"Why?\"}\n"
                + "{\"/CAER-S/train/Happy/1.png\": \"Why?\"}\n");
        write(EibenchDataset.BASIC_GROUND_TRUTH, "{\"CAER-S/train/Happy/../../../etc/passwd\": \"1. A.\","
                + " \"/CAER-S/train/Happy/1.png\": \"1. A.\"}");
        List<Problem> problems = basicProblems();
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 1, "not normalised");
        assertProblem(problems, EibenchDataset.BASIC_QUERIES, 2, "is absolute");
    }

    @Test
    void complexProblemsAllAtOnce() throws IOException {
        String anger = "EmoSet-118k/image/anger/anger_1.jpg";
        write(EibenchDataset.COMPLEX, String.join("\n",
                "{\"" + anger + "\": {\"Why angry?\": \"1. Shouting.\\n2. Fists.\"}}",
                "{\"" + anger + "\": {\"Why angry?\": \"1. Again.\"}}",
                "{\"" + anger + "\": {\"Why happy?\": \"1. Gift.\", \"Why sad?\": \"1. Rain.\"}}",
                "{\"EmoSet-118k/image/joy/joy_1.jpg\": {\"Why?\": \"1. Sun.\"}}",
                "{\"" + anger + "\": {\"Why tired?\": \"Sleep.\"}}",
                "not json",
                "{\"" + anger + "\": {\"Why calm?\": \"1. Tea.\"}}") + "\n");
        EibenchDataset.Inspection inspection = EibenchDataset.inspect(dir, Benchmark.COMPLEX);
        List<Problem> problems = inspection.problems();
        assertProblem(problems, EibenchDataset.COMPLEX, 2, "duplicate question");
        assertProblem(problems, EibenchDataset.COMPLEX, 3, "one-key object");
        assertProblem(problems, EibenchDataset.COMPLEX, 4, "not in an EmoSet emotion folder");
        assertProblem(problems, EibenchDataset.COMPLEX, 5, "not a numbered trigger list");
        assertProblem(problems, EibenchDataset.COMPLEX, 6, "malformed JSON");
        assertEquals(5, problems.size(), problems::toString);
        assertEquals(List.of(anger + "#1", anger + "#3"),
                inspection.samples().stream().map(Sample::id).toList());
        DatasetException e = assertThrows(DatasetException.class, () -> EibenchDataset.load(dir, Benchmark.COMPLEX));
        assertEquals(5, e.problems().size());
        assertTrue(e.getMessage().contains(dir.resolve(EibenchDataset.COMPLEX) + ":6: malformed JSON"), e.getMessage());
    }

    @Test
    void missingFilesAreProblemsNotCrashes() {
        List<Problem> problems = basicProblems();
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.getFirst().message().contains("file not found"));
    }
}
