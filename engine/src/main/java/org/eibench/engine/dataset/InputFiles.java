package org.eibench.engine.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files a user names as input (annotation files, {@code --ids}, prompt files, predictions): only regular
 * files (after symbolic links) and at most a size bound, so that a link to {@code /dev/zero} or a FIFO gives a
 * clear error instead of an OutOfMemoryError or a read that never returns.
 */
public final class InputFiles {
    /** The bound for a text input: EIBench's largest annotation file is under 1 MiB. */
    public static final long MAX_TEXT_BYTES = 64L << 20;

    private InputFiles() {}

    /**
     * The whole content of {@code file}.
     *
     * @param what what the file is, for the messages (e.g. "the --ids file")
     * @throws NoSuchFileException when it does not exist (message: the path)
     * @throws IOException naming the file and what is wrong when it is not a regular file or larger than
     *     {@code maxBytes}
     */
    public static byte[] read(Path file, long maxBytes, String what) throws IOException {
        checkRegular(file, maxBytes, what);
        // the size may change between the check and the read (a growing file): read at most one byte more
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new IOException(what + " " + file + " grew past " + maxBytes + " bytes while being read");
            }
            return bytes;
        }
    }

    /** {@link #read} with {@link #MAX_TEXT_BYTES}. */
    public static byte[] readText(Path file, String what) throws IOException {
        return read(file, MAX_TEXT_BYTES, what);
    }

    /**
     * Checks that {@code file} is a regular file (symbolic links followed) of at most {@code maxBytes}.
     *
     * @throws NoSuchFileException when it does not exist
     */
    public static void checkRegular(Path file, long maxBytes, String what) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            String kind = attributes.isDirectory() ? "a folder"
                    : "not a regular file (a device, FIFO or socket" + (Files.isSymbolicLink(file)
                            ? ", reached through a symbolic link to " + Files.readSymbolicLink(file) : "") + ")";
            throw new IOException(what + " " + file + " is " + kind + "; give a plain file");
        }
        if (attributes.size() > maxBytes) {
            throw new IOException(what + " " + file + " is " + attributes.size() + " bytes; the limit is " + maxBytes
                    + " bytes: is it the right file?");
        }
    }
}
