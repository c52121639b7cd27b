package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eibench.engine.judge.JudgeCategories;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperResultsTest {
    private static final List<String> COLUMNS = JudgeCategories.load("basic").columns();
    private static final List<PaperResults.Judge> BOTH = List.of(PaperResults.Judge.LLAMA3, PaperResults.Judge.CHATGPT);

    @TempDir
    Path out;

    @Test
    void theResourceIsTheSharedCopyOfThePaperTablesByteForByte() throws Exception {
        Path shared = Path.of("..", "..", "shared", "reference", "paper-results.json");
        Assumptions.assumeTrue(Files.isRegularFile(shared), "no " + shared.toAbsolutePath() + " to compare with");
        try (InputStream in = PaperResults.class.getResourceAsStream(PaperResults.RESOURCE)) {
            assertArrayEquals(Files.readAllBytes(shared), in.readAllBytes());
        }
    }

    @Test
    void namesMatchIgnoringCaseSpacesAndPunctuationAndAllSelectsEveryModel() {
        PaperResults paper = PaperResults.load();
        assertEquals(List.of("LLaVA-1.5 (13B)", "LLaVA-NEXT (7B)"),
                paper.select(List.of("llava-next-7b", "LLaVA-1.5 (13B)")), "in the paper's order");
        assertEquals(paper.models(), paper.select(List.of("all")));
        List<ReportRow> all = paper.rows(paper.select(List.of("all")), BOTH, COLUMNS);
        assertEquals(31 * 2, all.size(), "31 Basic rows of the paper, each under both judges");
        assertEquals(13 * 2, all.stream().filter(r -> r.complexReference() != null).count(), "13 Complex rows");
    }

    @Test
    void anUnknownNameFailsWithTheClosestNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaperResults.load().select(List.of("llava-1.5-7b")));
        assertTrue(e.getMessage().startsWith("no paper row for model 'llava-1.5-7b'; closest: LLaVA-1.5 (13B)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("(or all; every name: Qwen-VL-Chat, "), e.getMessage());
    }

    @Test
    void aPaperRowCarriesTheJudgedCellsAndTheComplexFigureOnItsUserRow() {
        PaperResults paper = PaperResults.load();
        List<ReportRow> rows = paper.rows(List.of("LLaVA-1.5 (13B)"), BOTH, COLUMNS);
        assertEquals(List.of("user", "user", "caption", "caption", "cot", "cot"),
                rows.stream().map(ReportRow::mode).toList());
        ReportRow user = rows.getFirst();
        assertEquals("Meta-Llama-3-8B-Instruct (paper)", user.judge());
        assertEquals(0.5901, user.basicReference().get("happy"), 1e-12);
        assertEquals(0.5437, user.basicReference().get("overall"), 1e-12);
        assertEquals(0.381, user.complexReference(), 1e-12);
        assertEquals(0.3953, rows.get(1).complexReference(), 1e-12); // the ChatGPT judge's cell
        assertNull(rows.get(2).complexReference(), "the Complex table has the user prompt only");
        assertEquals(ReportRow.PAPER, user.protocol());
        assertTrue(user.basic().isEmpty(), "the paper has no strict figure");
    }

    @Test
    void paperRowsStandBesideTheRunsInTheTablesAndTheChart() throws Exception {
        PaperResults paper = PaperResults.load();
        Report report = ReportWriter.write(Fixtures.runDirs(),
                paper.rows(List.of("LLaVA-1.5 (13B)"), List.of(PaperResults.Judge.LLAMA3), COLUMNS), out);
        assertEquals(2 + 3, report.rows().size());
        String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| LLaVA-1.5 (13B) | user | – | paper | Meta-Llama-3-8B-Instruct (paper) | 59.01 |"
                + " 45.44 | 55.16 | 57.46 | 54.37 | 38.10 | – | – | – | – |"), md);
        String strict = md.substring(md.indexOf("## Strict trigger recall"));
        assertTrue(!strict.contains("LLaVA-1.5 (13B)"), "paper rows only where the paper has a figure: " + strict);
        String html = Files.readString(out.resolve(ReportWriter.HTML));
        assertTrue(html.contains("data-series=\"LLaVA-1.5 (13B) · user · paper, Meta-Llama-3-8B-Instruct judge\""),
                "the chart has a bar series for the paper row, its judge named");
        assertTrue(html.contains("<title>LLaVA-1.5 (13B) · user · paper, Meta-Llama-3-8B-Instruct judge — Complex:"
                + " 38.10%</title>"), html);
    }
}
