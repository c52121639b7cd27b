package org.eibench.engine.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps an image key from the annotation files to a file under the dataset root (the folder holding
 * {@code CAER-S/} and {@code EmoSet-118k/}).
 *
 * <p>A key must be relative, normalised (no {@code .} or {@code ..} segments, no backslashes) and must stay
 * inside the root after following symbolic links. A missing or unreadable image is not an error at load time:
 * {@link #resolve} returns a {@link Resolution.Missing} that the runner records as a per-sample failure.
 */
public final class ImageResolver {
    private final Path root;

    /** @param root the dataset root; it need not exist yet (every image then resolves as missing) */
    public ImageResolver(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** What became of one image key. */
    public sealed interface Resolution {
        /** The key as given. */
        String key();

        /** The image exists and is readable. */
        record Found(String key, Path path) implements Resolution {}

        /** The key is well-formed but the file is missing or unreadable. */
        record Missing(String key, Path path, String reason) implements Resolution {}

        /** The key itself is not acceptable (absolute, {@code ..}, escapes the root). */
        record Rejected(String key, String reason) implements Resolution {}
    }

    /**
     * Checks the form of a key without touching the disk.
     *
     * @return why the key is unacceptable, or empty when it is fine
     */
    public static Optional<String> checkKey(String key) {
        if (key == null || key.isBlank()) {
            return Optional.of("image path is empty");
        }
        if (key.indexOf('\\') >= 0) {
            return Optional.of("image path '" + key + "' contains a backslash; use '/' separators");
        }
        if (key.startsWith("/") || key.matches("^[A-Za-z]:.*")) {
            return Optional.of("image path '" + key + "' is absolute; it must be relative to the dataset root");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                return Optional.of("image path '" + key + "' is not normalised (empty, '.' or '..' segment);"
                        + " it must name a file inside the dataset root");
            }
        }
        try {
            Path.of(key);
        } catch (InvalidPathException e) {
            return Optional.of("image path '" + key + "' is not a valid path: " + e.getReason());
        }
        return Optional.empty();
    }

    /** Resolves a key to a readable file under the root. Never throws for bad input. */
    public Resolution resolve(String key) {
        Optional<String> bad = checkKey(key);
        if (bad.isPresent()) {
            return new Resolution.Rejected(key, bad.get());
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            return new Resolution.Rejected(key, "image path '" + key + "' leaves the dataset root " + root);
        }
        if (!Files.exists(path)) {
            return new Resolution.Missing(key, path, "image not found: " + path
                    + " (is --images the folder that holds CAER-S/ and EmoSet-118k/?)");
        }
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                return new Resolution.Rejected(key, "image path '" + key + "' follows a symbolic link out of the"
                        + " dataset root to " + real);
            }
            if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
                return new Resolution.Missing(key, path, "image is not a readable file: " + path);
            }
            return new Resolution.Found(key, real);
        } catch (IOException e) {
            return new Resolution.Missing(key, path, "cannot read image " + path + ": " + e);
        }
    }
}
