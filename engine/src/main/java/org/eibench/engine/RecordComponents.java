package org.eibench.engine;

import java.util.ArrayList;
import java.util.List;

/** Null checks for the components of a record, in its compact constructor. */
public final class RecordComponents {
    private RecordComponents() {}

    /**
     * Throws {@link NullPointerException} naming the record and every component that is null, as in
     * {@code RecordComponents.requireNonNull("Sample", "id", id, "question", question)}.
     *
     * @param record the record's name, for the message
     * @param namesAndValues each component's name followed by its value
     */
    public static void requireNonNull(String record, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("requireNonNull takes name-value pairs, got " + namesAndValues.length
                    + " arguments");
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                missing.add(String.valueOf(namesAndValues[i]));
            }
        }
        if (!missing.isEmpty()) {
            throw new NullPointerException(record + ": " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " null");
        }
    }
}
