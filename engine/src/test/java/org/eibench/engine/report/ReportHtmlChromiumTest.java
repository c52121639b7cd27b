package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders report.html in headless Chromium and checks the DOM and a screenshot. */
class ReportHtmlChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path work;

    static Path html;

    @BeforeAll
    static void writeReport() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "headless Chromium is missing at " + CHROMIUM + "; install it with: apt-get install -y chromium");
        ReportWriter.write(Fixtures.runDirs(), work.resolve("report"));
        html = work.resolve("report").resolve(ReportWriter.HTML);
    }

    private static String chromium(String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri().toString());
        Path stdout = work.resolve("chromium-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium exit status for " + cmd);
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** How often {@code regex} occurs in {@code text}. */
    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void domHasTheTablesChartsAndEscapedSamples() throws Exception {
        String dom = chromium("--dump-dom");
        assertTrue(dom.contains("<table class=\"figures\" id=\"recall\">"), dom);
        assertTrue(dom.contains("<th>Excitement</th><th>Overall</th><th>Complex</th><th>Strict overall</th>"
                + "<th>Strict complex</th><th>Samples</th><th>Failures</th>"), dom);
        // the first table: the paper-comparable figure (sad repeats the previous 0.5, as get_scores.py)
        assertTrue(dom.contains("<td>llava-v1.5-7b-Q4_K_M</td><td>direct</td><td>none</td><td>reference</td>"
                + "<td>Meta-Llama-3-8B-Instruct-Q4_K_M</td><td class=\"num\">66.67</td><td class=\"num\">50.00</td>"
                + "<td class=\"num\">50.00</td><td class=\"num\">66.67</td><td class=\"num\">61.11</td>"
                + "<td class=\"num\">30.00</td><td class=\"num\">45.83</td>"), dom);
        assertTrue(dom.contains("<table class=\"figures\" id=\"strict\">"), dom);
        assertTrue(dom.contains("<table class=\"figures\" id=\"coherence\">"), dom);
        assertEquals(2, count(dom, "<svg[^>]*class=\"chart\""), "judge chart and semantic chart");
        // judge chart: 2 rows x 5 Basic columns + the llava row's Complex bar; semantic chart: 2 rows x 5
        assertEquals(11 + 10, count(dom, "<rect class=\"bar\""));
        assertTrue(dom.contains("data-group=\"Complex\" data-series=\"llava-v1.5-7b-Q4_K_M · direct · none\""), dom);
        // the answer's markup stays text: the only script elements are the explorer's data and code
        assertEquals(2, count(dom, "<script"), "the explorer's data blob and its script");
        assertTrue(dom.contains("<div class=\"answer\">&lt;script&gt;alert('x')&lt;/script&gt; He is shouting &amp;"
                + " pointing"), dom);
        // the explorer ran: 4 Basic samples shared by two runs and 2 Complex ones make 6 cards
        assertEquals(6, count(dom, "<article class=\"card\""), dom);
        assertTrue(dom.contains("<li class=\"found\"><span class=\"mark\">✓ found</span><span class=\"trigger\">"
                + "Pointing finger.</span></li>"), dom);
    }

    @Test
    void screenshotIsNotBlank() throws Exception {
        Path png = work.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1200,2000", "--hide-scrollbars");
        assertTrue(Files.size(png) > 20_000, "screenshot " + png + " is only " + Files.size(png) + " bytes");
        Path keep = Path.of("target", "report-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
