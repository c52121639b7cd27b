package org.eibench.engine.dataset;

import static org.eibench.engine.dataset.CraftedDataset.HAPPY;
import static org.eibench.engine.dataset.CraftedDataset.SAD;
import static org.eibench.engine.dataset.CraftedDataset.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** Crafted bad inputs: every kind of problem is reported with its file and line, all in one pass. */
class EibenchDatasetValidationTest {
    @TempDir
    Path dir;

    private static final String GOOD_TRUTH = "{\n  \"" + HAPPY + "\": \"1. A gift.\\n2. A smile.\",\n  \"" + SAD
            + "\": \"1. Rain.\\n2. Alone.\"\n}\n";

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private List<Problem> basicProblems() {
        return EibenchDataset.inspect(dir, Benchmark.BASIC).problems();
    }

    private void writeGoodTruth() throws IOException {
        write(EibenchDataset.BASIC_GROUND_TRUTH, GOOD_TRUTH);
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

    /** A problem expected at a line of one of the Basic files. */
    private record Expected(String file, int line, String fragment) {
        static Expected queries(int line, String fragment) {
            return new Expected(EibenchDataset.BASIC_QUERIES, line, fragment);
        }

        static Expected truth(int line, String fragment) {
            return new Expected(EibenchDataset.BASIC_GROUND_TRUTH, line, fragment);
        }
    }

    /** Crafted Basic files and the problems they must be reported with. */
    private record BasicCase(String name, String queries, String truth, List<Expected> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Stream<BasicCase> basicCases() {
        return Stream.of(
                new BasicCase("malformed JSON line is reported and the others still checked",
                        "{\"" + HAPPY + "\": \"Why?\"}\n{\"" + SAD + "\": \"Why?\"\n", GOOD_TRUTH,
                        List.of(Expected.queries(2, "malformed JSON"), Expected.truth(3, "has no query"))),
                new BasicCase("line that is not a one-key object",
                        "{\"" + HAPPY + "\": \"Why?\", \"x\": \"y\"}\n[1, 2]\n{\"" + SAD + "\": 3}\n", GOOD_TRUTH,
                        List.of(Expected.queries(1, "one-key JSON object"), Expected.queries(2, "one-key JSON object"),
                                Expected.queries(3, "must be a string"))),
                new BasicCase("duplicate keys in queries and ground truth",
                        "{\"" + HAPPY + "\": \"Why?\"}\n{\"" + HAPPY + "\": \"Why again?\"}\n",
                        "{\n\"" + HAPPY + "\": \"1. A.\\n2. B.\",\n\"" + HAPPY + "\": \"1. C.\\n2. D.\"\n}\n",
                        List.of(Expected.queries(2, "duplicate image path '" + HAPPY + "' (first at line 1)"),
                                Expected.truth(3, "duplicate image path '" + HAPPY + "' (first at line 2)"))),
                new BasicCase("query without ground truth and ground truth without query",
                        "{\"" + HAPPY + "\": \"Why?\"}\n{\"CAER-S/train/Happy/0002.png\": \"Why?\"}\n", GOOD_TRUTH,
                        List.of(Expected.queries(2, "has no ground truth"),
                                Expected.truth(3, "'" + SAD + "' has no query"))),
                new BasicCase("unknown category folder",
                        "{\"CAER-S/train/Fear/0001.png\": \"Why?\"}\n", "{\"CAER-S/train/Fear/0001.png\": \"1. A.\"}",
                        List.of(Expected.queries(1, "not in a known Basic category folder"))),
                new BasicCase("trigger list that does not parse",
                        "{\"" + HAPPY + "\": \"Why?\"}\n{\"" + SAD + "\": \"Why?\"}\n",
                        "{\n\"" + HAPPY + "\": \"2. A.\\n3. B.\",\n\"" + SAD + "\": \"no numbers at all\"\n}\n",
                        List.of(Expected.truth(2, "not a numbered trigger list"),
                                Expected.truth(3, "not a numbered trigger list"))),
                new BasicCase("image keys that escape the root are rejected",
                        "{\"CAER-S/train/Happy/../../../etc/passwd\": \"Why?\"}\n"
                                + "{\"/CAER-S/train/Happy/1.png\": \"Why?\"}\n",
                        "{\"CAER-S/train/Happy/../../../etc/passwd\": \"1. A.\","
                                + " \"/CAER-S/train/Happy/1.png\": \"1. A.\"}",
                        List.of(Expected.queries(1, "not normalised"), Expected.queries(2, "is absolute"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("basicCases")
    void basicProblemIsReportedWithFileAndLine(BasicCase c) throws IOException {
        write(EibenchDataset.BASIC_QUERIES, c.queries());
        write(EibenchDataset.BASIC_GROUND_TRUTH, c.truth());
        List<Problem> problems = basicProblems();
        for (Expected e : c.expected()) {
            assertProblem(problems, e.file(), e.line(), e.fragment());
        }
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
