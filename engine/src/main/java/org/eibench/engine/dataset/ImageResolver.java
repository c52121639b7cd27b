package org.eibench.engine.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Maps an image key from the annotation files to a file under the dataset root (the folder holding
 * {@code CAER-S/} and {@code EmoSet-118k/}).
 *
 * <p>A key must be relative, normalised (no {@code .} or {@code ..} segments, no backslashes) and must stay
 * inside the roots after following symbolic links. A missing or unreadable image is not an error at load time:
 * {@link #resolve} returns a {@link Resolution.Missing} that the runner records as a per-sample failure.
 *
 * <p>There may be several roots ({@code --images} given more than once), for the natural layout of two separate
 * downloads: a key resolves under the first root that has it, and a symbolic link may lead into any root the user
 * named (a root holding links {@code CAER-S -> /data/caer/CAER-S} plus {@code --images /data/caer}), but not
 * elsewhere.
 */
public final class ImageResolver {
    private final List<Path> roots;

    /** @param root the dataset root; it need not exist yet (every image then resolves as missing) */
    public ImageResolver(Path root) {
        this(List.of(root));
    }

    /** @param roots the roots in search order, at least one; they need not exist yet */
    public ImageResolver(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one image root is needed");
        }
        this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    /** The first root. */
    public Path root() {
        return roots.getFirst();
    }

    public List<Path> roots() {
        return roots;
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

    /** Resolves a key to a readable file under the first root that has it. Never throws for bad input. */
    public Resolution resolve(String key) {
        Optional<String> bad = checkKey(key);
        if (bad.isPresent()) {
            return new Resolution.Rejected(key, bad.get());
        }
        for (Path root : roots) {
            Path path = root.resolve(key).normalize();
            if (!path.startsWith(root)) {
                return new Resolution.Rejected(key, "image path '" + key + "' leaves the dataset root " + root);
            }
            if (Files.exists(path)) {
                return check(key, path);
            }
        }
        Path first = root().resolve(key).normalize();
        return new Resolution.Missing(key, first, "image not found: " + first + (roots.size() > 1
                ? " nor under " + roots.subList(1, roots.size()) : "")
                + " (is --images the folder that holds CAER-S/ and EmoSet-118k/?)");
    }

    private Resolution check(String key, Path path) {
        try {
            Path real = path.toRealPath();
            if (realRoots().stream().noneMatch(real::startsWith)) {
                return new Resolution.Rejected(key, "image path '" + key + "' follows a symbolic link out of the"
                        + " dataset root" + (roots.size() > 1 ? "s" : "") + " to " + real + "; to allow a linked"
                        + " folder, name it as another --images root");
            }
            if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
                return new Resolution.Missing(key, path, "image is not a readable file: " + path);
            }
            return new Resolution.Found(key, real);
        } catch (IOException e) {
            return new Resolution.Missing(key, path, "cannot read image " + path + ": " + e);
        }
    }

    /** The roots after symbolic links (those that exist). */
    private List<Path> realRoots() {
        List<Path> out = new java.util.ArrayList<>();
        for (Path r : roots) {
            try {
                out.add(r.toRealPath());
            } catch (IOException e) {
                // a root that does not exist holds nothing
            }
        }
        return out;
    }
}
