package org.eibench.engine.prompts;

import java.util.Locale;
import java.util.Objects;

/**
 * Who the model is told it is. Applied to every step of a mode.
 *
 * @param id e.g. {@code none}, {@code emotion-expert}
 * @param version bumped whenever the text changes (recorded in run.json)
 * @param placement whether the text becomes the system message or is put before the user prompt
 * @param text the persona sentence; empty for {@code none}
 * @param description one line for {@code eibench validate} and the docs
 */
public record Persona(String id, int version, Placement placement, String text, String description) {
    /** Where the persona sentence goes. */
    public enum Placement {
        /** As the system message of the chat template. */
        SYSTEM,
        /** In front of the user prompt, separated by a space. */
        PREFIX;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Persona {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(text, "text");
    }

    /** Puts the persona into a rendered user prompt. */
    public RenderedPrompt apply(String userPrompt) {
        if (text.isEmpty()) {
            return new RenderedPrompt(null, userPrompt);
        }
        return switch (placement) {
            case SYSTEM -> new RenderedPrompt(text, userPrompt);
            case PREFIX -> new RenderedPrompt(null, text + " " + userPrompt);
        };
    }
}
