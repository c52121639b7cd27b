package org.eibench.kernels.gguf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the GGUF reader with arbitrary bytes: it may only fail with {@link MalformedGgufException}, must allocate
 * no more than a small multiple of the file size, and what it accepts must be consistent and summarisable
 * ({@link GgufInfo}, {@link ProjectorFit}, {@link GgufLoadRules}; chat template detection on the same seeds is
 * models' {@code GgufTemplateDetectionTest}). Without {@code JAZZER_FUZZ} the committed
 * corpus in {@code GgufFuzzTestInputs/readNeverFailsUnchecked} runs as a regression test.
 */
class GgufFuzzTest {
    /** The window, the maps and the boxed values of a file with tiny elements stay well below this. */
    private static final long ALLOCATION_BASE = 1L << 20;
    private static final long ALLOCATION_PER_FILE_BYTE = 96;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static Path scratch;

    @FuzzTest(maxDuration = "60s")
    void readNeverFailsUnchecked(byte[] bytes) throws IOException {
        Path file = writeScratch(bytes);
        GgufFile gguf;
        try {
            gguf = GgufFile.read(file);
        } catch (MalformedGgufException expected) {
            assertNotNull(expected.getMessage());
            gguf = null;
        }
        checkAllocationBounded(file, bytes.length);
        if (gguf != null) {
            checkConsistent(gguf, bytes.length);
            summarise(gguf);
        }
    }

    /**
     * Reads the file again and measures what this thread allocates. The first read of a new code path also counts
     * class loading and Jazzer's instrumentation, which is why the bound is checked on a repeated read.
     */
    private static void checkAllocationBounded(Path file, long fileSize) throws IOException {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            GgufFile.read(file);
        } catch (MalformedGgufException expected) {
            // the same outcome as the first read; only the allocation matters here
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long limit = ALLOCATION_BASE + ALLOCATION_PER_FILE_BYTE * fileSize;
        assertTrue(allocated <= limit, "reading " + fileSize + " bytes allocated " + allocated
                + " bytes, more than the bound " + limit);
    }

    /** The committed seeds are well-formed files; a seed the reader refuses would fuzz nothing useful. */
    @Test
    void seedsAreWellFormed() {
        for (Map.Entry<String, byte[]> seed : GgufFuzzSeeds.seeds().entrySet()) {
            GgufFile gguf = assertDoesNotThrow(() -> GgufFile.read(GgufTestFiles.write(seed.getValue())), seed.getKey());
            checkConsistent(gguf, seed.getValue().length);
        }
    }

    private static void checkConsistent(GgufFile gguf, long fileSize) {
        assertTrue(gguf.version() == 2 || gguf.version() == 3, "version " + gguf.version());
        assertEquals(fileSize, gguf.fileSize());
        assertTrue(Long.bitCount(gguf.alignment()) == 1, "alignment " + gguf.alignment());
        assertTrue(gguf.dataOffset() >= 24 && gguf.dataOffset() <= fileSize, "data offset " + gguf.dataOffset());
        assertEquals(gguf.keys(), gguf.metadata().keySet());
        for (GgufTensorInfo t : gguf.tensors()) {
            assertTrue(gguf.dataOffset() % gguf.alignment() == 0, "unaligned data section " + gguf.dataOffset());
            assertTrue(t.offset() >= 0 && t.byteSize() >= 0, t.toString());
            assertTrue(gguf.dataOffset() + t.offset() + t.byteSize() <= fileSize, t + " lies past the end");
            assertTrue(t.elementCount() >= 0, t.toString());
        }
    }

    /** Everything a user-facing command does with a header that parsed; only documented exceptions may escape. */
    private static void summarise(GgufFile gguf) {
        GgufInfo info = GgufInfo.of(gguf);
        assertNotNull(info.describe());
        assertNotNull(info.toMap());
        assertTrue(gguf.parameterCount() >= 0, "parameter count " + gguf.parameterCount());
        for (String key : gguf.keys()) {
            gguf.getInt(key);
            gguf.getUInt(key);
            gguf.getFloat(key);
            gguf.getBool(key);
            gguf.getArray(key).ifPresent(a -> a.abbreviated(3));
            assertNotNull(GgufFile.abbreviate(gguf.metadata().get(key), 40));
        }
        ProjectorFit.projectionDim(gguf);
        try {
            ProjectorFit fit = ProjectorFit.check(gguf, gguf);
            assertEquals(fit.projectionDim() == fit.embeddingLength(), fit.fits());
        } catch (IllegalArgumentException documented) {
            assertNotNull(documented.getMessage());
        }
        GgufLoadRules.forModel(gguf).forEach(Assertions::assertNotNull);
        GgufLoadRules.forMmproj(gguf).forEach(Assertions::assertNotNull);
    }

    private static synchronized Path writeScratch(byte[] bytes) {
        try {
            if (scratch == null) {
                scratch = Files.createTempFile("eibench-fuzz-", ".gguf");
                scratch.toFile().deleteOnExit();
            }
            return Files.write(scratch, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
