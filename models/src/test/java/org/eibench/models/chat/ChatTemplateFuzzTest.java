package org.eibench.models.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the chat templates: every built-in renders any conversation (any roles in any order, any content, media
 * markers anywhere) without an exception, keeps every message's content in order and every media marker; detection
 * and lookup of arbitrary Jinja texts and names fail only as documented.
 */
class ChatTemplateFuzzTest {
    private static final ChatTemplates BUILT_IN = ChatTemplates.builtIn();
    // the llama.cpp-style templates accept any message order; the LLaVA conversation ones enforce conversation.py's
    private static final List<String> NAMES = BUILT_IN.names().stream().filter(BUILT_IN::reproducesLlamaCpp).toList();
    private static final ChatMessage.Role[] ROLES = ChatMessage.Role.values();

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({ChatTemplate.MEDIA_MARKER, "<__media__", "[INST]", "</s>", "<|im_end|>"})
    void builtInTemplatesRenderAnyConversation(FuzzedDataProvider data) {
        ChatTemplate template = BUILT_IN.get(NAMES.get(data.consumeInt(0, NAMES.size() - 1)));
        List<ChatMessage> messages = new ArrayList<>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String content = data.consumeString(60);
            if (data.consumeBoolean()) {
                int at = data.consumeInt(0, content.length());
                content = content.substring(0, at) + ChatTemplate.MEDIA_MARKER + content.substring(at);
            }
            messages.add(new ChatMessage(ROLES[data.consumeInt(0, ROLES.length - 1)], content));
        }
        String prompt = template.render(messages, false);
        String withGeneration = template.render(messages, true);
        assertEquals(prompt, template.render(messages, false), "rendering is deterministic");
        assertTrue(withGeneration.startsWith(prompt), template.name() + ": the generation prompt is only appended");
        int from = 0;
        int markers = 0;
        for (ChatMessage m : messages) {
            String kept = DataChatTemplate.trimAsciiWhitespace(m.content());
            int at = prompt.indexOf(kept, from);
            assertTrue(at >= 0, template.name() + " lost or reordered the content " + kept);
            from = at + kept.length();
            markers += occurrences(kept, ChatTemplate.MEDIA_MARKER);
        }
        assertTrue(occurrences(prompt, ChatTemplate.MEDIA_MARKER) >= markers, template.name() + " dropped a media marker");
        assertNotNull(template.stopStrings());
    }

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"<|im_start|>", "[INST]", "<<SYS>>", "USER: ", "ASSISTANT:", "<|start_header_id|>",
            "[SYSTEM_PROMPT]", "</s>", "bos_token", "vicuna", "chatml"})
    void detectionAndLookupFailOnlyAsDocumented(FuzzedDataProvider data) {
        String architecture = data.consumeBoolean() ? null : data.consumeString(10);
        String name = data.consumeString(20);
        String jinja = data.consumeRemainingAsString();

        Optional<ChatTemplate> detected = BUILT_IN.detect(jinja, architecture);
        Optional<String> llamaCpp = ChatTemplates.llamaCppName(jinja);
        detected.ifPresent(t -> assertTrue(BUILT_IN.names().contains(t.name()), t.name()));
        if (detected.isPresent() && !BUILT_IN.names().contains(jinja)) {
            assertTrue(llamaCpp.isPresent(), "detected " + detected.get().name() + " without a llama.cpp name");
        }

        if (BUILT_IN.find(name).isPresent()) {
            assertEquals(name, BUILT_IN.get(name).name());
        } else {
            UnknownChatTemplateException e = assertThrows(UnknownChatTemplateException.class, () -> BUILT_IN.get(name));
            assertFalse(e.getMessage().isEmpty());
            assertTrue(BUILT_IN.names().containsAll(e.suggestions()), e.suggestions().toString());
        }
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }
}
