package org.eibench.models.vlm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One image of a request: a file, or encoded bytes (PNG, JPEG, ...) with a label for messages.
 *
 * @param file the image file, or null when bytes are given
 * @param bytes encoded image bytes, or null when a file is given
 * @param label names the image in messages and results
 */
public record ImageInput(Path file, byte[] bytes, String label) {
    public ImageInput {
        if ((file == null) == (bytes == null)) {
            throw new IllegalArgumentException("give exactly one of an image file or image bytes");
        }
        Objects.requireNonNull(label, "label");
    }

    public static ImageInput of(Path file) {
        return new ImageInput(file, null, file.toString());
    }

    public static ImageInput of(byte[] bytes, String label) {
        return new ImageInput(null, bytes.clone(), label);
    }

    /** The encoded bytes (read from the file when needed). */
    public byte[] read() {
        if (bytes != null) {
            return bytes.clone();
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file, e);
        }
    }
}
