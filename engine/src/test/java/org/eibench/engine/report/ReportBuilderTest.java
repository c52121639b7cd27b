package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportBuilderTest {
    @TempDir
    Path out;

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
        ReportWriter.write(Fixtures.runDirs(), out);
        String md = Files.readString(out.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("| Model | Mode | Persona | Happy | Angry | Sad | Excitement | Overall | Complex |"
                + " Coherence | Semantic recall |"), md);
        assertTrue(md.contains("| llava-v1.5-7b-Q4_K_M | direct | none | 66.67 | 50.00 | 0.00 | 66.67 | 45.83 | 30.00"
                + " | 0.540 | 54.17 |"), md);
        assertTrue(md.contains("| qwen2-vl-2b-Q8_0 | cot | – | 100.00 | 25.00 | 0.00 | 66.67 | 47.92 | – | 0.540"
                + " | 72.92 |"), md);
        assertTrue(md.contains("| qwen2-vl-2b-Q8_0 | cot | – | 100.00 | 25.00 | 133.33 | 66.67 |"), md);
        assertTrue(Files.readString(out.resolve(ReportWriter.JSON)).contains("\"basicReference\""));
    }

    @Test
    void htmlEscapesModelOutput() throws Exception {
        ReportWriter.write(Fixtures.runDirs(), out);
        String html = Files.readString(out.resolve(ReportWriter.HTML));
        assertFalse(html.contains("<script"), "an answer's <script> must be escaped");
        assertFalse(html.contains("<b>angrily"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; He is shouting &amp; pointing"));
        for (String loader : List.of(" src=", " href=", "url(", "@import")) {
            assertFalse(html.contains(loader), "report.html must load nothing, but contains " + loader);
        }
    }
}
