package org.eibench.kernels.llama;

/** {@code llama_decode} (or an image decode built on it) did not return {@link DecodeStatus#OK}. */
public class DecodeException extends LlamaException {
    private static final long serialVersionUID = 1L;
    private final DecodeStatus status;

    /** {@code code} is the raw return code, kept in the message; {@code status} is what it means. */
    public DecodeException(DecodeStatus status, int code, String message) {
        super(message + ": llama_decode returned " + code + " (" + status + ")");
        this.status = status;
    }

    public DecodeStatus status() {
        return status;
    }
}
