package org.eibench.models.chat;

import java.util.List;

/**
 * Renders a conversation into the exact prompt text a chat model expects.
 *
 * <p>Implementations are data-driven (see {@code ChatTemplates}); the media marker is passed through
 * untouched so that the multimodal tokenizer can replace it with image positions.
 */
public interface ChatTemplate {
    /** The placeholder for one image inside message content; libmtmd's default media marker. */
    String MEDIA_MARKER = "<__media__>";

    /**
     * LLaVA's {@code DEFAULT_IMAGE_TOKEN}: where the reference's prompts write the image. Records write the prompt
     * with it in place of {@link #MEDIA_MARKER}, so they compare with the reference's byte for byte.
     */
    String REFERENCE_IMAGE_MARKER = "<image>";

    /** The template's registry name, e.g. {@code vicuna}, {@code chatml}, {@code mistral-instruct}. */
    String name();

    /**
     * Renders the messages.
     *
     * @param addGenerationPrompt whether to end with the opening of an assistant turn
     */
    String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /** Literal strings that end an assistant turn in this format (besides the model's end-of-generation tokens). */
    List<String> stopStrings();
}
