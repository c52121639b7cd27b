package org.eibench.models.vlm;

import java.util.List;
import java.util.Objects;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;

/**
 * One generation: either a conversation (rendered by a chat template) or a raw prompt used exactly as given, plus
 * the images its media markers ({@link ChatTemplate#MEDIA_MARKER}) stand for, in order.
 *
 * <p>Both forms are tokenized with BOS added (when the model wants it) and control tokens parsed, as
 * {@code llama-mtmd-cli} does.
 *
 * @param id caller's identifier, echoed in batch results (may be empty)
 * @param messages the conversation, or empty when {@code rawPrompt} is given
 * @param rawPrompt the exact prompt text, or null for a conversation
 * @param images images for the media markers, in order
 * @param sampling how to choose tokens
 * @param template the chat template for this request, or null for the model's (ignored for raw prompts)
 * @param group the requests that belong together (a sample's calls, which share prompt prefixes): the work counts'
 *     minimum of prompt positions is a token trie per group ({@link WorkCounts}); null means the request's own id
 * @param imagesDone whether no request of {@code group} that the caller sends after this one has completed shows
 *     these images again (requests it has submitted already may still be waiting or running; e.g. a mode's last step
 *     with the image): a scheduler then keeps this prompt's KV prefix for later requests only while another request of
 *     the group is outstanding. False (more may follow) is always safe
 */
public record GenerationRequest(String id, List<ChatMessage> messages, String rawPrompt, List<ImageInput> images,
        SamplingParams sampling, ChatTemplate template, String group, boolean imagesDone) {
    public GenerationRequest {
        Objects.requireNonNull(id, "id");
        group = group == null ? id : group;
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        Objects.requireNonNull(sampling, "sampling");
        if (messages.isEmpty() == (rawPrompt == null)) {
            throw new IllegalArgumentException("give either chat messages or a raw prompt");
        }
    }

    public GenerationRequest(String id, List<ChatMessage> messages, String rawPrompt, List<ImageInput> images,
            SamplingParams sampling, ChatTemplate template) {
        this(id, messages, rawPrompt, images, sampling, template, null, false);
    }

    /** A conversation rendered with the model's (or the spec's) chat template. */
    public static GenerationRequest chat(List<ChatMessage> messages, List<ImageInput> images, SamplingParams sampling) {
        return new GenerationRequest("", messages, null, images, sampling, null);
    }

    /** A prompt used as written (for parity tests and custom formats). */
    public static GenerationRequest raw(String prompt, List<ImageInput> images, SamplingParams sampling) {
        return new GenerationRequest("", List.of(), prompt, images, sampling, null);
    }

    /** The same request under another id (its group stays, unless it was the old id). */
    public GenerationRequest withId(String newId) {
        return new GenerationRequest(newId, messages, rawPrompt, images, sampling, template,
                group.equals(id) ? null : group, imagesDone);
    }

    /** The same request in group {@code newGroup} (e.g. its sample's id). */
    public GenerationRequest withGroup(String newGroup) {
        return new GenerationRequest(id, messages, rawPrompt, images, sampling, template, newGroup, imagesDone);
    }

    /** The same request, saying whether later requests of its group show its images again ({@link #imagesDone}). */
    public GenerationRequest withImagesDone(boolean done) {
        return new GenerationRequest(id, messages, rawPrompt, images, sampling, template, group, done);
    }

    public GenerationRequest withTemplate(ChatTemplate newTemplate) {
        return new GenerationRequest(id, messages, rawPrompt, images, sampling, newTemplate, group, imagesDone);
    }

    public GenerationRequest withSampling(SamplingParams newSampling) {
        return new GenerationRequest(id, messages, rawPrompt, images, newSampling, template, group, imagesDone);
    }
}
