package org.eibench.models.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LLaVA's {@code Conversation.get_prompt} ({@code llava/conversation.py}, the code the reference EIBench scripts
 * build their prompts with) for its separator styles SINGLE, TWO, MPT and LLAMA_2. The strings are data
 * ({@link ChatTemplateSpec.ConversationSpec}); the four algorithms are code, one per style, as conversation.py has
 * them. Immutable.
 *
 * <p>The messages become conversation.py's {@code messages} list: a leading system message replaces the
 * template's {@code system} text (as {@code conv.system = ...} does; {@code systemPrefix} is kept), user and
 * assistant messages become {@code (roles[0], text)} and {@code (roles[1], text)}, and a generation prompt is the
 * reference's {@code append_message(roles[1], None)}. An empty text counts as no message, as Python's
 * {@code if message:} does.
 */
final class ConversationFormat {
    /** conversation.py's {@code SeparatorStyle} values that the reference templates use. */
    enum Style { SINGLE, TWO, MPT, LLAMA_2 }

    private final Style style;
    private final String system;
    private final String systemPrefix;
    private final String user;
    private final String assistant;
    private final String sep;
    private final String sep2;

    ConversationFormat(ChatTemplateSpec.ConversationSpec spec, String where) {
        if (spec.style() == null) {
            throw new IllegalArgumentException(where + ": conversation.style is missing; use single, two, mpt or"
                    + " llama_2");
        }
        try {
            this.style = Style.valueOf(spec.style().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": unknown conversation.style '" + spec.style()
                    + "'; use single, two, mpt or llama_2", e);
        }
        this.system = require(spec.system(), "system", where);
        this.systemPrefix = spec.systemPrefix() == null ? "" : spec.systemPrefix();
        if (!system.startsWith(systemPrefix)) {
            throw new IllegalArgumentException(where + ": conversation.system must start with conversation.systemPrefix");
        }
        this.user = require(spec.user(), "user", where);
        this.assistant = require(spec.assistant(), "assistant", where);
        this.sep = require(spec.sep(), "sep", where);
        this.sep2 = spec.sep2();
        if ((style == Style.TWO || style == Style.LLAMA_2) && sep2 == null) {
            throw new IllegalArgumentException(where + ": style " + spec.style() + " needs conversation.sep2");
        }
    }

    private static String require(String value, String field, String where) {
        if (value == null) {
            throw new IllegalArgumentException(where + ": conversation." + field + " is missing");
        }
        return value;
    }

    /** The reference's stop string: {@code sep2} for style TWO, else {@code sep} (empty: none). */
    String referenceStop() {
        return style == Style.TWO ? sep2 : sep;
    }

    private record Turn(String role, String message) {
        boolean empty() {
            return message == null || message.isEmpty();
        }
    }

    String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        String systemText = system;
        List<Turn> turns = new ArrayList<>(messages.size() + 1);
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            switch (m.role()) {
                case SYSTEM -> {
                    if (i != 0) {
                        throw new IllegalArgumentException("a system message must come first; it replaces the"
                                + " conversation's system text (message " + (i + 1) + " is one)");
                    }
                    systemText = systemPrefix + m.content();
                }
                case USER -> turns.add(new Turn(user, m.content()));
                case ASSISTANT -> turns.add(new Turn(assistant, m.content()));
            }
        }
        if (addGenerationPrompt) {
            turns.add(new Turn(assistant, null));
        }
        return switch (style) {
            case SINGLE -> single(systemText, turns);
            case TWO -> two(systemText, turns);
            case MPT -> mpt(systemText, turns);
            case LLAMA_2 -> llama2(systemText, turns);
        };
    }

    private String single(String systemText, List<Turn> turns) {
        StringBuilder ret = new StringBuilder(systemText).append(sep);
        for (Turn t : turns) {
            ret.append(t.empty() ? t.role() + ":" : t.role() + ": " + t.message() + sep);
        }
        return ret.toString();
    }

    private String two(String systemText, List<Turn> turns) {
        String[] seps = {sep, sep2};
        StringBuilder ret = new StringBuilder(systemText).append(seps[0]);
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            ret.append(t.empty() ? t.role() + ":" : t.role() + ": " + t.message() + seps[i % 2]);
        }
        return ret.toString();
    }

    private String mpt(String systemText, List<Turn> turns) {
        StringBuilder ret = new StringBuilder(systemText).append(sep);
        for (Turn t : turns) {
            ret.append(t.empty() ? t.role() : t.role() + t.message() + sep);
        }
        return ret.toString();
    }

    /** Turns alternate by position (user at even positions), as conversation.py's {@code i % 2} does. */
    private String llama2(String systemText, List<Turn> turns) {
        if (turns.isEmpty() || turns.getFirst().empty() || !turns.getFirst().role().equals(user)) {
            // conversation.py asserts both: "first message should not be none", "... should come from user"
            throw new IllegalArgumentException("a " + style + " conversation must start with a non-empty user"
                    + " message");
        }
        StringBuilder ret = new StringBuilder();
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            if (t.empty()) {
                continue;
            }
            String message = t.message();
            if (i == 0 && !systemText.isEmpty()) {
                message = "<<SYS>>\n" + systemText + "\n<</SYS>>\n\n" + message;
            }
            if (i % 2 == 0) {
                ret.append(sep).append("[INST] ").append(message).append(" [/INST]");
            } else {
                ret.append(' ').append(message).append(' ').append(sep2);
            }
        }
        return lstrip(ret.toString(), sep);
    }

    /** Python's {@code str.lstrip(chars)}: strips leading characters that are in the SET {@code chars}. */
    static String lstrip(String text, String chars) {
        int start = 0;
        while (start < text.length()) {
            int cp = text.codePointAt(start);
            if (chars.indexOf(cp) < 0) {
                break;
            }
            start += Character.charCount(cp);
        }
        return text.substring(start);
    }
}
