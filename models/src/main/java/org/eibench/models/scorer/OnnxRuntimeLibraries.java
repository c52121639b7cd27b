package org.eibench.models.scorer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Extracts ONNX Runtime's native libraries from its jar once, into a versioned folder of the model cache, and points
 * ONNX Runtime at them ({@code onnxruntime.native.path}).
 *
 * <p>Left to itself, ONNX Runtime copies its 20 MB of libraries into a new temporary folder on every start and
 * deletes them after loading: a process killed in between leaves them in /tmp, and every {@code eibench score} pays
 * the copy. The folder is {@code <cache>/onnxruntime/<version>/<os-arch>/}, each library written beside its target
 * and renamed into place, so an interrupted extraction leaves no half-written library that a later start would use.
 */
final class OnnxRuntimeLibraries {
    /** ONNX Runtime's own property: a folder holding all its native libraries, loaded instead of extracting them. */
    static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

    private OnnxRuntimeLibraries() {}

    /**
     * Prepares the folder and sets the property, unless the user set it already or the jar holds no libraries for
     * this platform (ONNX Runtime then looks on the library path as usual). Call before ONNX Runtime starts.
     */
    static synchronized void prepare() {
        if (System.getProperty(NATIVE_PATH_PROPERTY) != null) {
            return;
        }
        String platform = platform();
        ClassLoader loader = OnnxRuntimeLibraries.class.getClassLoader();
        String prefix = "ai/onnxruntime/native/" + platform + "/";
        if (loader.getResource(prefix + System.mapLibraryName(LIBRARIES.getFirst())) == null) {
            return;
        }
        String version = version();
        if (version == null) { // a repackaged jar without its manifest: the library size tells versions apart
            version = "unknown-" + size(loader.getResource(prefix + System.mapLibraryName(LIBRARIES.getFirst())));
        }
        Path dir = ModelFiles.versionedDir("onnxruntime", version, platform);
        try {
            for (String library : LIBRARIES) {
                String file = System.mapLibraryName(library);
                extract(loader.getResource(prefix + file), dir.resolve(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract ONNX Runtime's native libraries to " + dir
                    + "; set -Deibench.cache.dir to a writable folder", e);
        }
        System.setProperty(NATIVE_PATH_PROPERTY, dir.toString());
    }

    /** Copies a library unless an earlier start already did (same size: renamed into place only when complete). */
    private static void extract(URL resource, Path target) throws IOException {
        if (resource == null) {
            throw new IOException("ONNX Runtime's jar lacks " + target.getFileName());
        }
        long size = size(resource);
        if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)) {
            return;
        }
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = resource.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The version of the ONNX Runtime jar on the class path, which names the cache folder; null when unknown. */
    static String version() {
        try {
            String v = Class.forName("ai.onnxruntime.OrtEnvironment", false, OnnxRuntimeLibraries.class.getClassLoader())
                    .getPackage().getImplementationVersion();
            if (v != null && !v.isBlank()) {
                return v;
            }
        } catch (ClassNotFoundException e) {
            // fall through
        }
        try (InputStream in = OnnxRuntimeLibraries.class.getResourceAsStream(
                "/META-INF/maven/com.microsoft.onnxruntime/onnxruntime/pom.properties")) {
            if (in != null) {
                var p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return null;
    }

    private static long size(URL resource) {
        try {
            return resource.openConnection().getContentLengthLong();
        } catch (IOException e) {
            return -1;
        }
    }

    /** ONNX Runtime's name for this platform's folder in its jar ({@code linux-x64}, {@code osx-aarch64}, …). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
        String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
        return osName + "-" + archName;
    }
}
