package org.eibench.models.chat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chat template rendered from a {@link ChatTemplateSpec}: by its prefix/suffix rules, or, for a LLaVA conversation
 * template, by its {@link ConversationFormat}. Immutable, so one instance serves all threads.
 */
final class DataChatTemplate implements ChatTemplate {
    private final String name;
    private final String description;
    private final String llamaCpp;
    private final String begin;
    private final boolean beginOpensTurn;
    private final String turnOpen;
    private final Map<ChatMessage.Role, ChatTemplateSpec.RoleFormat> roles;
    private final String generationPrompt;
    private final List<String> stopStrings;
    private final ConversationFormat conversation;

    /**
     * @param name the registry name (an alias's own name)
     * @param rules the spec whose rules apply (for an alias, its target's)
     */
    DataChatTemplate(String name, String description, ChatTemplateSpec rules, String source) {
        this.name = name;
        this.description = description == null ? "" : description;
        this.llamaCpp = rules.llamaCpp();
        this.begin = rules.begin() == null ? "" : rules.begin();
        this.beginOpensTurn = rules.beginOpensTurn();
        this.turnOpen = rules.turnOpen();
        this.generationPrompt = rules.generationPrompt() == null ? "" : rules.generationPrompt();
        this.stopStrings = rules.stopStrings() == null ? List.of() : List.copyOf(rules.stopStrings());
        this.conversation = rules.conversation() == null ? null
                : new ConversationFormat(rules.conversation(), source + ": template '" + name + "'");
        Map<ChatMessage.Role, ChatTemplateSpec.RoleFormat> byRole = new EnumMap<>(ChatMessage.Role.class);
        if (conversation != null) {
            this.roles = Map.of();
            return;
        }
        for (ChatMessage.Role role : ChatMessage.Role.values()) {
            String key = role.name().toLowerCase(java.util.Locale.ROOT);
            ChatTemplateSpec.RoleFormat f = rules.roles() == null ? null : rules.roles().get(key);
            if (f == null) {
                throw new IllegalArgumentException(source + ": template '" + name + "' has no format for role '" + key
                        + "'; add roles." + key + " with prefix and suffix");
            }
            byRole.put(role, new ChatTemplateSpec.RoleFormat(Objects.requireNonNullElse(f.prefix(), ""),
                    Objects.requireNonNullElse(f.suffix(), ""), f.trim(), f.closesTurn()));
        }
        this.roles = Map.copyOf(byRole);
    }

    @Override
    public String name() {
        return name;
    }

    /** What models use this format. */
    String description() {
        return description;
    }

    /** The llama.cpp built-in template name this one reproduces. */
    String llamaCppName() {
        return llamaCpp;
    }

    /** The reference's stop string for a conversation template ({@code sep2} for style two, else {@code sep}). */
    java.util.Optional<String> referenceStop() {
        return conversation == null ? java.util.Optional.empty() : java.util.Optional.of(conversation.referenceStop());
    }

    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        if (conversation != null) {
            return conversation.render(messages, addGenerationPrompt);
        }
        StringBuilder sb = new StringBuilder(begin);
        boolean insideTurn = beginOpensTurn;
        for (ChatMessage m : messages) {
            if (turnOpen != null && !insideTurn) {
                sb.append(turnOpen);
                insideTurn = true;
            }
            ChatTemplateSpec.RoleFormat f = roles.get(m.role());
            sb.append(f.prefix()).append(f.trim() ? trimAsciiWhitespace(m.content()) : m.content()).append(f.suffix());
            if (f.closesTurn()) {
                insideTurn = false;
            }
        }
        if (addGenerationPrompt) {
            sb.append(generationPrompt);
        }
        return sb.toString();
    }

    @Override
    public List<String> stopStrings() {
        return stopStrings;
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + name + "]";
    }

    /** Trims what C's {@code isspace} accepts in the C locale (not Java's Unicode whitespace), as llama-chat.cpp does. */
    static String trimAsciiWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isCSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isCSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
