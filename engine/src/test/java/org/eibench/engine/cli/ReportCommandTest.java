package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eibench.engine.report.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
    @TempDir
    Path out;

    @Test
    void writesTheThreeReportFiles() {
        StringWriter stdout = new StringWriter();
        CommandLine cl = new CommandLine(new ReportCommand()).setOut(new PrintWriter(stdout));
        List<String> args = new ArrayList<>(Fixtures.runDirs().stream().map(Path::toString).toList());
        args.addAll(List.of("--out", out.toString()));
        assertEquals(0, cl.execute(args.toArray(String[]::new)));
        for (String f : List.of("report.md", "report.json", "report.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals("report of 3 run(s), 2 row(s): " + out.resolve("report.html") + System.lineSeparator(),
                stdout.toString());
    }

    @Test
    void aFolderWithoutScoresIsAnErrorNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReportCommand()).setErr(new PrintWriter(err));
        int code = cl.execute(out.toString(), "--out", out.resolve("r").toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("no scores.json in " + out), err.toString());
    }

    @Test
    void paperRowsAreAddedByNameAndAnUnknownNameFailsWithTheClosest() throws Exception {
        StringWriter stdout = new StringWriter();
        CommandLine cl = new CommandLine(new ReportCommand()).setOut(new PrintWriter(stdout));
        List<String> args = new ArrayList<>(Fixtures.runDirs().stream().map(Path::toString).toList());
        args.addAll(List.of("--out", out.toString(), "--paper-rows", "llava-next-34b", "--paper-judge", "chatgpt"));
        assertEquals(0, cl.execute(args.toArray(String[]::new)));
        assertEquals("report of 3 run(s), 2 row(s) and 3 paper row(s): " + out.resolve("report.html")
                + System.lineSeparator(), stdout.toString()); // LLaVA-NEXT (34B): user, caption, cot; CFSA is its own
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| LLaVA-NEXT (34B) | user | – | paper | gpt-3.5-turbo (paper) |"), md);

        StringWriter err = new StringWriter();
        int code = new CommandLine(new ReportCommand()).setErr(new PrintWriter(err)).execute(
                Fixtures.runDirs().getFirst().toString(), "--out", out.resolve("r").toString(), "--paper-rows",
                "llava-1.6-34b");
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("eibench: no paper row for model 'llava-1.6-34b'; closest: "), err.toString());
        assertTrue(err.toString().contains("LLaVA-NEXT (34B)") || err.toString().contains("LLaVA-1.5 (13B)"),
                err.toString());
    }
}
