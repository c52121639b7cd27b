package org.eibench.engine.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The crafted scored run folders under src/test/resources/org/eibench/engine/report/runs. */
public final class Fixtures {
    private Fixtures() {}

    public static Path runsRoot() {
        try {
            return Path.of(Objects.requireNonNull(Fixtures.class.getResource("runs/llava-basic/scores.json"),
                    "fixture runs/llava-basic/scores.json").toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** llava-basic, llava-complex and qwen-basic, in that order. */
    public static List<Path> runDirs() {
        Path root = runsRoot();
        return Stream.of("llava-basic", "llava-complex", "qwen-basic").map(root::resolve).toList();
    }

    /** Copies a fixture run folder into {@code target} (tests must not write into the fixtures). */
    public static Path copyRun(String name, Path target) {
        try {
            Path dir = Files.createDirectories(target.resolve(name));
            try (Stream<Path> files = Files.list(runsRoot().resolve(name))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
