package org.eibench.kernels.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eibench.kernels.gguf.GgufFile;
import org.eibench.kernels.gguf.GgufLoadRules;
import org.eibench.kernels.gguf.MalformedGgufException;
import org.eibench.kernels.gguf.ProjectorFit;

/**
 * The guard before llama.cpp or libmtmd sees a file: the one GGUF reader parses and bounds-checks the header,
 * {@link GgufLoadRules} refuses what the native loaders assert on, and {@link LoadProbe} loads a file no rule
 * objects to in a child JVM first, so that a fault no rule knows aborts the child and not this JVM.
 */
final class ModelFileGuard {
    private ModelFileGuard() {
    }

    /** The validated header of a text model. */
    static GgufFile model(Path file) {
        GgufFile gguf = read(file, "model");
        refuse(file, "model", GgufLoadRules.forModel(gguf));
        return gguf;
    }

    /** The validated header of an mmproj for {@code model}, including that its output width fits the model. */
    static GgufFile mmproj(Path file, LlamaModel model) {
        GgufFile gguf = read(file, "mmproj");
        List<String> problems = GgufLoadRules.forMmproj(gguf);
        if (problems.isEmpty() || !problems.getFirst().startsWith("is not an mmproj")) {
            requireFits(model.gguf(), gguf);
        }
        refuse(file, "mmproj", problems);
        return gguf;
    }

    private static void requireFits(GgufFile text, GgufFile mmproj) {
        try {
            ProjectorFit fit = ProjectorFit.check(text, mmproj);
            if (!fit.fits()) {
                throw new InvalidModelFileException(fit.message());
            }
        } catch (IllegalArgumentException unreadable) {
            // a width the headers do not give is left to libmtmd, which refuses a mismatch with an error
        }
    }

    private static void refuse(Path file, String role, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidModelFileException(role + " file " + file + " " + String.join("; it also ", problems));
        }
    }

    private static GgufFile read(Path file, String role) {
        if (file == null) {
            throw new InvalidModelFileException("no " + role + " file given");
        }
        if (!Files.exists(file)) {
            throw new InvalidModelFileException(role + " file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidModelFileException(role + " file " + file + " is not a readable regular file");
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
