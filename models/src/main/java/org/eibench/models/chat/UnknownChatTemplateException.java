package org.eibench.models.chat;

import java.util.List;

/** A template name that the registry does not know; the message lists close matches and all known names. */
public final class UnknownChatTemplateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> suggestions;

    UnknownChatTemplateException(String message, List<String> suggestions) {
        super(message);
        this.suggestions = List.copyOf(suggestions);
    }

    /** The known names closest to the one asked for, best first (may be empty). */
    public List<String> suggestions() {
        return suggestions;
    }
}
