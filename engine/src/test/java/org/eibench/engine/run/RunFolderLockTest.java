package org.eibench.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one run folder: the second is refused with the holder's pid while the first lives, and a killed
 * holder (kill -9, no cleanup) does not block the next run. A FileLock is per JVM, so the holder is a child JVM.
 */
class RunFolderLockTest {
    @TempDir
    Path dir;

    private static Process startHolder(Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
    }

    @Test
    void aSecondProcessIsRefusedNamingTheHolderAndADeadHolderDoesNotBlock() throws Exception {
        Process holder = startHolder(dir);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.equals("ready " + holder.pid()), "holder did not start: " + ready);

            RunFolderException refused = assertThrows(RunFolderException.class,
                    () -> RunFolder.open(dir, RunFixtures.manifest("cot"), RunFolder.Start.RESUME));
            assertTrue(refused.getMessage().contains("in use by another eibench process"), refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + holder.pid()), refused.getMessage());
            assertTrue(refused.getMessage().contains("eibench run --benchmark basic --mode user"),
                    refused.getMessage());
            // the refused process changed nothing: no overwrite, no second run.json
            assertThrows(RunFolderException.class,
                    () -> RunFolder.open(dir, RunFixtures.manifest("cot"), RunFolder.Start.OVERWRITE));
            assertEquals("user", RunFolder.readManifest(dir).mode());
            assertEquals(1, RecordLog.read(dir.resolve(RunFolder.RECORDS)).size());
            // what score and merge take is refused the same way
            assertThrows(RunFolderException.class, () -> RunFolderLock.acquire(dir, "eibench score"));
        } finally {
            holder.destroyForcibly(); // SIGKILL: the lock file stays behind with the dead pid in it
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.readString(dir.resolve(RunFolderLock.FILE)).contains("pid " + holder.pid()),
                "the stale lock file is still there");
        try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest("user"), RunFolder.Start.RESUME)) {
            assertEquals(1, run.records().size(), "a dead holder's lock does not block");
            assertTrue(Files.readString(dir.resolve(RunFolderLock.FILE))
                    .contains("pid " + ProcessHandle.current().pid()), "the lock file names the new holder");
        }
    }

    @Test
    void theLockIsReleasedOnCloseAndRefusedTwiceInOneJvm() throws Exception {
        try (RunFolder run = RunFolder.open(dir, RunFixtures.manifest("user"), RunFolder.Start.RESUME)) {
            RunFolderException e = assertThrows(RunFolderException.class,
                    () -> RunFolder.open(dir, RunFixtures.manifest("user"), RunFolder.Start.RESUME));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        try (RunFolderLock lock = RunFolderLock.acquire(dir, "eibench score")) {
            assertTrue(Files.readString(dir.resolve(RunFolderLock.FILE)).contains("eibench score"));
        }
    }
}
