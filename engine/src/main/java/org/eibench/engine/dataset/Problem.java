package org.eibench.engine.dataset;

import java.nio.file.Path;

/**
 * One problem found in an input file.
 *
 * @param file the file it was found in
 * @param line 1-based line number, or 0 when the problem concerns the whole file
 * @param message what is wrong, in words that name the fix
 */
public record Problem(Path file, int line, String message) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
