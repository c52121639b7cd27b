package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eibench.models.vlm.KvLayout;
import org.eibench.models.vlm.VlmSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** How the shared model options become a {@link VlmSpec}: context sizing and the opt-in switches. */
class ModelOptionsTest {
    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ModelOptions model;
    }

    private static ModelOptions parse(String... extra) {
        Probe probe = new Probe();
        String[] args = new String[extra.length + 2];
        args[0] = "-m";
        args[1] = RunCommandTest.repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf").toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        new CommandLine(probe).parseArgs(args);
        return probe.model;
    }

    @Test
    void contextPerSequenceScalesWithParallelism() throws Exception {
        assertEquals(4096, parse("--ctx-per-seq", "1024").spec(4).contextSize());
        assertEquals(65536, parse("--ctx-per-seq", "1024").spec(64).contextSize());
        assertEquals(2048, parse("-c", "2048").spec(4).contextSize(), "-c is the total, whatever the parallelism");
        assertEquals(0, parse().spec(4).contextSize(), "0: the model's default per sequence");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> parse("-c", "2048", "--ctx-per-seq", "1024").spec(2));
        assertTrue(both.getMessage().contains("either -c"), both.getMessage());
        assertEquals(0, parse().spec(1).kvMemoryLimitBytes(), "0: sized from free memory");
        assertEquals(512L << 20, parse("--kv-memory-mib", "512").spec(1).kvMemoryLimitBytes());
    }

    @Test
    void visionStageAndPrefixReuseSwitches() throws Exception {
        assertEquals(false, parse().spec(2).visionAheadEnabled(), "auto is off until verified on a GPU");
        assertEquals(true, parse("--vision-ahead", "on").spec(2).visionAheadEnabled());
        assertEquals(false, parse("--vision-ahead", "off").spec(2).visionAheadEnabled());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> parse("--vision-ahead", "sometimes").spec(2));
        assertTrue(bad.getMessage().contains("--vision-ahead must be auto, on or off"), bad.getMessage());
        assertEquals(true, parse().spec(1).prefixReuse());
        assertEquals(false, parse("--no-prefix-reuse").spec(1).prefixReuse());
    }

    @Test
    void kvLayoutIsPerSequenceUnlessUnifiedIsAskedFor() throws Exception {
        assertEquals(KvLayout.PER_SEQUENCE, parse().spec(4).kvLayout(), "the default keeps answers schedule-free");
        assertEquals(KvLayout.UNIFIED, parse("--kv-layout", "unified").spec(4).kvLayout());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> parse("--kv-layout", "paged").spec(4));
        assertTrue(bad.getMessage().contains("per-sequence or unified"), bad.getMessage());
    }
}
