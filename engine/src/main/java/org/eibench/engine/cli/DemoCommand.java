package org.eibench.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eibench demo}: the whole pipeline on the bundled fixtures (a tiny random-weight LLaVA and a mini EIBench),
 * on the CPU, in about a minute: generate, run, score, report.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "The whole pipeline on the bundled tiny model and mini EIBench (CPU).",
        sortOptions = false,
        description = {
            "Run the whole pipeline on the bundled fixtures, on the CPU:",
            "  1. one answer from the tiny LLaVA model (random weights: the text is",
            "     gibberish by design),",
            "  2. a run over the mini EIBench,",
            "  3. its scores (semantic recall and coherence, embedded sentence model,",
            "     with 95%% intervals and the calibration rows: the same scorer given",
            "     another image's ground truth (chance) and the ground truth (ceiling)),",
            "  4. an HTML report, with the sample explorer over the mini EIBench's images.",
            "",
        })
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the demo writes (default: runs/demo in the"
            + " project folder).")
    Path out;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "cfsa",
            description = "Mode of the demo run (default: ${DEFAULT-VALUE}).")
    String mode;

    @Override
    public Integer call() throws Exception {
        Path home = home();
        Path fixture = home.resolve("data/fixtures/tiny-llava");
        Path mini = home.resolve("data/mini-eibench");
        if (!Files.isRegularFile(fixture.resolve("tiny-llava-f16.gguf")) || !Files.isDirectory(mini)) {
            throw new IllegalStateException("the bundled fixtures are missing under " + home + "/data: run the demo"
                    + " from a checkout of the project (./eibench demo)");
        }
        Path dir = out != null ? out : home.resolve("runs/demo");
        PrintWriter err = spec.commandLine().getErr();
        String model = fixture.resolve("tiny-llava-f16.gguf").toString();
        String mmproj = fixture.resolve("mmproj-tiny-llava-f16.gguf").toString();

        step(err, "1/4 generate: one answer about data/fixtures/tiny-llava/test.png");
        int code = sub("generate", "-m", model, "--mmproj", mmproj, "--image",
                fixture.resolve("test.png").toString(), "-p", "Describe the image.", "-ngl", "0", "-n", "32");
        if (code != 0) {
            return code;
        }
        Path run = dir.resolve("mini-" + mode);
        step(err, "2/4 run: the mini EIBench (Basic, 8 samples) in mode " + mode + " -> " + run);
        code = sub("run", "--benchmark", "basic", "--mode", mode, "-m", model, "--mmproj", mmproj, "-ngl", "0",
                "--eibench", mini.toString(), "--images", mini.toString(), "--out", run.toString(), "--parallel", "4",
                "--max-tokens", "48", "--sampling", "greedy", "--overwrite");
        if (code != 0) {
            return code;
        }
        // the tiny model's figures are 0 by design: the calibration rows (chance, ceiling) give them a scale
        step(err, "3/4 score: semantic recall and coherence with the embedded all-MiniLM-L6-v2, with 95% intervals"
                + " and the calibration rows (another image's ground truth = chance, the ground truth = ceiling)");
        code = sub("score", run.toString(), "--eibench", mini.toString());
        if (code != 0) {
            return code;
        }
        Path report = dir.resolve("report");
        step(err, "4/4 report with the sample explorer -> " + report.resolve("report.html"));
        code = sub("report", run.toString(), "--out", report.toString(), "--images", mini.toString());
        if (code == 0) {
            err.println("\ndemo finished: open " + report.resolve("report.html") + " in a browser");
        }
        return code;
    }

    private int sub(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        return cl.execute(args);
    }

    private static void step(PrintWriter err, String text) {
        err.println();
        err.println("== " + text);
        err.flush();
    }

    /** The project folder: set by the launcher, else the working directory or one of its parents with data/. */
    static Path home() {
        String configured = System.getProperty("eibench.home");
        if (configured != null) {
            return Path.of(configured);
        }
        List<Path> tried = new ArrayList<>();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            tried.add(p);
            if (Files.isDirectory(p.resolve("data/fixtures"))) {
                return p;
            }
        }
        return tried.getFirst();
    }
}
