package org.eibench.engine.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numbered trigger list as EIBench writes its ground truth: {@code "1. first\n2. second"}.
 *
 * <p>Items must be numbered 1, 2, 3 … in order; text that continues on the next line without a number
 * belongs to the item above (the annotations wrap some triggers). A final numbered item with no text is
 * dropped: two Basic ground truths end in such an unfinished item ({@code "…\n4. "}), and an empty trigger
 * cannot be matched by any answer. An empty item anywhere else makes the list malformed.
 */
public final class TriggerList {
    private static final Pattern ITEM = Pattern.compile("^\\s*(\\d+)[.)]\\s*(.*)$");

    private TriggerList() {}

    /**
     * Parses a numbered list strictly.
     *
     * @return the trigger texts in order, or empty when the text is not a well-formed numbered list
     */
    public static Optional<List<String>> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<StringBuilder> items = new ArrayList<>();
        for (String line : text.strip().split("\\R")) {
            Matcher m = ITEM.matcher(line);
            if (m.matches() && spells(m.group(1), items.size() + 1)) {
                items.add(new StringBuilder(m.group(2).strip()));
            } else if (line.isBlank()) {
                continue; // blank lines separate nothing; strip() leaves some (U+0085 is a \\R break, not blank)
            } else if (!items.isEmpty()) {
                items.getLast().append(' ').append(line.strip());
            } else {
                return Optional.empty();
            }
        }
        if (items.isEmpty()) {
            return Optional.empty(); // only line breaks that isBlank does not count as blank, e.g. U+0085
        }
        List<String> out = new ArrayList<>(items.stream().map(sb -> sb.toString().strip()).toList());
        if (out.size() > 1 && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out.stream().anyMatch(String::isEmpty) ? Optional.empty() : Optional.of(List.copyOf(out));
    }

    /** Whether the ASCII digits are the number {@code n}, leading zeros allowed; any length (no int overflow). */
    private static boolean spells(String digits, int n) {
        return digits.replaceFirst("^0+(?=.)", "").equals(Integer.toString(n));
    }
}
