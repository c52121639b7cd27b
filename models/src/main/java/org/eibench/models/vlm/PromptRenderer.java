package org.eibench.models.vlm;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eibench.kernels.llama.LlamaModel;
import org.eibench.models.chat.ChatTemplate;

/**
 * Turns a request into the text a model tokenizes, and the stop strings its answer ends at. Thin: the templates
 * themselves (and choosing among them) live in {@link org.eibench.models.chat}; this only applies the order a
 * request's template is resolved in: the request's own, then the model's default (the spec's template object, the
 * spec's llama.cpp template name, the template stored in the model file, rendered by llama.cpp).
 */
final class PromptRenderer {
    private final Path model;
    private final ChatTemplate defaultTemplate;

    PromptRenderer(Path model, ChatTemplate defaultTemplate) {
        this.model = model;
        this.defaultTemplate = defaultTemplate;
    }

    /**
     * The default template a spec and a loaded model give (null when neither has one). Choosing among the project's
     * templates is ChatTemplatePolicy's, before the load (its header reads are the ones the load reuses).
     */
    static ChatTemplate defaultTemplate(VlmSpec spec, LlamaModel model) {
        if (spec.chatTemplate() != null) {
            return spec.chatTemplate();
        }
        if (spec.chatTemplateName() != null) {
            return new LlamaBuiltinChatTemplate(spec.chatTemplateName(), spec.chatTemplateName());
        }
        return model.chatTemplate(null)
                .<ChatTemplate>map(text -> new LlamaBuiltinChatTemplate("gguf:tokenizer.chat_template", text))
                .orElse(null);
    }

    /** The default chat template (null when neither the spec nor the model has one). */
    ChatTemplate defaultTemplate() {
        return defaultTemplate;
    }

    /** The template a request is rendered with. */
    ChatTemplate templateFor(GenerationRequest request) {
        ChatTemplate template = request.template() != null ? request.template() : defaultTemplate;
        if (template == null) {
            throw new IllegalArgumentException("model " + model + " has no chat template: pass one"
                    + " (VlmSpec.optChatTemplate / --chat-template) or use a raw prompt");
        }
        return template;
    }

    /** The exact prompt text a request is tokenized from (media markers included). */
    String render(GenerationRequest request) {
        if (request.rawPrompt() != null) {
            return request.rawPrompt();
        }
        return templateFor(request).render(request.messages(), true);
    }

    /** The request's own stop strings, then its template's (a raw prompt has no template). */
    List<String> stops(GenerationRequest request) {
        Set<String> stops = new LinkedHashSet<>(request.sampling().stop());
        if (request.rawPrompt() == null) {
            stops.addAll(templateFor(request).stopStrings());
        }
        return List.copyOf(stops);
    }
}
