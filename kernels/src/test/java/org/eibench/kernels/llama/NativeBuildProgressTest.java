package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile progress of {@code native/build.sh}: one redrawn line on a terminal, plain lines in a log. The script
 * runs for real on a copy of the native folder, with a stand-in {@code cmake} that prints Ninja's step lines, so
 * nothing is compiled and the shared build cache is not touched.
 */
class NativeBuildProgressTest {
    private static final Path NATIVE = Path.of(System.getProperty("eibench.repo.dir",
            Path.of("..").toAbsolutePath().normalize().toString()), "native");

    @Test
    void withoutATerminalEachTenthIsAPlainLine() throws Exception {
        Result r = filter("--lines", steps(20) + "warning: unused variable\n");
        assertEquals(List.of("[native] compiled 2/20 (10%)", "[native] compiled 4/20 (20%)",
                "[native] compiled 6/20 (30%)", "[native] compiled 8/20 (40%)", "[native] compiled 10/20 (50%)",
                "[native] compiled 12/20 (60%)", "[native] compiled 14/20 (70%)", "[native] compiled 16/20 (80%)",
                "[native] compiled 18/20 (90%)", "[native] compiled 20/20 (100%)"), r.stdout().lines().toList());
        assertFalse(r.stdout().contains("\r"), "no carriage return in a log");
    }

    @Test
    void makeStylePercentLinesAreUnderstoodToo() throws Exception {
        assertEquals("[native] compiled 50%\n[native] compiled 100%\n",
                filter("--lines", "[  5%] Building C object a.o\n[ 50%] Building b\n[100%] Built target mtmd\n")
                        .stdout());
    }

    @Test
    void onATerminalOneLineIsRedrawnAndEndedOnce() throws Exception {
        String erase = "\r\033[K";
        assertEquals(erase + "[native] compiling 1/3 (33%)" + erase + "[native] compiling 2/3 (66%)" + erase
                + "[native] compiling 3/3 (100%)\n", filter("--tty", steps(3)).stdout());
        assertEquals("", filter("--tty", "nothing compiled\n").stdout(), "no stray newline without progress");
    }

    @Test
    void theBuildScriptLogsPlainProgressLinesAndKeepsTheFullLog(@TempDir Path tmp) throws Exception {
        Result r = buildWithStandInCmake(tmp, 0);
        assertEquals(0, r.exit(), r.stderr());
        assertFalse(r.stderr().contains("\r"), r.stderr());
        List<String> progress = r.stderr().lines().filter(l -> l.startsWith("[native] compiled")).toList();
        assertEquals("[native] compiled 1/10 (10%)", progress.getFirst());
        assertEquals("[native] compiled 10/10 (100%)", progress.getLast());
        assertEquals(10, progress.size(), r.stderr());
        try (var logs = Files.list(tmp.resolve("native/build"))) {
            Path log = logs.filter(p -> p.toString().endsWith(".build.log")).findFirst().orElseThrow();
            assertTrue(Files.readString(log).contains("[7/10] Building CXX object step7.o"), "full output in the log");
        }
    }

    @Test
    void aFailedCompileFailsTheScript(@TempDir Path tmp) throws Exception {
        Result r = buildWithStandInCmake(tmp, 1);
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("build failed; see"), r.stderr());
    }

    private static String steps(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            out.append('[').append(i).append('/').append(n).append("] Building CXX object step").append(i)
                    .append(".o\n");
        }
        return out.toString();
    }

    /** Runs a copy of build.sh and its tools with a patch, a source stand-in and a cmake whose compile exits so. */
    private static Result buildWithStandInCmake(Path tmp, int compileExit) throws Exception {
        Path nativeDir = Files.createDirectories(tmp.resolve("native"));
        // one patch, as the real folder has: it adds a file, so that it applies to the stand-in source
        Files.writeString(Files.createDirectories(nativeDir.resolve("patches")).resolve("0001-test.patch"), """
                diff --git a/EIBENCH_PATCHED b/EIBENCH_PATCHED
                new file mode 100644
                --- /dev/null
                +++ b/EIBENCH_PATCHED
                @@ -0,0 +1 @@
                +patched
                """);
        Files.createDirectories(nativeDir.resolve("tools"));
        Files.copy(NATIVE.resolve("build.sh"), nativeDir.resolve("build.sh"));
        Files.copy(NATIVE.resolve("tools/build-progress.sh"), nativeDir.resolve("tools/build-progress.sh"));
        Files.createDirectories(tmp.resolve("llama-src/tools/mtmd"));
        Path cmake = Files.createDirectories(tmp.resolve("bin")).resolve("cmake");
        Files.writeString(cmake, """
                #!/usr/bin/env bash
                [ "$1" = --build ] || exit 0
                mkdir -p "$2/bin"
                for i in $(seq 1 10); do echo "[$i/10] Building CXX object step$i.o"; done
                echo "note: a compiler message"
                touch "$2/bin/libllama.so" "$2/bin/libmtmd.so"
                exit %d
                """.formatted(compileExit));
        Files.setPosixFilePermissions(cmake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return run(List.of("bash", nativeDir.resolve("build.sh").toString(), "--cpu", "--source",
                tmp.resolve("llama-src").toString()), "", tmp.resolve("bin"));
    }

    private static Result filter(String mode, String input) throws Exception {
        return run(List.of("bash", NATIVE.resolve("tools/build-progress.sh").toString(), mode), input, null);
    }

    private record Result(int exit, String stdout, String stderr) {}

    private static Result run(List<String> command, String input, Path pathFirst) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (pathFirst != null) {
            pb.environment().put("PATH", pathFirst + ":" + System.getenv("PATH"));
        }
        pb.environment().remove("EIBENCH_LLAMA_SRC");
        Path errFile = Files.createTempFile("build-progress", ".err");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        String err = Files.readString(errFile);
        Files.delete(errFile);
        return new Result(p.exitValue(), out, err);
    }
}
