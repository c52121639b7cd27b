package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eibench bench} on the tiny fixture: a fixed-length workload swept over two parallelisms, after a warm-up. */
class BenchCommandTest {
    /** {@code eibench bench} of the tiny fixture on the mini-EIBench (CPU, fixed length), writing {@code json}. */
    private static RunCommandTest.Result bench(Path json, String... options) {
        List<String> args = new ArrayList<>(List.of("bench", "-m",
                RunCommandTest.repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf").toString(), "--mmproj",
                RunCommandTest.repo("data", "fixtures", "tiny-llava", "mmproj-tiny-llava-f16.gguf").toString(),
                "--eibench", RunCommandTest.repo("data", "mini-eibench").toString(), "--images",
                RunCommandTest.repo("data", "mini-eibench").toString(), "--ignore-eos", "-ngl", "0", "--threads", "2",
                "--json", json.toString()));
        args.addAll(List.of(options));
        return RunCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void sweepsParallelismAndReportsWhereTimeGoes(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        var r = bench(json, "--limit", "4", "--parallel", "1,2", "--max-tokens", "8", "--warmup", "2",
                "--prepare-ahead", "on");
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
            assertPhasesAddUp(f);
        }
        assertTrue(r.out().contains("samples/s") && r.out().contains("reused pos"), r.out());
        assertTrue(r.out().contains("phases N=2 (decode thread, s): "), r.out());
    }

    /**
     * The decode thread's steps are the native calls of the loop, admission's preparation and the loop's Java; with
     * the prepare-ahead stage every request was read and tokenized on its own thread, and only its
     * encoding ran at admission; the Java reported is admission's Java and the loop's, nothing native.
     */
    private static void assertPhasesAddUp(JsonNode f) {
        JsonNode p = f.get("phases");
        JsonNode admission = p.get("admission");
        JsonNode ahead = p.get("ahead");
        double parts = p.get("decodeSeconds").asDouble() + p.get("imageDecodeSeconds").asDouble()
                + p.get("sampleSeconds").asDouble() + admission.get("seconds").asDouble()
                + p.get("loopJavaSeconds").asDouble();
        assertEquals(p.get("stepSeconds").asDouble(), parts, 1e-6, p.toString());
        assertEquals(f.get("javaSeconds").asDouble(), admission.get("javaSeconds").asDouble()
                + p.get("loopJavaSeconds").asDouble(), 1e-6, f.toString());
        assertEquals(f.get("wallSeconds").asDouble(), p.get("stepSeconds").asDouble() + p.get("waitSeconds").asDouble()
                + p.get("outsideStepsSeconds").asDouble(), 1e-6, p.toString());
        // the wall ends when the last result is handed over, inside the last step: its tail (releasing the slot,
        // counters) can make the steps a little longer than the wall
        assertTrue(p.get("outsideStepsSeconds").asDouble() >= -0.002 && p.get("loopJavaSeconds").asDouble() >= 0
                && admission.get("javaSeconds").asDouble() >= 0, p.toString());
        assertEquals(4, ahead.get("requests").asLong(), "the four timed requests were prepared ahead: " + p);
        assertTrue(ahead.get("imageReadSeconds").asDouble() > 0 && ahead.get("tokenizeSeconds").asDouble() > 0,
                p.toString());
        assertEquals(0, admission.get("imageReadSeconds").asDouble() + admission.get("tokenizeSeconds").asDouble(),
                p.toString());
        assertTrue(admission.get("encodeSeconds").asDouble() > 0, p.toString());
    }

    /**
     * The work counts of CFSA on the mini-EIBench are pinned: they follow from the prompts, the images and the seed,
     * not from timing. The prefix cache keeps each sample's image prefix between its stages, so every image is encoded
     * once and prefilled once, and the prompt positions decoded stay within 1.15x the per-sample minimum (below it
     * when samples share the instruction text).
     */
    @Test
    void cfsaWorkCountsOnTheMiniEibenchArePinned(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        var r = bench(json, "--mode", "cfsa", "--parallel", "4", "--max-tokens", "32");
        assertEquals(0, r.exit(), r.err());
        JsonNode work = new ObjectMapper().readTree(json.toFile()).get("results").get(0).get("work");
        assertEquals(17458, work.get("minimumPromptPositions").asLong(), work.toString());
        assertEquals(8, work.get("distinctImages").asLong());
        assertEquals(8, work.get("imageEncoderCalls").asLong());
        assertEquals(8, work.get("imagePrefills").asLong(), work.toString());
        assertEquals(8, work.get("minimumImagePrefills").asLong(), work.toString());
        assertEquals(8 * 9 * 32, work.get("generatedTokens").asLong(), "nine calls per sample, 32 tokens each");
        long decoded = work.get("promptPositionsDecoded").asLong();
        assertTrue(decoded <= 1.15 * 17458, work.toString());
        assertTrue(work.get("decodeSequences").asLong() <= 4 * work.get("decodeCalls").asLong(), work.toString());
        assertTrue(r.out().contains("work N=4: prompt positions decoded " + decoded + ", minimum 17458"), r.out());
    }
}
