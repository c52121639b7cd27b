package org.eibench.models.chat;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import org.eibench.kernels.gguf.GgufFile;
import org.eibench.kernels.gguf.GgufFuzzSeeds;
import org.eibench.kernels.gguf.GgufTestFiles;
import org.junit.jupiter.api.Test;

/** Template detection on every header the GGUF fuzz target starts from fails only as documented (kernels' GgufFuzzTest). */
class GgufTemplateDetectionTest {
    @Test
    void detectionOnTheFuzzSeedsFailsOnlyAsDocumented() throws Exception {
        for (Map.Entry<String, byte[]> seed : GgufFuzzSeeds.seeds().entrySet()) {
            GgufFile gguf = GgufFile.read(GgufTestFiles.write(seed.getValue()));
            try {
                assertNotNull(ChatTemplates.builtIn().detect(gguf), seed.getKey());
            } catch (IllegalArgumentException documented) {
                assertNotNull(documented.getMessage());
            }
        }
    }
}
