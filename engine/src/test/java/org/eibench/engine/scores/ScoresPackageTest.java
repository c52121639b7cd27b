package org.eibench.engine.scores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The scores schema is read by the report, never the other way round. */
class ScoresPackageTest {
    private static final Path SOURCES = Path.of("src/main/java/org/eibench/engine/scores");

    @Test
    void scoresImportsNothingOfTheReport() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the engine module: " + SOURCES.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.list(SOURCES)) {
            offenders = files.filter(f -> {
                        try {
                            return Files.readString(f).contains("org.eibench.engine.report");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(f -> f.getFileName().toString())
                    .toList();
        }
        assertEquals(List.of(), offenders, "engine/scores must not depend on engine/report");
    }
}
