package org.eibench.models.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The LLaVA conversation templates against the prompts the reference code produces
 * ({@code llava-conversations.json}: llava/conversation.py's get_prompt for 7 conv modes x user/cot/complex/two-turn,
 * copied from the reference) and against extra cases written from conversation.py's rules
 * ({@code llava-conversations-extra.json}), byte for byte.
 */
class LlavaConversationTemplatesTest {
    private static final ChatTemplates REGISTRY = ChatTemplates.builtIn();
    private static final List<String> CONV_MODES = List.of("llava_v1", "vicuna_v1", "llava_llama_2",
            "mistral_instruct", "chatml_direct", "mpt", "llava_v0");

    @TestFactory
    Stream<DynamicTest> everyReferenceCaseRendersByteForByte() throws IOException {
        JsonNode cases = read("llava-conversations.json").get("cases");
        assertEquals(70, cases.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String mode = c.get("conv_mode").asText();
            List<ChatMessage> messages = new ArrayList<>();
            if (c.has("messages")) {
                messages.addAll(messages(c.get("messages")));
            } else {
                // the reference's append_message(USER, '<image>\n' + inp); append_message(ASSISTANT, None)
                messages.add(ChatMessage.user(c.get("user_message").asText()));
            }
            tests.add(DynamicTest.dynamicTest(mode + "/" + c.get("kind").asText(), () -> {
                assertEquals(c.get("prompt").asText(), REGISTRY.get(mode).render(messages, true));
                assertEquals(c.get("stop").asText(), REGISTRY.referenceStop(mode).orElseThrow());
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> extraCasesRenderByteForByte() throws IOException {
        JsonNode cases = read("llava-conversations-extra.json").get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.get("template").asText();
            tests.add(DynamicTest.dynamicTest(name + "/" + c.get("kind").asText(), () -> assertEquals(
                    c.get("prompt").asText(),
                    REGISTRY.get(name).render(messages(c.get("messages")), c.get("addGenerationPrompt").asBoolean()))));
        }
        assertTrue(tests.size() >= 7 * 7, "every template has the extra cases");
        return tests.stream();
    }

    @Test
    void theMediaMarkerStandsWhereTheReferenceWritesImage() {
        // the engine writes libmtmd's marker where the reference writes <image>; nothing else differs
        String inp = "You are a good expert of emotion understanding. Look at the image, why?.";
        for (String mode : CONV_MODES) {
            ChatTemplate t = REGISTRY.get(mode);
            String reference = t.render(List.of(ChatMessage.user("<image>\n" + inp)), true);
            String engine = t.render(List.of(ChatMessage.user(ChatTemplate.MEDIA_MARKER + "\n" + inp)), true);
            assertEquals(reference, engine.replace(ChatTemplate.MEDIA_MARKER, "<image>"), mode);
        }
    }

    @Test
    void stopStringsAreTheReferences() {
        // sep2 for style TWO, else sep; mistral_instruct's sep is "", which stops on nothing
        Map<String, List<String>> expected = Map.of("llava_v1", List.of("</s>"), "vicuna_v1", List.of("</s>"),
                "llava_llama_2", List.of("<s>"), "mistral_instruct", List.of(), "chatml_direct",
                List.of("<|im_end|>"), "mpt", List.of("<|im_end|>"), "llava_v0", List.of("###"));
        for (String mode : CONV_MODES) {
            assertEquals(expected.get(mode), REGISTRY.get(mode).stopStrings(), mode);
            String stop = REGISTRY.referenceStop(mode).orElseThrow();
            assertEquals(stop.isEmpty() ? List.of() : List.of(stop), REGISTRY.get(mode).stopStrings(), mode);
            assertTrue(!REGISTRY.reproducesLlamaCpp(mode), mode + " reproduces conversation.py, not llama.cpp");
        }
    }

    @Test
    void llama2StyleStripsTheSeparatorAsACharacterSetLikePythonsLstrip() {
        // sep "[ " makes the strip visible: "[ [INST] hi [/INST]".lstrip("[ ") == "INST] hi [/INST]"
        ChatTemplateSpec spec = new ChatTemplateSpec("strip-probe", null, null, null, null, false, null, null, null,
                null, null, new ChatTemplateSpec.ConversationSpec("llama_2", "", "", "USER", "ASSISTANT", "[ ",
                        "</s>"));
        ChatTemplate probe = ChatTemplates.builder().add(spec, "test").build().get("strip-probe");
        assertEquals("INST] hi [/INST]", probe.render(List.of(ChatMessage.user("hi")), true));
        assertEquals("A", ConversationFormat.lstrip("<s><s>A", "<s>"));
        assertEquals("[INST]", ConversationFormat.lstrip("<s>[INST]", "<s>"));
        assertEquals("abc", ConversationFormat.lstrip("abc", ""));
    }

    @Test
    void conversationRulesAreEnforcedAsTheReferenceDoes() {
        ChatTemplate llama2 = REGISTRY.get("llava_llama_2");
        // conversation.py asserts "first message should come from user"
        assertThrows(IllegalArgumentException.class,
                () -> llama2.render(List.of(ChatMessage.assistant("hello")), true));
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class, () -> REGISTRY.get("llava_v1")
                .render(List.of(ChatMessage.user("q"), ChatMessage.system("late")), true));
        assertTrue(late.getMessage().contains("system message must come first"), late.getMessage());
    }

    @Test
    void aBadConversationSpecFailsAtLoadNamingTheField() {
        ChatTemplateSpec spec = new ChatTemplateSpec("bad", null, null, null, null, false, null, null, null, null,
                null, new ChatTemplateSpec.ConversationSpec("three", "", "", "USER", "ASSISTANT", " ", "</s>"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChatTemplates.builder().add(spec, "bad.json").build());
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("'three'"), e.getMessage());
    }

    static List<ChatMessage> messages(JsonNode pairs) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode pair : pairs) {
            ChatMessage.Role role = ChatMessage.Role.valueOf(pair.get(0).asText().toUpperCase(java.util.Locale.ROOT));
            out.add(new ChatMessage(role, pair.get(1).asText()));
        }
        return out;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = LlavaConversationTemplatesTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, "test resource " + resource + " is missing");
            return new ObjectMapper().readTree(in);
        }
    }
}
