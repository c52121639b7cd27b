package org.eibench.engine.run;

/** A run folder cannot be used as asked: it belongs to another run, or it is damaged. The message names the fix. */
public class RunFolderException extends Exception {
    private static final long serialVersionUID = 1L;

    public RunFolderException(String message) {
        super(message);
    }
}
