package org.eibench.kernels.llama;

/** A model or mmproj file is missing, unreadable, not GGUF, damaged, or does not fit the model it is paired with. */
public class InvalidModelFileException extends LlamaException {
    private static final long serialVersionUID = 1L;

    public InvalidModelFileException(String message) {
        super(message);
    }

    public InvalidModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
