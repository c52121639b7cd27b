package org.eibench.engine.prompts;

import java.util.List;
import java.util.Objects;

/**
 * A "for each" step: the step's template runs once per item, with the item bound to {@link #itemVariable}, and
 * the answers are joined into the step's output with {@link #join}.
 *
 * <p>The items are either fixed ({@code "items": [...]}, e.g. CFSA's four general questions) or the list an
 * earlier {@code numbered_list} step produced ({@code "list": "<variable>"}, e.g. the generated scenario
 * questions).
 *
 * @param fixedItems fixed items, or empty when {@link #listVariable} is set
 * @param listVariable the list variable to iterate over, or null for fixed items
 * @param itemVariable the placeholder the current item is bound to in the step template
 * @param join how one item and its answer appear in the joined output: placeholders {@code {number}} (1-based),
 *     {@code {item}} and {@code {answer}}; entries are separated by a blank line
 */
public record FanOut(List<String> fixedItems, String listVariable, String itemVariable, Template join) {
    /** The placeholders a join template may use. */
    public static final List<String> JOIN_PLACEHOLDERS = List.of("number", "item", "answer");

    public FanOut {
        fixedItems = List.copyOf(fixedItems);
        Objects.requireNonNull(itemVariable, "itemVariable");
        Objects.requireNonNull(join, "join");
        if (fixedItems.isEmpty() == (listVariable == null)) {
            throw new PromptException(join.name() + ": for_each needs exactly one of \"items\" or \"list\"");
        }
    }
}
