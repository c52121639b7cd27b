package org.eibench.models.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The data a chat template is made of: one JSON resource per template (see
 * {@code org/eibench/models/chat/templates/*.json}). Rendering writes {@code begin}, then each message as
 * {@code prefix + content + suffix} of its role, and, when asked, {@code generationPrompt}. Formats that group
 * messages into turns ({@code [INST] ... [/INST] answer</s>}) set {@code turnOpen}: it is written before a message
 * whenever no turn is open, and a role with {@code closesTurn} closes the turn. None of the formats add the BOS
 * token: tokenization adds it, as in llama.cpp.
 *
 * <p>A template copied from LLaVA's own {@code llava/conversation.py} (the reference EIBench code's templates) sets
 * {@code conversation} instead of the llama.cpp-style fields: its separator style is rendered by
 * {@link ConversationFormat}, like {@code Conversation.get_prompt}.
 *
 * @param name the registry name
 * @param description what models use this format
 * @param llamaCpp the llama.cpp built-in template whose output this one reproduces byte for byte
 * @param sameAs for an alias: the template whose rules this one shares (all other rule fields stay empty)
 * @param begin written once at the start of every prompt
 * @param beginOpensTurn whether {@code begin} leaves a turn open (llama2 writes its first {@code [INST] } eagerly)
 * @param turnOpen written before a message when no turn is open; {@code null} for formats without turns
 * @param roles the prefix/suffix per role, keyed {@code system}, {@code user}, {@code assistant}
 * @param generationPrompt written at the end when a generation prompt is asked for
 * @param stopStrings literal strings that end an assistant turn
 * @param source where the template's strings come from (free text)
 * @param conversation for a LLaVA conversation template: its system text, roles, style and separators; null for
 *     the llama.cpp-style templates
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ChatTemplateSpec(
        String name,
        String description,
        String llamaCpp,
        String sameAs,
        String begin,
        boolean beginOpensTurn,
        String turnOpen,
        Map<String, RoleFormat> roles,
        String generationPrompt,
        List<String> stopStrings,
        String source,
        ConversationSpec conversation) {

    /**
     * How one role's messages are written.
     *
     * @param prefix text before the content
     * @param suffix text after the content
     * @param trim whether the content is trimmed of ASCII whitespace first (as llama.cpp's {@code trim()})
     * @param closesTurn whether this message ends the current turn
     */
    public record RoleFormat(String prefix, String suffix, boolean trim, boolean closesTurn) {}

    /**
     * The fields of one {@code Conversation} of LLaVA's {@code llava/conversation.py}.
     *
     * @param style the separator style: {@code single}, {@code two}, {@code mpt} or {@code llama_2}
     * @param system the template's {@code system} text exactly as conversation.py has it
     * @param systemPrefix the part of {@code system} that stays when a system message replaces the text (the
     *     {@code <|im_start|>system\n} header of the MPT-style templates); empty otherwise
     * @param user the user role name ({@code roles[0]})
     * @param assistant the assistant role name ({@code roles[1]})
     * @param sep the first separator
     * @param sep2 the second separator (styles {@code two} and {@code llama_2}); null otherwise
     */
    public record ConversationSpec(String style, String system, String systemPrefix, String user, String assistant,
            String sep, String sep2) {}
}
