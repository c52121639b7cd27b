package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.eibench.kernels.gguf.GgufValueType;
import org.eibench.kernels.gguf.HostileGgufCorpus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file no Java rule objects to is loaded in a child JVM first; its failure comes back as an error with the child's
 * last output, the result is cached by the file's identity, and {@code -Deibench.load.probe=off} skips the child.
 */
class LoadProbeTest {
    private final String savedCache = System.getProperty(LoadProbe.CACHE_PROPERTY);
    private final String savedMode = System.getProperty(LoadProbe.MODE_PROPERTY);

    @AfterEach
    void restore() {
        restore(LoadProbe.CACHE_PROPERTY, savedCache);
        restore(LoadProbe.MODE_PROPERTY, savedMode);
    }

    /** feed_forward_length disagrees with the FFN tensors: no rule here checks it, llama.cpp refuses the shapes. */
    @Test
    void aFailureInTheChildIsReportedWithItsOutputAndCached(@TempDir Path tmp) throws Exception {
        System.setProperty(LoadProbe.CACHE_PROPERTY, tmp.resolve("cache").toString());
        System.setProperty(LoadProbe.MODE_PROPERTY, "on");
        Path file = HostileGgufCorpus.write(new HostileGgufCorpus.Case("ffn-1024", false, "llama.feed_forward_length",
                r -> r.set("llama.feed_forward_length", GgufValueType.UINT32, 1024L)), TinyFixture.dir(), tmp);

        int before = LoadProbe.childrenStarted();
        InvalidModelFileException first = assertThrows(InvalidModelFileException.class,
                () -> LlamaModel.load(file, LlamaModel.Params.defaults().withGpuLayers(0)));
        assertEquals(before + 1, LoadProbe.childrenStarted(), "one probe process");
        assertTrue(first.getMessage().contains(file.toString()) && first.getMessage().contains("probe process"),
                first.getMessage());
        assertTrue(first.getMessage().contains("wrong shape"), "carries the child's output: " + first.getMessage());
        assertTrue(first.getMessage().contains("-D" + LoadProbe.MODE_PROPERTY + "=off"), first.getMessage());

        InvalidModelFileException second = assertThrows(InvalidModelFileException.class,
                () -> LlamaModel.load(file, LlamaModel.Params.defaults().withGpuLayers(0)));
        assertEquals(before + 1, LoadProbe.childrenStarted(), "the second load uses the cached result");
        assertEquals(first.getMessage(), second.getMessage());

        System.setProperty(LoadProbe.MODE_PROPERTY, "off");
        LlamaException inProcess = assertThrows(LlamaException.class,
                () -> LlamaModel.load(file, LlamaModel.Params.defaults().withGpuLayers(0)));
        assertEquals(LlamaException.class, inProcess.getClass(), "switched off, llama.cpp itself refuses the file");
        assertEquals(before + 1, LoadProbe.childrenStarted());
    }

    @Test
    void anIntactModelIsProbedOnceAndLoads(@TempDir Path tmp) {
        System.setProperty(LoadProbe.CACHE_PROPERTY, tmp.toString());
        System.setProperty(LoadProbe.MODE_PROPERTY, "on");
        int before = LoadProbe.childrenStarted();
        for (int i = 0; i < 2; i++) {
            LlamaModel.load(TinyFixture.model(), LlamaModel.Params.defaults().withGpuLayers(0)).close();
        }
        assertEquals(before + 1, LoadProbe.childrenStarted());
    }

    @Test
    void anUnknownModeIsRefused() {
        System.setProperty(LoadProbe.MODE_PROPERTY, "sometimes");
        assertThrows(IllegalArgumentException.class, LoadProbe::enabled);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
