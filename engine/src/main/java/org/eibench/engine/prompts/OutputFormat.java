package org.eibench.engine.prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a step's raw output is turned into its variable. */
public enum OutputFormat {
    /** The output text as is (stripped). */
    TEXT,
    /**
     * A list of items: lines that start with {@code 1.}, {@code 2)}, {@code -} or {@code *}; when the model
     * numbered nothing, every non-blank line is an item. A later {@link FanOut} step iterates over the items.
     */
    NUMBERED_LIST;

    private static final Pattern ITEM = Pattern.compile("^\\s*(?:\\d+[.)]|[-*•])\\s*(.+)$");

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OutputFormat fromId(String id, String where) {
        for (OutputFormat f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new PromptException(where + ": parse must be \"text\" or \"numbered_list\", got \"" + id + "\"");
    }

    /**
     * Extracts list items from model output.
     *
     * @param maxItems keep at most this many (the first ones)
     */
    public static List<String> listItems(String output, int maxItems) {
        List<String> marked = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (String line : output.strip().split("\\R")) {
            Matcher m = ITEM.matcher(line);
            if (m.matches()) {
                marked.add(m.group(1).strip());
            } else if (!line.isBlank()) {
                plain.add(line.strip());
            }
        }
        List<String> items = marked.isEmpty() ? plain : marked;
        return List.copyOf(items.subList(0, Math.min(maxItems, items.size())));
    }
}
