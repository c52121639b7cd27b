package org.eibench.models.vlm;

import java.util.List;
import java.util.Locale;
import org.eibench.kernels.llama.ChatTurn;
import org.eibench.kernels.llama.LlamaChatTemplates;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;

/**
 * A {@link ChatTemplate} rendered by llama.cpp itself ({@code llama_chat_apply_template}): from a Jinja template
 * string stored in a GGUF (recognised among llama.cpp's fixed list of formats) or a built-in name such as
 * {@code vicuna}. The default when no template is configured, and a cross-check for data-driven templates.
 *
 * @param name what {@link #name()} reports
 * @param template the Jinja text or llama.cpp built-in name handed to llama_chat_apply_template
 */
public record LlamaBuiltinChatTemplate(String name, String template) implements ChatTemplate {
    @Override
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        List<ChatTurn> turns = messages.stream()
                .map(m -> new ChatTurn(m.role().name().toLowerCase(Locale.ROOT), m.content()))
                .toList();
        return LlamaChatTemplates.apply(template, turns, addGenerationPrompt);
    }

    /** None: the model's end-of-generation tokens end its turns. */
    @Override
    public List<String> stopStrings() {
        return List.of();
    }
}
