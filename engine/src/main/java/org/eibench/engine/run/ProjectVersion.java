package org.eibench.engine.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The engine's Maven project version, as written into {@code run.json} and printed by {@code --version}. Maven
 * filters it into a resource when it processes the resources, so it is there in {@code target/classes} (how
 * {@code ./eibench} runs) as well as in the jar, which a manifest entry would not be.
 */
public final class ProjectVersion {
    /** What {@link #current()} says when the classes were not built by Maven (an IDE's own compiler). */
    public static final String UNKNOWN = "unknown";

    static final String RESOURCE = "project-version.properties";
    private static final String CURRENT = read();

    private ProjectVersion() {
    }

    /** The version, such as {@code 0.1.0-SNAPSHOT}, or {@link #UNKNOWN}. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").strip();
            // an unfiltered copy still holds the ${...} placeholder
            return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " next to " + ProjectVersion.class, e);
        }
    }
}
