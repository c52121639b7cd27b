package org.eibench.engine.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model file a run used, identified by content.
 *
 * @param role e.g. {@code model}, {@code mmproj}, {@code text-model}
 * @param path as given on the command line
 * @param sha256 hex SHA-256 of the content
 * @param bytes file size
 */
public record ModelFile(String role, String path, String sha256, long bytes) {
    /** Hashes a file (streams it; a multi-GB GGUF takes a few seconds). */
    public static ModelFile of(String role, Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new ModelFile(role, file.toString(), HexFormat.of().formatHex(sha.digest()), Files.size(file));
    }
}
