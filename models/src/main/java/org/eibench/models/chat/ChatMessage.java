package org.eibench.models.chat;

import java.util.Objects;

/**
 * One turn of a conversation. {@code content} may contain {@link ChatTemplate#MEDIA_MARKER} where an image goes.
 *
 * @param role who speaks
 * @param content the text of the turn
 */
public record ChatMessage(Role role, String content) {
    /** Who speaks a turn. */
    public enum Role { SYSTEM, USER, ASSISTANT }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage system(String text) { return new ChatMessage(Role.SYSTEM, text); }

    public static ChatMessage user(String text) { return new ChatMessage(Role.USER, text); }

    public static ChatMessage assistant(String text) { return new ChatMessage(Role.ASSISTANT, text); }
}
