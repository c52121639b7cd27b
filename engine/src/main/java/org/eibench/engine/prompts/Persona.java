package org.eibench.engine.prompts;

import java.util.Locale;
import java.util.Objects;

/**
 * Who the model is told it is. Applied to every step of a mode.
 *
 * <p>The reference prompt opens with a persona sentence ("You are a good expert of emotion understanding. Look at the
 * image, ..."); a persona with placement {@link Placement#SENTENCE} replaces that sentence: the mode templates write
 * {@code {persona}} where it stands, and {@link #sentence()} fills it in. The default persona, {@code emotion-expert},
 * is the reference's own sentence, so a default run sends the reference's prompt byte for byte.
 *
 * @param id e.g. {@code none}, {@code emotion-expert}
 * @param version bumped whenever the text changes (recorded in run.json)
 * @param placement where the text goes: the template's {@code {persona}} sentence, the system message, or before the
 *     user prompt
 * @param text the persona sentence; empty for {@code none}
 * @param description one line for {@code eibench validate} and the docs
 */
public record Persona(String id, int version, Placement placement, String text, String description) {
    /** Where the persona sentence goes. */
    public enum Placement {
        /** In place of the mode template's persona sentence ({@code {persona}}), followed by a space. */
        SENTENCE,
        /** As the system message of the chat template (a LLaVA conversation template's system text is replaced). */
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

    /** The template variable that holds {@link #sentence()}. */
    public static final String VARIABLE = "persona";

    /**
     * The value of a template's {@code {persona}}: the text and one space for placement {@code sentence}; empty for
     * {@code none} and for the other placements.
     */
    public String sentence() {
        return placement == Placement.SENTENCE && !text.isEmpty() ? text + " " : "";
    }

    /** Puts a {@code system} or {@code prefix} persona into a rendered user prompt; a sentence persona is already in it. */
    public RenderedPrompt apply(String userPrompt) {
        if (text.isEmpty()) {
            return new RenderedPrompt(null, userPrompt);
        }
        return switch (placement) {
            case SENTENCE -> new RenderedPrompt(null, userPrompt);
            case SYSTEM -> new RenderedPrompt(text, userPrompt);
            case PREFIX -> new RenderedPrompt(null, text + " " + userPrompt);
        };
    }
}
