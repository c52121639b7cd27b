package org.eibench.models.vlm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eibench.kernels.llama.InvalidModelFileException;
import org.eibench.models.gguf.GgufFile;
import org.eibench.models.gguf.MalformedGgufException;
import org.eibench.models.gguf.ProjectorFit;

/**
 * Validates model files with the bounds-checked pure-Java GGUF reader before llama.cpp sees them: llama.cpp's own
 * loader trusts counts and lengths from the header and may abort the whole JVM on a truncated or hostile file.
 */
final class ModelFileCheck {
    private ModelFileCheck() {
    }

    /**
     * Reads the headers of the text model and (when not null) the mmproj, and checks that the pair fits.
     *
     * @throws InvalidModelFileException naming the file (both files for a pair that does not fit) and the problem
     */
    static void check(Path model, Path mmproj) {
        GgufFile text = read(model, "model");
        if (mmproj != null) {
            GgufFile projector = read(mmproj, "mmproj");
            ProjectorFit fit;
            try {
                fit = ProjectorFit.check(text, projector);
            } catch (IllegalArgumentException e) {
                throw new InvalidModelFileException("mmproj " + mmproj + " cannot be paired with model " + model
                        + ": " + e.getMessage(), e);
            }
            if (!fit.fits()) {
                throw new InvalidModelFileException(fit.message());
            }
        }
    }

    /** The validated header of one file. */
    static GgufFile read(Path file, String role) {
        if (file == null) {
            throw new InvalidModelFileException("no " + role + " file given");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidModelFileException(role + " file " + file + " does not exist or is not a readable"
                    + " regular file");
        }
        try {
            return GgufFile.read(file);
        } catch (MalformedGgufException e) {
            throw new InvalidModelFileException(role + " file " + file + " is not a valid GGUF file (truncated,"
                    + " corrupt or not GGUF): " + e.getMessage() + "; download or convert it again", e);
        } catch (IOException e) {
            throw new InvalidModelFileException("cannot read " + role + " file " + file + ": " + e, e);
        }
    }
}
