package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eibench.engine.comparison.ComparisonFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eibench compare} on two scored run folders written by the test. */
class CompareCommandTest {
    @Test
    void printsEachDifferenceWithItsIntervalPValueAndVerdict(@TempDir Path tmp) throws Exception {
        Path[] runs = ComparisonFixtures.pair(tmp);
        var r = RunCommandTest.run("compare", runs[0].toString(), runs[1].toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("compare A = run-a with B = run-b: 9 samples both answered (1 only in A, 2 only"
                + " in B, left out)"), r.out());
        assertTrue(r.out().contains("paired percentile bootstrap 95% interval (2000 resamples, seed"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches(" +angry +5 pairs +A 70\\.00% +B 80\\.00% +B−A \\+10\\.00"
                + " \\[\\+10\\.00, \\+10\\.00\\] +p 0\\.0625 +within noise: p = 0\\.0625 ≥ 0\\.05")), r.out());
        var again = RunCommandTest.run("compare", runs[0].toString(), runs[1].toString());
        assertEquals(r.out(), again.out(), "seeded: the same figures every time");
        var otherSeed = RunCommandTest.run("compare", runs[0].toString(), runs[1].toString(), "--stats-seed", "9");
        assertTrue(otherSeed.out().contains("seed 9)"), otherSeed.out());
    }

    @Test
    void jsonOutput(@TempDir Path tmp) throws Exception {
        Path[] runs = ComparisonFixtures.pair(tmp);
        var r = RunCommandTest.run("compare", runs[0].toString(), runs[1].toString(), "--json", "--resamples", "3000");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(9, json.get("shared").asInt());
        assertEquals(1, json.get("onlyA").asInt());
        assertEquals(2, json.get("onlyB").asInt());
        JsonNode first = json.get("differences").get(0);
        assertEquals("judge recall (strict)", first.get("metric").asText());
        assertEquals("happy", first.get("category").asText());
        assertEquals("paired percentile bootstrap", first.at("/difference/ci95/method").asText());
        assertEquals(3000, first.at("/difference/ci95/resamples").asInt());
        assertTrue(first.at("/difference/withinNoise").isBoolean());
    }

    @Test
    void refusesTooFewFlipsAndUnscoredRuns(@TempDir Path tmp) throws Exception {
        Path[] runs = ComparisonFixtures.pair(tmp);
        var flips = RunCommandTest.run("compare", runs[0].toString(), runs[1].toString(), "--flips", "50");
        assertEquals(Main.EXIT_USAGE, flips.exit());
        assertTrue(flips.err().contains("--flips must be an integer in [10000, 10000000]"), flips.err());
        var resamples = RunCommandTest.run("compare", runs[0].toString(), runs[1].toString(), "--resamples", "10");
        assertEquals(Main.EXIT_USAGE, resamples.exit());
        assertTrue(resamples.err().contains("--resamples must be an integer in [1000, 1000000]"), resamples.err());
        Path unscored = Files.createDirectories(tmp.resolve("unscored"));
        var missing = RunCommandTest.run("compare", runs[0].toString(), unscored.toString());
        assertEquals(Main.EXIT_USAGE, missing.exit());
        assertTrue(missing.err().contains("score the run first"), missing.err());
    }

    @Test
    void helpExplainsTheStatistics() {
        var r = RunCommandTest.run("compare", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("sign-flip permutation test"), r.out());
        assertTrue(r.out().contains("within noise"), r.out());
        assertTrue(RunCommandTest.run("--help").out().contains("compare"));
    }

    @Test
    void theHelpOfTheVerbsWithStatisticsFormatsCleanly() {
        // picocli formats help text with String.format: a bare "95% interval" is a broken conversion it warns about
        java.io.PrintStream stderr = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String verb : java.util.List.of("compare", "score", "demo")) {
                String usage = Main.commandLine().getSubcommands().get(verb).getUsageMessage();
                assertTrue(usage.contains("95% interval"), verb + ": " + usage);
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
