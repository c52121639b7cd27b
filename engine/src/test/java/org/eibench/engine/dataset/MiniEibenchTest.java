package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eibench.engine.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed mini dataset (data/mini-eibench) is valid, complete and reproducible from its recipe. */
class MiniEibenchTest {
    private final Path mini = SharedData.miniEibench();

    @Test
    void loadsWithoutProblemsAndEveryImageResolves() throws DatasetException {
        List<Sample> basic = EibenchDataset.load(mini, Benchmark.BASIC);
        List<Sample> complex = EibenchDataset.load(mini, Benchmark.COMPLEX);
        assertEquals(Map.of("happy", 2L, "angry", 2L, "sad", 2L, "excited", 2L),
                basic.stream().collect(Collectors.groupingBy(Sample::category, Collectors.counting())));
        assertEquals(6, complex.size());
        assertEquals(3, complex.stream().map(Sample::imageKey).distinct().count());
        ImageResolver resolver = new ImageResolver(mini);
        for (Sample s : Stream.concat(basic.stream(), complex.stream()).toList()) {
            assertInstanceOf(ImageResolver.Resolution.Found.class, resolver.resolve(s.imageKey()), s.id());
        }
    }

    @Test
    void aDeletedImageIsAPerSampleFailureNotALoadError(@TempDir Path tmp) throws Exception {
        FileTrees.copy(mini, tmp);
        Files.delete(tmp.resolve("CAER-S/train/Angry/0002.png"));
        List<Sample> basic = EibenchDataset.load(tmp, Benchmark.BASIC);
        assertEquals(8, basic.size());
        ImageResolver resolver = new ImageResolver(tmp);
        List<String> missing = basic.stream()
                .filter(s -> resolver.resolve(s.imageKey()) instanceof ImageResolver.Resolution.Missing)
                .map(Sample::id).toList();
        assertEquals(List.of("CAER-S/train/Angry/0002.png"), missing);
    }

    @Test
    void recipeReproducesTheCommittedImages(@TempDir Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), mini.resolve("MakeImages.java").toString(), tmp.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, output);
        assertEquals(images(mini), images(tmp));
        for (String image : images(mini)) {
            if (image.endsWith(".png")) {
                assertArrayEquals(Files.readAllBytes(mini.resolve(image)), Files.readAllBytes(tmp.resolve(image)), image);
            }
        }
    }

    private static TreeSet<String> images(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> f.endsWith(".png") || f.endsWith(".jpg"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
