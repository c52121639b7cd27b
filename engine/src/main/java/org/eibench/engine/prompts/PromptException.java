package org.eibench.engine.prompts;

/** A prompt resource is malformed, or a template was rendered without a value it needs. */
public class PromptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PromptException(String message) {
        super(message);
    }

    public PromptException(String message, Throwable cause) {
        super(message, cause);
    }
}
