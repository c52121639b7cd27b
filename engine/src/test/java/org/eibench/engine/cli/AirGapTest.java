package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole demo (generate, run, score with the embedded sentence model, report) in a child process without a
 * network ({@code unshare -n}: only a loopback that is down), traced by {@code strace -f -e trace=connect}: it must
 * finish and must not even try to connect to an IPv4 or IPv6 address.
 */
class AirGapTest {
    private static final Pattern CONNECT = Pattern.compile("connect\\(\\d+, \\{sa_family=(AF_\\w+)[^}]*\\}");

    @Test
    void theDemoCompletesOfflineWithoutAnyInternetConnect(@TempDir Path tmp) throws Exception {
        Path unshare = onPath("unshare");
        Path strace = onPath("strace");
        assumeTrue(unshare != null, "unshare (util-linux) is not installed: cannot cut the network");
        assumeTrue(strace != null, "strace is not installed: cannot watch connect() calls (apt-get install strace)");
        Probe probe = probe(unshare);
        assumeTrue(probe.ok(), "unshare -n is not permitted here (needs root or user namespaces): " + probe.output());

        Path home = RunCommandTest.repo();
        Path trace = tmp.resolve("connect.trace");
        Path out = tmp.resolve("demo");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(unshare.toString(), "-n", strace.toString(), "-f", "-qq",
                "-e", "trace=connect", "-o", trace.toString(), java, "--enable-native-access=ALL-UNNAMED",
                "-XX:-UsePerfData", "-Dai.djl.offline=true",
                "-Deibench.home=" + home.toAbsolutePath(),
                "-Deibench.native.dir=" + System.getProperty("eibench.native.dir", ""),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--out", out.toString(), "--mode", "user"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("demo.log")
                .toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "demo finished");
        String log = Files.readString(tmp.resolve("demo.log"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.isRegularFile(out.resolve("report/report.html")), "report written:\n" + log);
        // the sample explorer holds a thumbnail of each of the mini EIBench's 8 Basic images and their triggers
        String html = Files.readString(out.resolve("report/report.html"));
        assertEquals(8, count(html, "\"src\":\"data:image/jpeg;base64,"), "8 thumbnails in the explorer");
        assertEquals(0, count(html, "\"missing\":"), "no image of the bundled data is missing");
        assertEquals(8, count(html, "\"triggers\":[{\"trigger\":"), "every answer's triggers, found or missed");

        List<String> families = new ArrayList<>();
        List<String> internet = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            Matcher m = CONNECT.matcher(line);
            if (m.find()) {
                families.add(m.group(1));
                if (m.group(1).equals("AF_INET") || m.group(1).equals("AF_INET6")) {
                    internet.add(line);
                }
            }
        }
        System.out.println("air gap: " + families.size() + " connect() calls, families " + families.stream()
                .distinct().toList() + " (AF_UNIX sockets are local)");
        assertTrue(internet.isEmpty(), "connect() to an internet address:\n" + String.join("\n", internet));
    }

    private static int count(String text, String literal) {
        return text.split(Pattern.quote(literal), -1).length - 1;
    }

    private record Probe(boolean ok, String output) {}

    private static Probe probe(Path unshare) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(unshare.toString(), "-n", "true").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        return new Probe(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, output.strip());
    }

    private static Path onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
