package org.eibench.models.scorer;

/** A sentence encoder could not be loaded or could not run; the message names the input and the fix. */
public final class EncoderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
