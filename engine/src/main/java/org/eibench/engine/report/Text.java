package org.eibench.engine.report;

import java.util.Locale;

/** Escaping and number formatting shared by the renderers. */
final class Text {
    private Text() {}

    /** Escapes text for HTML and SVG content and attribute values (model output is untrusted). */
    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // control characters other than tab and newline are not allowed in HTML/XML text
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A Markdown table cell: HTML-escaped, pipes escaped, line breaks folded to spaces. */
    static String markdownCell(String s) {
        return html(s).replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** A fraction as a percentage with two decimals, or an en dash when absent. */
    static String percent(Double fraction) {
        return fraction == null ? "–" : String.format(Locale.ROOT, "%.2f", fraction * 100);
    }

    /** A plain figure with three decimals, or an en dash when absent. */
    static String decimal(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A category key as a column title: {@code excitement} becomes {@code Excitement}. */
    static String title(String key) {
        return key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
    }
}
