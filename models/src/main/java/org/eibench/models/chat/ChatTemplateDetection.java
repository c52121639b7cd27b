package org.eibench.models.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eibench.models.json.JsonMappers;

/**
 * llama.cpp's template detection ({@code llm_chat_detect_template}) as data: the rules in
 * {@code detection.json} are its if/else chain, flattened in order. Gives llama.cpp's built-in name for a Jinja
 * template, including names this project has no template for.
 */
final class ChatTemplateDetection {
    private static final String RESOURCE = "detection.json";

    private record Rule(String template, List<List<String>> when) {
        boolean matches(String tmpl) {
            return when.stream().allMatch(clause -> clause.stream().anyMatch(needle -> needle.startsWith("^")
                    ? tmpl.startsWith(needle.substring(1)) : tmpl.contains(needle)));
        }
    }

    private record Rules(String source, String semantics, Set<String> builtinNames, List<Rule> rules) {}

    private static final Rules RULES = load();

    private ChatTemplateDetection() {}

    /** llama.cpp's name for the template, or empty when llama.cpp would not recognise it. */
    static Optional<String> llamaCppName(String jinjaTemplate) {
        if (RULES.builtinNames().contains(jinjaTemplate)) {
            return Optional.of(jinjaTemplate);
        }
        return RULES.rules().stream().filter(r -> r.matches(jinjaTemplate)).map(Rule::template).findFirst();
    }

    private static Rules load() {
        try (InputStream in = ChatTemplateDetection.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing next to " + ChatTemplateDetection.class);
            }
            return JsonMappers.create().readValue(in, Rules.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chat template detection rules " + RESOURCE, e);
        }
    }
}
