package org.eibench.engine.prompts;

import java.util.Objects;

/**
 * A prompt ready for a chat template.
 *
 * @param system the system message, or null for none
 * @param user the user message text (the image, when a step sees it, is added by the model's chat template)
 */
public record RenderedPrompt(String system, String user) {
    public RenderedPrompt {
        Objects.requireNonNull(user, "user");
    }
}
