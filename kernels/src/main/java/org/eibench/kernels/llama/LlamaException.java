package org.eibench.kernels.llama;

/** A native llama.cpp / libmtmd call failed; the message names the call, the input and, when known, the native reason. */
public class LlamaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LlamaException(String message) {
        super(message);
    }

    public LlamaException(String message, Throwable cause) {
        super(message, cause);
    }
}
