package org.eibench.engine.prompts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prompt text with named placeholders: {@code {question}}, {@code {caption}}, … ({@code [a-z_][a-z0-9_]*}).
 * {@code {{} and {@code }}} stand for literal braces; any other brace is an error, so a typo such as
 * {@code {Question}} fails at load time instead of reaching the model.
 *
 * @param name where the template comes from, e.g. {@code modes/user.json#answer}, used in error messages
 * @param text the raw template text
 */
public record Template(String name, String text) {
    private sealed interface Part {}

    private record Literal(String text) implements Part {}

    private record Placeholder(String name) implements Part {}

    public Template {
        parse(name, text); // fail early on malformed braces
    }

    /** The placeholder names in order of first use. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        for (Part part : parse(name, text)) {
            if (part instanceof Placeholder(String n)) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * Fills in every placeholder.
     *
     * @throws MissingPlaceholderException naming this template and the first placeholder without a value
     */
    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (Part part : parse(name, text)) {
            switch (part) {
                case Literal(String t) -> out.append(t);
                case Placeholder(String n) -> {
                    String value = values.get(n);
                    if (value == null) {
                        throw new MissingPlaceholderException(name, n);
                    }
                    out.append(value);
                }
            }
        }
        return out.toString();
    }

    private static List<Part> parse(String name, String text) {
        if (text == null) {
            throw new PromptException("template " + name + " has no text");
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int close = text.indexOf('}', i);
                String placeholder = close < 0 ? "" : text.substring(i + 1, close);
                if (!placeholder.matches("[a-z_][a-z0-9_]*")) {
                    throw new PromptException("template " + name + " has a malformed placeholder at character " + i
                            + " (" + snippet(text, i) + "); placeholders look like {question}, literal braces are"
                            + " written {{ and }}");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Placeholder(placeholder));
                i = close + 1;
            } else if (c == '}') {
                throw new PromptException("template " + name + " has an unmatched '}' at character " + i + " ("
                        + snippet(text, i) + "); write }} for a literal brace");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return parts;
    }

    private static String snippet(String text, int at) {
        return "\"" + text.substring(Math.max(0, at - 10), Math.min(text.length(), at + 15)).replace("\n", "\\n") + "\"";
    }
}
