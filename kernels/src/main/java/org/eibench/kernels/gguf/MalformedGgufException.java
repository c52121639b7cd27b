package org.eibench.kernels.gguf;

import java.nio.file.Path;

/**
 * A file that is not a well-formed GGUF file: truncated, corrupt or hostile. The message names the file,
 * the byte offset at which the problem was found and what was wrong, so that the file can be fixed or
 * replaced before llama.cpp (which may abort the process on such files) ever sees it.
 */
public final class MalformedGgufException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public MalformedGgufException(Path file, long offset, String problem) {
        super(file + ": malformed GGUF at byte " + offset + ": " + problem);
        this.offset = offset;
    }

    /** The byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
