package org.eibench.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.EibenchDataset;
import org.eibench.engine.dataset.ImageResolver;
import org.eibench.engine.dataset.Problem;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.prompts.PromptBook;
import org.eibench.engine.prompts.PromptException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eibench validate}: checks the dataset files, optionally the images, and the prompt files; loads no model. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        header = "Check the annotation files, images and prompt files (loads no model).",
        description = {"Check the EIBench annotation files (every problem, with file:line), the images when --images"
                + " is given, and the prompt files. Loads no model.",
            "Exit 0 when everything is fine, 1 when problems were found."})
public final class ValidateCommand implements Callable<Integer> {
    private static final int LISTED_MISSING = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--eibench", required = true, paramLabel = "DIR",
            description = "Folder with user.jsonl, basic_ground_truth.json and ec_complex.jsonl.")
    Path eibenchDir;

    @Option(names = "--images", paramLabel = "ROOT",
            description = "Dataset root holding CAER-S/ and EmoSet-118k/; checks that every image exists.")
    Path imagesRoot;

    @Option(names = "--prompts", paramLabel = "DIR",
            description = "Extra prompt folder overriding or adding modes and personas (see the prompts README).")
    Path promptsDir;

    @Option(names = "--benchmark", paramLabel = "basic|complex",
            description = "Check only this benchmark (default: both).")
    String benchmark;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int problems = 0;
        List<Benchmark> benchmarks = benchmark == null ? List.of(Benchmark.values()) : List.of(Benchmark.fromId(benchmark));
        for (Benchmark b : benchmarks) {
            EibenchDataset.Inspection inspection = EibenchDataset.inspect(eibenchDir, b);
            out.println(b.id() + ": " + inspection.samples().size() + " samples" + perCategory(inspection.samples()));
            for (Problem p : inspection.problems()) {
                err.println(p);
            }
            problems += inspection.problems().size();
            if (imagesRoot != null) {
                problems += checkImages(inspection.samples(), out, err);
            }
        }
        problems += checkPrompts(out, err);
        out.println(problems == 0 ? "ok" : problems + " problem(s)");
        out.flush();
        err.flush();
        return problems == 0 ? 0 : Main.EXIT_PROBLEMS;
    }

    private int checkImages(List<Sample> samples, PrintWriter out, PrintWriter err) {
        ImageResolver resolver = new ImageResolver(imagesRoot);
        Map<String, String> bad = new LinkedHashMap<>();
        samples.stream().map(Sample::imageKey).distinct().forEach(key -> {
            switch (resolver.resolve(key)) {
                case ImageResolver.Resolution.Found f -> { }
                case ImageResolver.Resolution.Missing m -> bad.put(key, m.reason());
                case ImageResolver.Resolution.Rejected r -> bad.put(key, r.reason());
            }
        });
        long distinct = samples.stream().map(Sample::imageKey).distinct().count();
        out.println("  images: " + (distinct - bad.size()) + " of " + distinct + " found under " + resolver.root());
        bad.values().stream().limit(LISTED_MISSING).forEach(reason -> err.println("  " + reason));
        if (bad.size() > LISTED_MISSING) {
            err.println("  … and " + (bad.size() - LISTED_MISSING) + " more");
        }
        return bad.size();
    }

    private int checkPrompts(PrintWriter out, PrintWriter err) {
        PromptBook book;
        try {
            book = PromptBook.load(Optional.ofNullable(promptsDir));
        } catch (PromptException | java.io.UncheckedIOException e) {
            err.println("prompts: " + e.getMessage());
            return 1;
        }
        List<String> problems = new ArrayList<>(book.validate());
        out.println("prompts: modes " + String.join(", ", book.modeIds()) + "; personas "
                + String.join(", ", book.personaIds()) + " (sha256 " + book.fingerprint().substring(0, 12) + ")");
        problems.forEach(p -> err.println("prompts: " + p));
        return problems.size();
    }

    /** Counts per category: Basic in EIBench's order (happy, angry, sad, excited), others alphabetically. */
    private static String perCategory(List<Sample> samples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        EibenchDataset.BASIC_CATEGORY_FOLDERS.values().forEach(c -> counts.put(c, 0));
        samples.stream().map(Sample::category).sorted().forEach(c -> counts.merge(c, 1, Integer::sum));
        counts.values().removeIf(n -> n == 0);
        if (counts.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((c, n) -> parts.add(c + " " + n));
        return " (" + String.join(", ", parts) + ")";
    }
}
