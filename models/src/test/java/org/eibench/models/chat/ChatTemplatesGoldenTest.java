package org.eibench.models.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every built-in template against golden outputs written by llama.cpp's own {@code llama_chat_apply_template}
 * (native/tools/chat_template_golden.py): {@code golden/inputs/CASE.inp} holds the messages,
 * {@code golden/TEMPLATE/CASE.out} the exact bytes llama.cpp produced.
 */
class ChatTemplatesGoldenTest {
    private static final String GOLDEN = "golden/";
    private static final List<String> CASES = List.of("empty", "image-prompt", "multi-turn",
            "multi-turn-no-generation-prompt", "system-image", "unicode", "whitespace");

    record Case(List<ChatMessage> messages, boolean addGenerationPrompt) {}

    @TestFactory
    Stream<DynamicTest> everyTemplateMatchesLlamaCpp() {
        ChatTemplates registry = ChatTemplates.builtIn();
        return registry.names().stream().filter(registry::reproducesLlamaCpp).flatMap(name -> CASES.stream().map(c -> DynamicTest.dynamicTest(
                name + "/" + c, () -> {
                    Case input = readCase(c);
                    String expected = resource(GOLDEN + name + "/" + c + ".out");
                    assertEquals(expected, registry.get(name).render(input.messages(), input.addGenerationPrompt()));
                })));
    }

    @Test
    void theTinyFixturePromptIsVicuna() {
        ChatTemplate vicuna = ChatTemplates.builtIn().get("vicuna");
        String prompt = vicuna.render(List.of(ChatMessage.user(ChatTemplate.MEDIA_MARKER + "Describe the image.")), true);
        assertEquals("USER: <__media__>Describe the image.\nASSISTANT:", prompt);
    }

    @Test
    void renderingFromManyThreadsGivesTheSameBytes() throws Exception {
        ChatTemplates registry = ChatTemplates.builtIn();
        List<String> names = registry.names().stream().filter(registry::reproducesLlamaCpp).toList();
        List<Case> cases = new ArrayList<>();
        for (String c : CASES) {
            cases.add(readCase(c));
        }
        List<String> expected = new ArrayList<>();
        for (String n : names) {
            for (Case c : cases) {
                expected.add(registry.get(n).render(c.messages(), c.addGenerationPrompt()));
            }
        }
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int seed = t;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        int i = (seed * 31 + round * 7) % expected.size();
                        Case c = cases.get(i % cases.size());
                        String got = registry.get(names.get(i / cases.size())).render(c.messages(), c.addGenerationPrompt());
                        if (!got.equals(expected.get(i))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertEquals(true, r.get(), "a thread saw a different rendering");
            }
        }
    }

    @Test
    void stopStringsAreDeclared() {
        // the LLaVA conversation templates stop on the reference's string, which may be none (LlavaConversationTemplatesTest)
        for (String n : ChatTemplates.builtIn().names().stream().filter(ChatTemplates.builtIn()::reproducesLlamaCpp)
                .toList()) {
            assertFalse(ChatTemplates.builtIn().get(n).stopStrings().isEmpty(), n);
        }
        assertEquals(List.of("</s>", "USER:"), ChatTemplates.builtIn().get("vicuna").stopStrings());
    }

    private static Case readCase(String name) throws IOException {
        JsonNode node = new ObjectMapper().readTree(resource(GOLDEN + "inputs/" + name + ".inp"));
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : node.get("messages")) {
            messages.add(new ChatMessage(ChatMessage.Role.valueOf(m.get("role").asText().toUpperCase(Locale.ROOT)),
                    m.get("content").asText()));
        }
        return new Case(messages, node.get("addGenerationPrompt").asBoolean());
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ChatTemplatesGoldenTest.class.getResourceAsStream(path)) {
            assertNotNull(in, "missing golden resource " + path + " (run native/tools/chat_template_golden.py)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
