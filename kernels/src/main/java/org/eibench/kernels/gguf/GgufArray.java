package org.eibench.kernels.gguf;

import java.util.List;
import java.util.Objects;

/**
 * A GGUF array value. Elements are read back as for single values: integers as {@code Long}, floats as
 * {@code Double}, booleans as {@code Boolean}, strings as {@code String}, nested arrays as {@code GgufArray}.
 *
 * @param elementType the type of every element
 * @param values the elements, unmodifiable
 */
public record GgufArray(GgufValueType elementType, List<Object> values) {
    public GgufArray {
        Objects.requireNonNull(elementType, "elementType");
        values = List.copyOf(values);
    }

    public int size() {
        return values.size();
    }

    /** The elements as strings; fails when they are not strings. */
    public List<String> strings() {
        if (elementType != GgufValueType.STRING) {
            throw new IllegalStateException("array holds " + elementType + ", not STRING");
        }
        return values.stream().map(String.class::cast).toList();
    }

    /** A short rendering: the element type, the length and the first few elements. */
    public String abbreviated(int maxElements) {
        StringBuilder sb = new StringBuilder().append(elementType).append('[').append(values.size()).append("] [");
        for (int i = 0; i < Math.min(maxElements, values.size()); i++) {
            sb.append(i == 0 ? "" : ", ").append(GgufFile.abbreviate(values.get(i), 40));
        }
        return sb.append(values.size() > maxElements ? ", ...]" : "]").toString();
    }
}
