package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eibench.engine.scores.ScoresJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charts' confidence-interval whiskers come from scores.json's {@code ci95} beside a figure, when present. */
class ChartWhiskersTest {
    @TempDir
    Path tmp;

    private static ObjectNode ci(double low, double high) {
        return ScoresJson.MAPPER.createObjectNode().put("low", low).put("high", high)
                .put("method", "percentile bootstrap").put("resamples", 2000).put("seed", 1234).put("n", 4);
    }

    private static int whiskers(String html) {
        return ReportHtmlChromiumTest.count(html, "<g class=\"whisker\"");
    }

    @Test
    void withoutIntervalsThereAreNoWhiskersNorStrictChart() throws Exception {
        ReportWriter.write(Fixtures.runDirs(), tmp.resolve("report"));
        String html = Files.readString(tmp.resolve("report").resolve(ReportWriter.HTML));
        assertEquals(0, whiskers(html));
        assertTrue(!html.contains("strict</h2>"), "the strict figures stay in their table");
    }

    @Test
    void anIntervalBesideAFigureBecomesAWhiskerOnItsBar() throws Exception {
        Path run = Fixtures.copyRun("llava-basic", tmp);
        Path scores = run.resolve("scores.json");
        ObjectNode tree = (ObjectNode) ScoresJson.MAPPER.readTree(scores.toFile());
        // the semantic recall's own interval, and the paper-comparable judge figure's beside it
        ((ObjectNode) tree.at("/semantic/categories/overall")).set("ci95", ci(0.40, 0.70));
        ((ObjectNode) tree.at("/judge/categories/happy")).set("referenceCi95", ci(0.33, 1.0));
        ((ObjectNode) tree.at("/judge/categories/angry")).set("ci95", ci(0.25, 0.75)); // the strict figure's
        ScoresJson.MAPPER.writeValue(scores.toFile(), tree);

        Report report = ReportWriter.write(List.of(run), List.of(), tmp.resolve("report"));
        ReportRow row = report.rows().getFirst();
        assertEquals(new Interval(0.40, 0.70, "percentile bootstrap"), row.intervals().get("semantic.overall"));
        assertEquals(new Interval(0.33, 1.0, "percentile bootstrap"), row.intervals().get("basicReference.happy"));
        assertEquals(new Interval(0.25, 0.75, "percentile bootstrap"), row.intervals().get("basic.angry"));
        assertEquals(3, row.intervals().size(), row.intervals().toString());

        String html = Files.readString(tmp.resolve("report").resolve(ReportWriter.HTML));
        assertEquals(3, whiskers(html), "paper-comparable happy, semantic overall, and strict angry");
        assertTrue(html.contains("<h2>Judge trigger recall per category, strict</h2>"),
                "an interval for the strict figure brings its chart");
        assertTrue(html.contains("data-group=\"Angry\" data-series=\"llava-v1.5-7b-Q4_K_M · direct · none\"><title>"
                + "llava-v1.5-7b-Q4_K_M · direct · none — Angry: 95% interval 25.00–75.00%"), html);
        assertTrue(html.contains("<g class=\"whisker\" data-group=\"Happy\" data-series=\"llava-v1.5-7b-Q4_K_M · direct"
                + " · none\"><title>llava-v1.5-7b-Q4_K_M · direct · none — Happy: 95% interval 33.00–100.00%"
                + " (percentile bootstrap)</title>"), html);
        assertTrue(html.contains("data-group=\"Overall\" data-series=\"llava-v1.5-7b-Q4_K_M · direct · none\"><title>"
                + "llava-v1.5-7b-Q4_K_M · direct · none — Overall: 95% interval 40.00–70.00%"), html);
        // the whisker spans the interval on the chart's scale: 240 px plot from y=40, so 40% at 184, 70% at 112
        String overall = html.substring(html.indexOf("<g class=\"whisker\" data-group=\"Overall\""));
        overall = overall.substring(0, overall.indexOf("</g>"));
        assertTrue(overall.matches(".*<line x1=\"[0-9.]+\" y1=\"112\\.0\" x2=\"[0-9.]+\" y2=\"184\\.0\"/>.*"), overall);
        assertTrue(Files.readString(tmp.resolve("report").resolve(ReportWriter.JSON)).contains("\"intervals\""));
    }

    @Test
    void aMalformedIntervalMakesTheScoresFileInvalidNamingIt() throws Exception {
        Path run = Fixtures.copyRun("llava-basic", tmp);
        Path scores = run.resolve("scores.json");
        ObjectNode tree = (ObjectNode) ScoresJson.MAPPER.readTree(scores.toFile());
        ((ObjectNode) tree.at("/semantic/categories/overall")).set("ci95",
                ScoresJson.MAPPER.createObjectNode().put("low", "n/a"));
        ScoresJson.MAPPER.writeValue(scores.toFile(), tree);
        // the interval is part of the typed scores schema: a broken one is a broken file, named, not a silent gap
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ReportWriter.write(List.of(run), List.of(), tmp.resolve("report")));
        assertTrue(e.getMessage().contains(scores.toString()) && e.getMessage().contains("not a valid scores file"),
                e.getMessage());
    }
}
