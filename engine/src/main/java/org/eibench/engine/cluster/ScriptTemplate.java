package org.eibench.engine.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job script template from this package's resources, with {@code {{name}}} placeholders. Filling it needs
 * a value for every placeholder and no value without one, so a template and its code cannot drift apart.
 * Values are inserted as they are: callers quote them for their place ({@link ShellQuoting}).
 */
public final class ScriptTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final String name;
    private final String text;

    private ScriptTemplate(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** Loads the template resource {@code name} (e.g. {@code shard.sbatch}). */
    public static ScriptTemplate load(String name) {
        try (InputStream in = ScriptTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing template resource " + name);
            }
            return new ScriptTemplate(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + name, e);
        }
    }

    /** The placeholder names the template uses. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The template with every placeholder replaced by its value. */
    public String fill(Map<String, String> values) {
        Set<String> used = placeholders();
        Set<String> missing = new LinkedHashSet<>(used);
        missing.removeAll(values.keySet());
        Set<String> unused = new LinkedHashSet<>(values.keySet());
        unused.removeAll(used);
        if (!missing.isEmpty() || !unused.isEmpty()) {
            throw new IllegalStateException("template " + name + ": no value for " + missing + ", no placeholder for "
                    + unused);
        }
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
    }
}
