package org.eibench.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 11: ONNX Runtime's 20 MB of native libraries are extracted once into a versioned cache folder, not
 * into a new temporary folder on every start (left behind when the process is killed). ORT loads its libraries once
 * per JVM, so each start is a child JVM.
 */
class OnnxRuntimeLibrariesTest {
    private static String encodeInChild(Path cache, Path tmp) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Deibench.cache.dir=" + cache, "-Djava.io.tmpdir=" + tmp, "-Dai.djl.offline=true",
                EncodeOnce.class.getName()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        return output;
    }

    private static List<Path> librariesUnder(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().contains("onnxruntime")
                    && p.getFileName().toString().endsWith(".so")).toList();
        }
    }

    @Test
    void theLibrariesAreExtractedOnceIntoTheVersionedCache(@TempDir Path root) throws Exception {
        Path cache = Files.createDirectories(root.resolve("cache"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        String first = encodeInChild(cache, tmp);
        Path dir = cache.resolve("onnxruntime").resolve(OnnxRuntimeLibraries.version())
                .resolve(OnnxRuntimeLibraries.platform());
        assertTrue(first.contains("native path " + dir), first);
        Path lib = dir.resolve(System.mapLibraryName("onnxruntime"));
        Path jni = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        assertTrue(Files.size(lib) > 1_000_000 && Files.size(jni) > 10_000, "both libraries extracted");
        FileTime extracted = Files.getLastModifiedTime(lib);
        Files.setLastModifiedTime(lib, FileTime.fromMillis(extracted.toMillis() - 60_000));
        FileTime marked = Files.getLastModifiedTime(lib);

        String second = encodeInChild(cache, tmp);
        assertTrue(second.contains("dimension 1"), second);
        assertEquals(marked, Files.getLastModifiedTime(lib), "the second start reused the extracted library");
        assertEquals(List.of(), librariesUnder(tmp), "nothing of ONNX Runtime in the temporary folder");
    }
}
