package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageResolverTest {
    @TempDir
    Path tmp;

    @Test
    void resolvesFindsMissesAndRejects() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("CAER-S/train/Happy"));
        Files.write(root.resolve("CAER-S/train/Happy/1.png"), new byte[] {1});
        Path outside = Files.write(tmp.resolve("secret.png"), new byte[] {2});
        Files.createSymbolicLink(root.resolve("CAER-S/train/Happy/link.png"), outside);
        ImageResolver resolver = new ImageResolver(root);

        var found = assertInstanceOf(ImageResolver.Resolution.Found.class, resolver.resolve("CAER-S/train/Happy/1.png"));
        assertEquals(root.resolve("CAER-S/train/Happy/1.png").toRealPath(), found.path());
        var missing = assertInstanceOf(ImageResolver.Resolution.Missing.class,
                resolver.resolve("CAER-S/train/Happy/2.png"));
        assertTrue(missing.reason().contains("image not found"), missing.reason());
        var escaped = assertInstanceOf(ImageResolver.Resolution.Rejected.class,
                resolver.resolve("CAER-S/train/Happy/link.png"));
        assertTrue(escaped.reason().contains("symbolic link out of the dataset root"), escaped.reason());
        assertInstanceOf(ImageResolver.Resolution.Rejected.class, resolver.resolve("../secret.png"));
        assertInstanceOf(ImageResolver.Resolution.Rejected.class, resolver.resolve(outside.toString()));
        assertInstanceOf(ImageResolver.Resolution.Rejected.class, resolver.resolve("a\\b.png"));
        assertInstanceOf(ImageResolver.Resolution.Rejected.class, resolver.resolve("a//b.png"));
    }
}
