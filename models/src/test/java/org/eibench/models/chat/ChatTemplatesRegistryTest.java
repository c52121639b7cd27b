package org.eibench.models.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eibench.kernels.gguf.GgufFile;
import org.eibench.kernels.gguf.GgufFixtures;
import org.eibench.kernels.gguf.GgufTestFiles;
import org.eibench.kernels.gguf.GgufTestWriter;
import org.eibench.kernels.gguf.GgufValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry behaviour (names, duplicates, close matches, aliases) and llama.cpp's template detection. */
class ChatTemplatesRegistryTest {
    private final ChatTemplates registry = ChatTemplates.builtIn();

    @Test
    void theBuiltInsIncludeTheFormatsTheEngineUses() {
        assertTrue(registry.names().containsAll(List.of("vicuna", "mistral-instruct", "chatml", "llama3", "llama2")));
        assertEquals("mistral-instruct", registry.get("mistral-instruct").name());
        assertEquals(registry.get("llama2-sys").render(List.of(ChatMessage.user("x")), true),
                registry.get("mistral-instruct").render(List.of(ChatMessage.user("x")), true));
    }

    @Test
    void anUnknownNameSuggestsCloseMatches() {
        UnknownChatTemplateException e = assertThrows(UnknownChatTemplateException.class, () -> registry.get("vicunna"));
        assertEquals("vicuna", e.suggestions().getFirst());
        assertTrue(e.getMessage().contains("did you mean vicuna"), e.getMessage());
        assertTrue(e.getMessage().contains("chatml"), "lists the known templates: " + e.getMessage());
        assertTrue(assertThrows(UnknownChatTemplateException.class, () -> registry.get("mistral"))
                .suggestions().contains("mistral-v1"));
    }

    @Test
    void aDuplicateNameFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mine.json"), """
                {"name": "vicuna", "roles": {"system": {"prefix": "", "suffix": ""},
                 "user": {"prefix": "", "suffix": ""}, "assistant": {"prefix": "", "suffix": ""}}}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatTemplates.builder().addBuiltIns().addDirectory(dir));
        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
    }

    @Test
    void extraTemplatesLoadFromAFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plain.json"), """
                {"name": "plain", "roles": {"system": {"prefix": "S:", "suffix": "|"},
                 "user": {"prefix": "U:", "suffix": "|"}, "assistant": {"prefix": "A:", "suffix": "|"}},
                 "generationPrompt": "A:", "stopStrings": ["|"]}
                """);
        ChatTemplates r = ChatTemplates.builder().addBuiltIns().addDirectory(dir).build();
        assertEquals("S:s|U:u|A:", r.get("plain").render(List.of(ChatMessage.system("s"), ChatMessage.user("u")), true));
        Files.writeString(dir.resolve("broken.json"), "{\"name\": \"broken\", \"roles\": {}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatTemplates.builder().addDirectory(dir).build());
        assertTrue(e.getMessage().contains("broken.json") && e.getMessage().contains("role 'system'"), e.getMessage());
    }

    @Test
    void detectionFollowsLlamaCpp() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{{ '<|im_start|>' + message['role'] }}", "chatml"),
                Map.entry("<|im_start|> <|im_sep|>", "phi4"),
                Map.entry("{{ bos_token }}{% for m in messages %}{{ '[INST] ' + m['content'] + ' [/INST]' }}", "llama2"),
                Map.entry("[INST] <<SYS>>", "llama2-sys"),
                Map.entry("[INST] <<SYS>> content.strip()", "llama2-sys-strip"),
                Map.entry("bos_token + '[INST] <<SYS>>", "llama2-sys-bos"),
                Map.entry("{{ ' [INST] ' + system_message }}", "mistral-v1"),
                Map.entry("[AVAILABLE_TOOLS][INST]", "mistral-v3"),
                Map.entry("[AVAILABLE_TOOLS]{{ \"[INST]\" }}", "mistral-v3-tekken"),
                Map.entry("[SYSTEM_PROMPT][INST]", "mistral-v7"),
                Map.entry("mistral whatever", "llama2"),
                Map.entry("{{ 'USER: ' + c }}{{ 'ASSISTANT: ' }}", "vicuna"),
                Map.entry("SYSTEM: USER: ASSISTANT: ", "vicuna-orca"),
                Map.entry("<|start_header_id|>x<|end_header_id|>", "llama3"),
                Map.entry("<start_of_turn>", "gemma"),
                Map.entry("<|assistant|><|user|></s>", "falcon3"),
                Map.entry("vicuna", "vicuna"),
                Map.entry("phi3", "phi3"));
        cases.forEach((jinja, expected) ->
                assertEquals(Optional.of(expected), ChatTemplates.llamaCppName(jinja), jinja));
        assertEquals(Optional.empty(), ChatTemplates.llamaCppName("{{ messages }}"));
        assertEquals("llama2-sys", registry.detect("[INST] <<SYS>>", "llama").orElseThrow().name());
        assertEquals("mistral-instruct", registry.detect("mistral-instruct", null).orElseThrow().name());
        assertEquals(Optional.empty(), registry.detect("<start_of_turn>", "gemma"), "gemma has no data here");
    }

    @Test
    void theTinyFixtureIsDetectedAsVicuna() throws Exception {
        GgufFile model = GgufFile.read(GgufFixtures.textModel());
        ChatTemplate t = registry.detect(model);
        assertEquals("vicuna", t.name());
        assertEquals("USER: <__media__>Describe the image.\nASSISTANT:",
                t.render(List.of(ChatMessage.user("<__media__>Describe the image.")), true));
    }

    @Test
    void aModelWithoutTemplateFallsBackToVicunaOnlyForLlama() throws Exception {
        GgufFile llava15 = GgufFile.read(GgufTestFiles.write(new GgufTestWriter()
                .kv("general.architecture", GgufValueType.STRING, "llama").bytes()));
        assertEquals("vicuna", registry.detect(llava15).name());
        GgufFile other = GgufFile.read(GgufTestFiles.write(new GgufTestWriter()
                .kv("general.architecture", GgufValueType.STRING, "qwen2").bytes()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.detect(other));
        assertTrue(e.getMessage().contains("no tokenizer.chat_template") && e.getMessage().contains("--chat-template"),
                e.getMessage());
        GgufFile gemma = GgufFile.read(GgufTestFiles.write(new GgufTestWriter()
                .kv("general.architecture", GgufValueType.STRING, "gemma")
                .kv("tokenizer.chat_template", GgufValueType.STRING, "{{ '<start_of_turn>' }}").bytes()));
        e = assertThrows(IllegalArgumentException.class, () -> registry.detect(gemma));
        assertTrue(e.getMessage().contains("llama.cpp's 'gemma'"), e.getMessage());
    }
}
