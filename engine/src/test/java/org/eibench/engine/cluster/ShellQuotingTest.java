package org.eibench.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Quoted values come back unchanged from a real bash, whatever characters they hold. */
class ShellQuotingTest {
    static final List<String> NASTY = List.of("plain", "with space", "it's", "\"double\"", "$HOME", "${x:-y}",
            "`date`", "$(id)", "back\\slash", "semi;colon", "glob*?[a]", "tab\there", "~", "#hash", "100%", "",
            "-n", "ünïcode ✓", "a'b\"c$d e");

    @Test
    void bashWordsExpandToTheirValues() throws Exception {
        List<String> echoed = bash("printf '%s\\n' " + ShellQuoting.bash(NASTY));
        assertEquals(NASTY, echoed);
    }

    @Test
    void lineBreaksAreRefusedNotMangled() {
        assertThrows(IllegalArgumentException.class, () -> ShellQuoting.bash("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> ShellQuoting.sbatchDirective("a\rb"));
    }

    @Test
    void sbatchDirectivesEscapeQuotesBackslashesAndHashes() {
        assertEquals("\"a \\\"b\\\" \\#c \\\\d $e\"", ShellQuoting.sbatchDirective("a \"b\" #c \\d $e"));
    }

    @Test
    void slurmFileNamesDoublePercentAndRefuseBackslashes() {
        assertEquals("/runs/100%%/logs", ShellQuoting.slurmFilenameLiteral("/runs/100%/logs"));
        assertThrows(IllegalArgumentException.class, () -> ShellQuoting.slurmFilenameLiteral("/runs/a\\b"));
    }

    static List<String> bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("bash failed: " + out);
        }
        List<String> lines = new ArrayList<>(List.of(out.split("\n", -1)));
        lines.removeLast(); // the text ends with a line break
        return lines;
    }
}
