package org.eibench.engine.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Whole-file writes that a crash leaves either old or new, never half written. */
public final class AtomicFiles {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {}

    /**
     * Creates a folder and its parents, or explains which path is in the way.
     *
     * @param option the command-line option that named the folder, for the message
     */
    public static void createFolder(Path dir, String option) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " exists and is not a folder; choose another " + option);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException fs && fs.getReason() != null
                    ? fs.getReason() : e.getClass().getSimpleName();
            throw new IOException("cannot create the folder " + dir + " (" + reason + " at "
                    + firstNonFolder(dir) + "); choose another " + option, e);
        }
    }

    /** The first existing path on the way to {@code dir} that is not a folder (or {@code dir} itself). */
    private static Path firstNonFolder(Path dir) {
        Path p = dir.toAbsolutePath();
        for (int i = 1; i <= p.getNameCount(); i++) {
            Path prefix = p.getRoot().resolve(p.subpath(0, i));
            if (Files.exists(prefix) && !Files.isDirectory(prefix)) {
                return prefix;
            }
        }
        return p;
    }

    /** Writes to a temporary file in the same folder, fsyncs it, renames it over {@code target}, fsyncs the folder. */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // not Files.createTempFile: its files are rw------- while the appended records.jsonl gets the umask's mode,
        // and one run folder should not mix the two
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            } catch (IOException e) {
                throw new IOException("cannot write " + target + " (" + content.length + " bytes): " + e.getMessage()
                        + "; is the disk full? Nothing was replaced", e);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes a rename or a new file in {@code dir} durable; a no-op where the platform cannot open folders. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; NTFS renames are journaled there.
        }
    }
}
