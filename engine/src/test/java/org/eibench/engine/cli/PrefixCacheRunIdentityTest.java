package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12's identity check end to end: 100 samples in the real EIBench layout, CFSA at {@code --parallel 4}, greedy
 * and with the reference's seeded sampling, answered with the prefix cache (the default) and without it
 * ({@code --prefix-cache-mib 0}) give the same predictions, and run.json's work counts show what the cache saved.
 */
class PrefixCacheRunIdentityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLES = 100;

    /** The repository's stdlib-only generator of noise images with EIBench annotation files. */
    private static Path benchDataset(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", RunCommandTest.repo("scripts", "device", "make_bench_dataset.py")
                .toString(), dir.toString(), String.valueOf(SAMPLES)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "make_bench_dataset.py: " + output);
        return dir;
    }

    private static JsonNode cfsaRun(Path data, Path out, String sampling, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--benchmark", "basic", "--mode", "cfsa",
                "-m", RunCommandTest.repo("data", "fixtures", "tiny-llava", "tiny-llava-f16.gguf").toString(),
                "--mmproj", RunCommandTest.repo("data", "fixtures", "tiny-llava", "mmproj-tiny-llava-f16.gguf")
                        .toString(), "-ngl", "0", "--threads", "2", "--eibench", data.toString(), "--images",
                data.toString(), "--sampling", sampling, "--seed", "7", "-n", "8", "--parallel", "4", "--out", out.toString()));
        args.addAll(List.of(more));
        RunCommandTest.Result r = RunCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(out.resolve("run.json").toFile()).get("work");
    }

    @ParameterizedTest(name = "--sampling {0}")
    @ValueSource(strings = {"greedy", "reference"})
    void aHundredCfsaSamplesAnswerTheSameWithAndWithoutThePrefixCache(String sampling, @TempDir Path tmp)
            throws Exception {
        Path data = benchDataset(tmp.resolve("data"));
        JsonNode cached = cfsaRun(data, tmp.resolve("cache"), sampling);
        JsonNode uncached = cfsaRun(data, tmp.resolve("no-cache"), sampling, "--prefix-cache-mib", "0");

        List<String> predictions = Files.readAllLines(tmp.resolve("cache").resolve("predictions.jsonl"));
        assertEquals(SAMPLES, predictions.size());
        assertEquals(predictions, Files.readAllLines(tmp.resolve("no-cache").resolve("predictions.jsonl")),
                "the cache changes what is computed, never what is answered");

        // the same input: the same minimum; with the cache each image is prefilled once, without it once per stage
        assertEquals(uncached.get("minimumPromptPositions"), cached.get("minimumPromptPositions"));
        assertEquals(SAMPLES, cached.get("distinctImages").asLong());
        assertEquals(SAMPLES, cached.get("imageEncoderCalls").asLong(), cached.toString());
        assertEquals(SAMPLES, cached.get("imagePrefills").asLong(), cached.toString());
        assertTrue(uncached.get("imagePrefills").asLong() > 2 * SAMPLES, uncached.toString());
        assertTrue(cached.get("promptPositionsDecoded").asLong()
                <= 1.15 * cached.get("minimumPromptPositions").asLong(), cached.toString());
        assertTrue(cached.get("promptPositionsDecoded").asLong() < uncached.get("promptPositionsDecoded").asLong());
    }
}
