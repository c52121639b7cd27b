package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * llama.cpp's built-in chat formatting ({@code llama_chat_apply_template}): no Jinja, a fixed list of known formats
 * recognised from the template text or a name such as {@code vicuna}, {@code chatml}, {@code mistral-v7}.
 */
public final class LlamaChatTemplates {
    private LlamaChatTemplates() {
    }

    /**
     * Formats a conversation.
     *
     * @param template a Jinja template string from a GGUF ({@link LlamaModel#chatTemplate}) or a built-in name
     * @param addAssistant end with the opening of an assistant turn
     * @throws LlamaException when llama.cpp does not recognise the template
     */
    public static String apply(String template, List<ChatTurn> turns, boolean addAssistant) {
        NativeLibraries.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment messages = arena.allocate(Layouts.LLAMA_CHAT_MESSAGE, Math.max(1, turns.size()));
            int total = 0;
            for (int i = 0; i < turns.size(); i++) {
                MemorySegment message = messages.asSlice(i * Layouts.LLAMA_CHAT_MESSAGE.byteSize(),
                        Layouts.LLAMA_CHAT_MESSAGE);
                message.set(Layouts.C_POINTER, 0, arena.allocateFrom(turns.get(i).role()));
                message.set(Layouts.C_POINTER, 8, arena.allocateFrom(turns.get(i).content()));
                total += turns.get(i).content().length() + turns.get(i).role().length();
            }
            MemorySegment tmpl = arena.allocateFrom(template);
            MemorySegment text = SizedBuffer.fill(arena, JAVA_BYTE, 2 * total + 256,
                    SizedBuffer.Convention.FULL_LENGTH, 0, "llama_chat_apply_template",
                    (buf, cap) -> LlamaNative.llama_chat_apply_template(tmpl, messages, turns.size(), addAssistant,
                            buf, cap));
            if (text == null) {
                throw new LlamaException("llama_chat_apply_template does not support this template"
                        + " (llama.cpp recognises a fixed list of formats): "
                        + (template.length() > 80 ? template.substring(0, 80) + "..." : template));
            }
            return LlamaModel.utf8(text);
        }
    }
}
