package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eibench bench} on the tiny fixture: a fixed-length workload swept over two parallelisms, after a warm-up. */
class BenchCommandTest {
    @Test
    void sweepsParallelismAndReportsWhereTimeGoes(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        var r = RunCommandTest.run("bench", "-m",
                RunCommandTest.repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf").toString(), "--mmproj",
                RunCommandTest.repo("data", "fixtures", "tiny-llava", "mmproj-tiny-llava-f16.gguf").toString(),
                "--eibench", RunCommandTest.repo("data", "mini-eibench").toString(), "--images",
                RunCommandTest.repo("data", "mini-eibench").toString(), "--limit", "4", "--parallel", "1,2",
                "--max-tokens", "8", "--ignore-eos", "-ngl", "0", "--threads", "2", "--warmup", "2", "--json",
                json.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode results = new ObjectMapper().readTree(json.toFile()).get("results");
        assertEquals(2, results.size());
        for (JsonNode f : results) {
            assertEquals(4, f.get("samples").asInt());
            assertEquals(4 * 8, f.get("generatedTokens").asLong(), "--ignore-eos gives a fixed length");
            assertTrue(f.get("nativeSeconds").asDouble() > 0 && f.get("javaSeconds").asDouble() >= 0, f.toString());
            assertTrue(f.get("imagesEncoded").asInt() == 4, "four distinct images, each encoded once: the warm-up's"
                    + " own images and tokens are not counted, and no workload image was cached by it");
            assertTrue(f.get("reusedPositions").asLong() >= 0 && f.has("prefixReuseHits"), f.toString());
        }
        assertTrue(r.out().contains("samples/s") && r.out().contains("reused pos"), r.out());
    }
}
