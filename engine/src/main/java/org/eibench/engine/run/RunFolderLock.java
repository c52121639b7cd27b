package org.eibench.engine.run;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive OS lock on a run folder ({@code .eibench.lock} inside it), held while a command writes into the
 * folder, so that two processes never interleave their records.
 *
 * <pre>{@code
 * try (RunFolderLock lock = RunFolderLock.acquire(dir, "eibench score")) {
 *     ... write into dir ...
 * }
 * }</pre>
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock()}): it is released when the holder exits, even
 * by kill -9, so a crashed run never blocks the next one. The lock file's text (pid, host, command, start) only
 * names the holder in the message a second process gets; it is not what locks. The file stays in the folder after
 * release (deleting it would let a third process lock a fresh file while a second still holds the old one).
 */
public final class RunFolderLock implements Closeable {
    public static final String FILE = ".eibench.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (which must exist) for {@code command}.
     *
     * @throws RunFolderException when another process (or another command in this JVM) holds the lock; the message
     *     names the holder's pid, host and command
     */
    public static RunFolderLock acquire(Path dir, String command) throws IOException, RunFolderException {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (java.nio.file.FileSystemException e) {
            // the JDK's message is the bare path: say what the file is for
            throw new IOException("cannot open the lock file " + file + " (" + (e.getReason() == null
                    ? e.getClass().getSimpleName() : e.getReason()) + "); " + command + " writes into " + dir
                    + ", which must be a writable folder", e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM already holds it
            }
            if (lock == null) {
                String holder = holder(file);
                channel.close();
                throw new RunFolderException(dir + " is in use by another eibench process (" + holder + "); wait"
                        + " for it to finish, stop it, or choose another folder");
            }
            String text = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now()
                    + ": " + command + "\n";
            channel.truncate(0);
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                channel.write(buf, buf.position());
            }
            channel.force(false);
            return new RunFolderLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What the lock file says about its holder, or a placeholder when it is unreadable or empty. */
    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown: " + file + " is empty" : text;
        } catch (IOException e) {
            return "holder unknown: " + file + " unreadable";
        }
    }

    /** The host name without a DNS query (an offline machine may have no resolver to ask). */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown host";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
