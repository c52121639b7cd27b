package org.eibench.engine.runner;

/** A run could not go on (not a per-sample failure, which is recorded and skipped). */
public final class RunnerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
