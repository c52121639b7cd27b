package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.eibench.kernels.gguf.GgufFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {

    private static RunCommandTest.Result run(String... args) {
        return RunCommandTest.execute(new CommandLine(new InspectCommand()), args);
    }

    @Test
    void describesTheTextModel() {
        RunCommandTest.Result r = run(GgufFixtures.textModel().toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*architecture:\\s+llama\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*parameter_count:\\s+1836288\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*context_length:\\s+4096\\n.*"), r.out());
        // the policy's choice, as eibench run makes it: the name marks a LLaVA, and no reference pattern matches
        assertTrue(r.out().contains("template=llava_v0; reason=LLaVA-class model (file name 'tiny-llava-f16.gguf'"
                + " contains 'llava'); the reference's conv_mode rule: no pattern matches"), r.out());
        assertTrue(r.out().contains("preview={% for message in messages %}"), r.out());
    }

    @Test
    void describesTheMmprojAsJson() throws Exception {
        RunCommandTest.Result r = run(GgufFixtures.mmproj().toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("clip", j.get("architecture").asText());
        assertEquals("mlp", j.get("projector_type").asText());
        assertEquals(336, j.get("image_size").asInt());
        assertEquals(14, j.get("patch_size").asInt());
        assertEquals(256, j.get("projection_dim").asInt());
        assertTrue(j.get("chat_template") == null, "an mmproj has no chat template");
    }

    @Test
    void withItsMmprojTheChoiceIsTheOneARunMakesAndNotTheRegistrysRawDetection() throws Exception {
        RunCommandTest.Result r = run(GgufFixtures.textModel().toString(), "--mmproj", GgufFixtures.mmproj().toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode template = new ObjectMapper().readTree(r.out()).get("chat_template");
        var expected = org.eibench.models.chat.ChatTemplatePolicy.builtIn().choose(GgufFixtures.textModel(),
                GgufFixtures.mmproj(), null);
        assertEquals(expected.name(), template.get("template").asText());
        assertEquals(expected.reason(), template.get("reason").asText());
        assertTrue(template.get("reason").asText().contains("mmproj projector type mlp"), template.toString());
        // the registry alone would say vicuna (from the stored Jinja text): not what a run renders with
        assertEquals("vicuna", org.eibench.models.chat.ChatTemplates.builtIn()
                .detect(org.eibench.kernels.gguf.GgufFile.read(GgufFixtures.textModel())).name());
        assertTrue(template.get("detected") == null, template.toString());

        RunCommandTest.Result bad = run(GgufFixtures.textModel().toString(), "--mmproj", GgufFixtures.textModel().resolveSibling(
                "no-such-mmproj.gguf").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("no-such-mmproj.gguf"), bad.err());
    }

    @Test
    void allKeysListsEveryKeyWithArraysAbbreviated() throws Exception {
        RunCommandTest.Result text = run(GgufFixtures.textModel().toString(), "--all-keys");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("metadata (29 keys):"), text.out());
        assertTrue(text.out().contains("tokenizer.ggml.tokens (ARRAY) = STRING[1024] [\"<unk>\", \"<s>\""), text.out());

        JsonNode j = new ObjectMapper().readTree(run(GgufFixtures.textModel().toString(), "--json", "--all-keys").out());
        assertEquals(29, j.get("metadata").size());
        JsonNode tokens = j.get("metadata").get("tokenizer.ggml.tokens");
        assertEquals(1024, tokens.get("length").asInt());
        assertEquals(InspectCommand.ARRAY_PREVIEW, tokens.get("first").size());
        assertEquals("llava_v0", j.get("chat_template").get("template").asText());
        assertEquals(256, j.get("metadata").get("llama.embedding_length").asInt());
    }

    @Test
    void aDamagedFileExitsWithTwoAndSaysWhere(@TempDir Path dir) throws Exception {
        byte[] full = Files.readAllBytes(GgufFixtures.textModel());
        Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(full, 1000));
        RunCommandTest.Result r = run(cut.toString());
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains(cut.toString()) && r.err().contains("malformed GGUF at byte"), r.err());
        assertEquals("", r.out());

        RunCommandTest.Result missing = run(dir.resolve("absent.gguf").toString());
        assertEquals(Main.EXIT_USAGE, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
