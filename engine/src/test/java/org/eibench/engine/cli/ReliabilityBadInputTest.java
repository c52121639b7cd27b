package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs through the real CLI: every bad image becomes a recorded per-sample failure while the run goes on; a
 * prompt longer than a sequence's context fails its sample with the token counts and the fix; context settings
 * llama.cpp cannot honour end the command with the fix, not a crash.
 */
class ReliabilityBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "CAER-S/train/Happy/";

    @Test
    void everyKindOfBadImageIsARecordedFailureAndTheRunGoesOn(@TempDir Path tmp) throws IOException {
        Path mini = RunCommandTest.repo("data", "mini-eibench");
        byte[] png = Files.readAllBytes(mini.resolve("CAER-S/train/Happy/0001.png"));
        byte[] jpeg = Files.readAllBytes(mini.resolve("EmoSet-118k/image/fear/fear_00001.jpg"));
        Path root = tmp.resolve("images");
        Path happy = Files.createDirectories(root.resolve(DIR));
        Path outside = Files.writeString(tmp.resolve("secret.png"), "outside the image root");

        // image file name -> the text its record's error must contain
        Map<String, String> expected = new LinkedHashMap<>();
        Files.write(happy.resolve("good.png"), png);
        expected.put("good.png", null);
        expected.put("missing.png", "image not found");
        Files.createDirectory(happy.resolve("directory.png"));
        expected.put("directory.png", "not a readable file");
        Files.createFile(happy.resolve("empty.png"));
        expected.put("empty.png", "empty (0 bytes)");
        Files.writeString(happy.resolve("text.png"), "a note, not pixels: " + "x".repeat(100));
        expected.put("text.png", "not an image");
        Files.write(happy.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        expected.put("cut.png", "truncated PNG");
        Files.write(happy.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        expected.put("cut.jpg", "truncated JPEG");
        byte[] wide = png.clone();
        ByteBuffer.wrap(wide).putInt(16, 100_000); // IHDR width
        Files.write(happy.resolve("wide.png"), wide);
        expected.put("wide.png", "100000x");
        byte[] huge = jpeg.clone();
        int sof = sofHeightAt(huge);
        ByteBuffer.wrap(huge).putShort(sof, (short) 60_000).putShort(sof + 2, (short) 60_000);
        Files.write(happy.resolve("huge.jpg"), huge);
        expected.put("huge.jpg", "60000x60000 JPEG");
        Files.createSymbolicLink(happy.resolve("link.png"), outside);
        expected.put("link.png", "symbolic link out of the dataset root");

        Path data = Files.createDirectories(tmp.resolve("eibench"));
        StringBuilder queries = new StringBuilder();
        ObjectNode truth = JSON.createObjectNode();
        for (String name : expected.keySet()) {
            queries.append(JSON.writeValueAsString(Map.of(DIR + name, "Why is this person happy?"))).append('\n');
            truth.put(DIR + name, "1. A smile.\n2. Sunshine.");
        }
        Files.writeString(data.resolve("user.jsonl"), queries);
        Files.writeString(data.resolve("basic_ground_truth.json"), truth.toString());
        Files.writeString(data.resolve("ec_complex.jsonl"), "");

        Path out = tmp.resolve("run");
        List<String> args = RunCommandTest.args(out, "basic", "user", "none", 2);
        args.set(args.indexOf("--eibench") + 1, data.toString());
        args.set(args.indexOf("--images") + 1, root.toString());
        RunCommandTest.Result r = RunCommandTest.run(args.toArray(String[]::new));

        assertEquals(Main.EXIT_PROBLEMS, r.exit(), r.err());
        assertTrue(r.err().contains((expected.size() - 1) + " failed sample"), r.err());
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        RunCommandTest.records(out).forEach(rec -> byName.put(rec.get("id").asText().substring(DIR.length()), rec));
        assertEquals(expected.keySet(), byName.keySet(), "one record per sample");
        expected.forEach((name, error) -> {
            JsonNode rec = byName.get(name);
            if (error == null) {
                assertEquals("ok", rec.get("status").asText(), rec.toString());
            } else {
                assertEquals("failed", rec.get("status").asText(), rec.toString());
                assertTrue(rec.get("error").asText().contains(error), name + ": " + rec.get("error").asText());
            }
        });
        assertFalse(Files.readString(out.resolve("records.jsonl")).contains("outside the image root"),
                "nothing outside the image root was read");
    }

    @Test
    void keysWithDotDotOrAbsolutePathsAreRefusedBeforeAnythingIsRead(@TempDir Path tmp) throws IOException {
        Path data = Files.createDirectories(tmp.resolve("eibench"));
        String dotDot = "CAER-S/train/Happy/../../../../etc/passwd";
        String absolute = "/etc/CAER-S/train/Happy/0001.png";
        Files.writeString(data.resolve("user.jsonl"), JSON.writeValueAsString(Map.of(dotDot, "Why?")) + "\n"
                + JSON.writeValueAsString(Map.of(absolute, "Why?")) + "\n");
        ObjectNode truth = JSON.createObjectNode().put(dotDot, "1. A smile.").put(absolute, "1. A smile.");
        Files.writeString(data.resolve("basic_ground_truth.json"), truth.toString());
        Files.writeString(data.resolve("ec_complex.jsonl"), "");
        Path out = tmp.resolve("run");
        List<String> args = RunCommandTest.args(out, "basic", "user", "none", 1);
        args.set(args.indexOf("--eibench") + 1, data.toString());
        RunCommandTest.Result r = RunCommandTest.run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_PROBLEMS, r.exit(), r.err());
        assertTrue(r.err().contains("'..' segment") || r.err().contains("not normalised"), r.err());
        assertTrue(r.err().contains("is absolute"), r.err());
        assertFalse(Files.exists(out.resolve("records.jsonl")), "no sample was attempted");
    }

    @Test
    void aPromptLongerThanTheContextFailsItsSampleWithTheCountsAndTheFix(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("run");
        RunCommandTest.Result r = RunCommandTest.run(RunCommandTest.args(out, "basic", "user", "none", 2,
                "--limit", "2", "--ctx", "64").toArray(String[]::new));
        assertEquals(Main.EXIT_PROBLEMS, r.exit(), r.err());
        for (JsonNode rec : RunCommandTest.records(out)) {
            assertEquals("failed", rec.get("status").asText(), rec.toString());
            String error = rec.get("error").asText();
            assertTrue(error.matches("(?s).*prompt of \\d+ positions.*one sequence holds \\d+.*--ctx.*--parallel.*"),
                    error);
        }
    }

    @Test
    void anImpossibleContextEndsTheCommandWithTheFix(@TempDir Path tmp) {
        Path fixture = RunCommandTest.repo("data", "fixtures", "tiny-llava");
        RunCommandTest.Result huge = RunCommandTest.run("generate", "-m",
                fixture.resolve("tiny-llava-f16.gguf").toString(), "-p", "hi", "-n", "2", "-ngl", "0",
                "--ctx", Integer.toString(1 << 30));
        assertEquals(Main.EXIT_USAGE, huge.exit(), huge.err());
        assertTrue(huge.err().contains("--ctx") && huge.err().contains("--parallel"), huge.err());

        RunCommandTest.Result tooMany = RunCommandTest.run(RunCommandTest.args(tmp.resolve("run"), "basic", "user",
                "none", 300, "--limit", "1", "--ctx", "4096").toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, tooMany.exit(), tooMany.err());
        assertTrue(tooMany.err().contains("at most 256") && tooMany.err().contains("--parallel"), tooMany.err());
    }

    private static int sofHeightAt(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) >= 0xC0 && (jpeg[i + 1] & 0xFF) <= 0xC2) {
                return i + 5;
            }
        }
        throw new AssertionError("no SOF marker in the fixture JPEG");
    }
}
