package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eibench.engine.comparison.ComparisonFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's statistics tables: intervals, and a paired comparison when two runs share samples. */
class ReportStatisticsTest {
    @Test
    void twoRunsSharingSamplesGetAPairedComparisonSection(@TempDir Path tmp) throws Exception {
        Path[] runs = ComparisonFixtures.pair(tmp);
        ReportWriter.write(List.of(runs[0], runs[1]), tmp.resolve("report"));
        String md = Files.readString(tmp.resolve("report/report.md"));
        assertTrue(md.contains("## Paired comparisons on the samples both runs answered"), md);
        assertTrue(md.contains("run-a vs run-b: 9 shared, 1 only in A, 2 only in B"), md);
        assertTrue(md.contains("| run-a | run-b | judge recall (strict) | angry | 5 | 70.00 | 80.00 | +10.00 |"
                + " [+10.00, +10.00] | 0.0625 | within noise: p = 0.0625 ≥ 0.05 |"), md);
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("report/report.json").toFile());
        assertEquals(9, json.at("/comparisons/0/shared").asInt());
        assertTrue(Files.readString(tmp.resolve("report/report.html")).contains("Paired comparisons"));
    }

    @Test
    void runsWithoutSharedSamplesGetNoComparison(@TempDir Path tmp)
            throws Exception {
        Path[] runs = ComparisonFixtures.pair(tmp);
        ReportWriter.write(List.of(runs[0], Fixtures.runDirs().get(1)), tmp.resolve("report"));
        String md = Files.readString(tmp.resolve("report/report.md"));
        assertFalse(md.contains("## Paired comparisons"), md);
    }
}
