package org.eibench.kernels.llama;

import java.util.Objects;

/**
 * One message for {@link LlamaChatTemplates#apply}: {@code struct llama_chat_message}.
 *
 * @param role "system", "user" or "assistant"
 * @param content the message text
 */
public record ChatTurn(String role, String content) {
    public ChatTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
