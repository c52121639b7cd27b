package org.eibench.models.scorer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Extracts model files shipped inside jars to a local cache, verified by SHA-256, because native runtimes load
 * models from paths. The cache root is {@code -Deibench.cache.dir}, else {@code $EIBENCH_CACHE_DIR}, else
 * {@code ~/.cache/eibench}; when it cannot be written a temporary directory is used.
 */
final class ModelFiles {
    private ModelFiles() {}

    /** The cache root as configured; it may not exist yet. */
    static Path cacheRoot() {
        String property = System.getProperty("eibench.cache.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("EIBENCH_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "eibench");
    }

    /**
     * A directory under the cache root (or a temporary one when the root is not writable) to hold one model version.
     */
    static Path versionedDir(String... parts) {
        Path dir = cacheRoot();
        for (String part : parts) {
            dir = dir.resolve(part);
        }
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                return dir;
            }
        } catch (AccessDeniedException e) {
            // fall through to a temporary directory
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create model cache directory " + dir + "; set -Deibench.cache.dir", e);
        }
        try {
            Path tmp = Files.createTempDirectory("eibench-" + String.join("-", parts));
            tmp.toFile().deleteOnExit();
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary model directory; set -Deibench.cache.dir", e);
        }
    }

    /**
     * Makes {@code target} a verified copy of a classpath resource: reuses it when its SHA-256 matches, else
     * extracts it atomically and checks it.
     */
    static Path extract(ClassLoader loader, String resource, String sha256, Path target, String fix) {
        try {
            if (Files.isRegularFile(target) && sha256(target).equals(sha256)) {
                return target;
            }
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new EncoderException("resource '" + resource + "' is not on the classpath; " + fix);
                }
                Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
                try {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    String actual = sha256(tmp);
                    if (!actual.equals(sha256)) {
                        throw new EncoderException("resource '" + resource + "' has SHA-256 " + actual + ", expected " + sha256
                                + "; " + fix);
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract '" + resource + "' to " + target, e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
