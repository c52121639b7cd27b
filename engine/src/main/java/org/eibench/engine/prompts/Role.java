package org.eibench.engine.prompts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which model runs a step. */
public enum Role {
    /** The vision-language model under test. */
    VLM,
    /**
     * A text-only model (CFSA stages 1 and 4). When the run names no separate text model, the runner uses the VLM
     * without an image for it, which is what the paper's single-model CFSA does.
     */
    TEXT;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static Role fromJson(String id) {
        return fromId(id, "record");
    }

    static Role fromId(String id, String where) {
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new PromptException(where + ": role must be \"vlm\" or \"text\", got \"" + id + "\"");
    }
}
