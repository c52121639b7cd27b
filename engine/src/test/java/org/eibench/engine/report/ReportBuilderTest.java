package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportBuilderTest {
    @TempDir
    Path out;

    /** report.md of the three fixture runs. */
    private String markdown() throws IOException {
        ReportWriter.write(Fixtures.runDirs(), out);
        return Files.readString(out.resolve(ReportWriter.MARKDOWN));
    }

    @Test
    void basicAndComplexRunsOfOneModelShareARow() throws Exception {
        Report report = ReportWriter.write(Fixtures.runDirs(), out);
        assertEquals(2, report.rows().size());
        ReportRow llava = report.rows().get(0);
        assertEquals(List.of("llava-basic", "llava-complex"), llava.runs());
        assertEquals("llava-v1.5-7b-Q4_K_M · direct · none", llava.label());
        assertEquals(0.3, llava.complex(), 1e-12); // (2/5 + 1/5) / 2
        ReportRow qwen = report.rows().get(1);
        assertEquals("qwen2-vl-2b-Q8_0", qwen.model()); // from run.json's {"model": {"name": ...}}
        assertEquals(null, qwen.complex());
        assertEquals(0.0, qwen.basic().get("sad")); // 4/3 is malformed: counts 0
        assertEquals(4.0 / 3, qwen.basicReference().get("sad"), 1e-12); // the reference keeps 4/3
    }

    @Test
    void markdownHasThePaperStyleTable() throws Exception {
        String md = markdown();
        assertTrue(md.contains("| Model | Mode | Persona | Happy | Angry | Sad | Excitement | Overall | Complex |"
                + " Semantic recall |"), md);
        assertTrue(md.contains("| llava-v1.5-7b-Q4_K_M | direct | none | 66.67 | 50.00 | 0.00 | 66.67 | 45.83 | 30.00"
                + " | 54.17 |"), md);
        assertTrue(md.contains("| qwen2-vl-2b-Q8_0 | cot | – | 100.00 | 25.00 | 0.00 | 66.67 | 47.92 | – |"
                + " 72.92 |"), md);
        assertTrue(md.contains("| qwen2-vl-2b-Q8_0 | cot | – | own protocol | Meta-Llama-3-8B-Instruct-Q4_K_M | 100.00 |"
                + " 25.00 | 133.33 | 66.67 | 81.25 | – | 47.92 | – | 4 | 1 |"), md);
        assertTrue(Files.readString(out.resolve(ReportWriter.JSON)).contains("\"basicReference\""));
    }

    @Test
    void theFirstTableIsThePaperComparableFigureWithTheStrictOneAndTheFailuresBesideIt() throws Exception {
        String md = markdown();
        int first = md.indexOf("\n## ");
        assertEquals(first, md.indexOf("\n## Trigger recall (LLM judge, %), paper-comparable: the reference&#39;s"
                + " aggregation"), md); // Markdown cells are HTML-escaped
        assertTrue(md.contains("| Model | Mode | Persona | Protocol | Judge | Happy | Angry | Sad | Excitement |"
                + " Overall | Complex | Strict overall | Strict complex | Samples | Failures |"), md);
        // llava: Basic sad has no score (strict 0, the reference repeats the previous 0.5); 4 + 2 samples, 1 failure
        assertTrue(md.contains("| llava-v1.5-7b-Q4_K_M | direct | none | reference | Meta-Llama-3-8B-Instruct-Q4_K_M |"
                + " 66.67 | 50.00 | 50.00 | 66.67 | 61.11 | 30.00 | 45.83 | 30.00 | 6 | 1 |"), md);
        assertTrue(md.indexOf("paper-comparable: the reference&#39;s") < md.indexOf("## Strict trigger recall"), md);
    }

    @Test
    void coherenceShowsBothFiguresAndWhatProducedThem() throws Exception {
        String md = markdown();
        assertTrue(md.contains("| Model | Mode | Persona | Paper-comparable | Strict | Scored by |"), md);
        assertTrue(md.contains("| llava-v1.5-7b-Q4_K_M | direct | none | 0.720 | 0.540 | all-MiniLM-L6-v2 (CLS)"
                + " (--scorer minilm); split by SentenceSegmenter; not the paper&#39;s definition (that is BERT [CLS],"
                + " --scorer bert:DIR) |"), md);
        // a scores.json from before the labels: the figure stays, the labels say they were not recorded
        assertTrue(md.contains("| qwen2-vl-2b-Q8_0 | cot | – | – | 0.540 | gpt2; splitter not recorded; definition"
                + " not recorded |"), md);
    }

    @Test
    void theDetailsNameTheOwnProtocolAndTheFailedGenerations() throws Exception {
        String md = markdown();
        assertTrue(md.contains("| Run | Benchmark | Judge model | Policy | Samples | Failures | Generation failed |"
                + " Exhausted | Malformed | No score | Strict % | Paper-comparable % | Reference skipped | Protocol |"), md);
        assertTrue(md.contains("| qwen-basic | basic | Meta-Llama-3-8B-Instruct-Q4_K_M | grammar | 4 | 1 | 0 | 0 | 1"
                + " | 0 | 47.92 | 81.25 | 0 | own protocol: chat template chatml: not the reference&#39;s (a test"
                + " reason) |"), md);
        assertTrue(md.contains("| llava-basic | basic | Meta-Llama-3-8B-Instruct-Q4_K_M | reference | 4 | 1 | 0 | 0 |"
                + " 0 | 1 | 45.83 | 61.11 | 0 | reference |"), md);
    }

    @Test
    void htmlEscapesModelOutput() throws Exception {
        ReportWriter.write(Fixtures.runDirs(), out);
        String html = Files.readString(out.resolve(ReportWriter.HTML));
        // the only script elements are the explorer's data blob and code; in the blob '<' is escaped
        assertEquals(2, html.split("<script", -1).length - 1, "an answer's <script> must be escaped");
        assertFalse(html.contains("<b>angrily"));
        assertTrue(html.contains("\\u003cscript>alert('x')\\u003c/script> He is shouting & pointing \\u003cb>angrily"),
                "the answer as JSON text in the explorer's data");
        for (String loader : List.of(" src=", " href=", "url(", "@import")) {
            assertFalse(html.contains(loader), "report.html must load nothing, but contains " + loader);
        }
    }
}
