package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the trigger-list splitter: it never throws, what it returns are clean items (no empty ones, no line
 * breaks, no surrounding whitespace) that survive a render-and-parse round trip, and any list rendered the way the
 * annotations write them (either marker, odd spacing, wrapped items, CRLF, blank lines) parses back to its items.
 */
class TriggerListFuzzTest {
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    /** A line that starts like an item marker; a wrapped continuation must not, or it would read as an item. */
    private static final Pattern MARKER_START = Pattern.compile("^\\s*\\d+[.)].*", Pattern.DOTALL);
    private static final String[] LINE_ENDS = {"\n", "\r\n", "\r", "\u2028", "\u0085"};
    private static final String[] GAPS = {"", " ", "  ", "\t", " \t "};

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"1. ", "2. ", "3) ", "10.", "0"})
    void parseNeverThrowsAndReturnsCleanItems(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Optional<List<String>> parsed = TriggerList.parse(text);
        if (parsed.isEmpty()) {
            return;
        }
        List<String> items = parsed.get();
        assertFalse(items.isEmpty(), "a parsed list has at least one item");
        for (String item : items) {
            assertFalse(item.isEmpty(), "empty item in " + items);
            assertEquals(item.strip(), item, "item keeps surrounding whitespace");
            assertFalse(LINE_BREAK.matcher(item).find(), "item keeps a line break: " + item);
        }
        assertEquals(parsed, TriggerList.parse(render(items)), "canonical rendering of " + items);
    }

    @FuzzTest(maxDuration = "60s")
    void renderedListParsesBack(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 12);
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder(GAPS[data.consumeInt(0, GAPS.length - 1)]);
        for (int i = 1; i <= count; i++) {
            String item = oneLine(data.consumeString(30), "trigger " + i);
            String lineEnd = LINE_ENDS[data.consumeInt(0, LINE_ENDS.length - 1)];
            text.append(GAPS[data.consumeInt(0, GAPS.length - 1)]).append(i).append(data.consumeBoolean() ? '.' : ')')
                    .append(GAPS[data.consumeInt(0, GAPS.length - 1)]);
            int wrapAt = data.consumeInt(0, item.length());
            String head = item.substring(0, wrapAt);
            String tail = item.substring(wrapAt);
            if (data.consumeBoolean() && !head.isBlank() && !tail.isBlank() && !MARKER_START.matcher(tail).matches()) {
                // an annotation line wrapped by hand: the parser joins the two lines with one space
                text.append(head).append(lineEnd).append(tail);
                expected.add(head.strip() + " " + tail.strip());
            } else {
                text.append(item);
                expected.add(item);
            }
            text.append(lineEnd);
            if (data.consumeBoolean()) {
                text.append(GAPS[data.consumeInt(0, GAPS.length - 1)]).append(lineEnd);
            }
        }
        assertEquals(Optional.of(expected), TriggerList.parse(text.toString()), "parsing " + quote(text.toString()));
    }

    /** The annotations' format: {@code "1. first\n2. second"}. */
    static String render(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(items.get(i));
        }
        return sb.toString();
    }

    private static String oneLine(String raw, String fallback) {
        String item = LINE_BREAK.matcher(raw).replaceAll(" ").strip();
        return item.isEmpty() ? fallback : item;
    }

    private static String quote(String s) {
        return '"' + s.replace("\r", "\\r").replace("\n", "\\n").replace("\u2028", "\\u2028").replace("\u0085", "\\u0085") + '"';
    }

    @Test
    void numberTooLongForAnIntIsNoItemNumber() {
        // fuzz finding (parseNeverThrowsAndReturnsCleanItems): Integer.parseInt threw NumberFormatException
        assertEquals(Optional.of(List.of("a 15555555555555555555. b")), TriggerList.parse("1. a\n15555555555555555555. b"));
        assertEquals(Optional.empty(), TriggerList.parse("99999999999. a"));
        assertEquals(Optional.of(List.of("a", "b")), TriggerList.parse("01. a\n0002) b"));
    }

    @Test
    void textOfOnlyLineTerminatorsIsNoList() {
        // fuzz finding (parseNeverThrowsAndReturnsCleanItems, CI): U+0085 is not blank for String.isBlank but is a
        // line break for \R, so the text split into no lines and parsed as an empty list
        assertEquals(Optional.empty(), TriggerList.parse("\u0085"));
        assertEquals(Optional.empty(), TriggerList.parse("\u0085\u0085\n"));
        assertEquals(Optional.of(List.of("a")), TriggerList.parse("\u00851. a"));
    }

    @Test
    void canonicalRenderingIsTheAnnotationFormat() {
        assertEquals("1. a\n2. b c", render(List.of("a", "b c")));
        assertTrue(TriggerList.parse(render(List.of("a", "b c"))).isPresent());
    }
}
