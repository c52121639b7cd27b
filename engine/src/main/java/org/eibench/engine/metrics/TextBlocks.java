package org.eibench.engine.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an answer into list items and prose blocks, the way VLM answers are laid out: numbered items
 * ({@code 1.} or {@code 1)}, at a line start or inline as {@code "... 1. a 2. b"}) and bullets ({@code -},
 * {@code *}, {@code •}) at a line start. Markers are removed from the text.
 *
 * <p>Inline numbers must count up (1, 2, 3 … or restart at 1), so that stray numbers are not markers; decimals
 * never are.
 * A line without a marker directly below an item continues that item; after a blank line it starts prose.
 */
final class TextBlocks {
    /** One block of text; {@code listItem} tells whether it came from a list marker. */
    record Block(String text, boolean listItem) {}

    private static final Pattern NUMBER_MARKER = Pattern.compile("(?:^|(?<=\\s))(\\d{1,2})[.)](?=\\s|$)");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*•]\\s+");
    /** Markdown emphasis and heading marks that carry no words. */
    private static final Pattern MARKUP = Pattern.compile("\\*\\*|__|^#+\\s*");

    private TextBlocks() {}

    static List<Block> split(String text) {
        List<Block> blocks = new ArrayList<>();
        int expected = 1;
        boolean previousLineWasItem = false;
        for (String rawLine : text.split("\\R")) {
            String line = MARKUP.matcher(rawLine).replaceAll("").strip();
            if (line.isEmpty()) {
                previousLineWasItem = false;
                continue;
            }
            Matcher bullet = BULLET.matcher(line);
            if (bullet.find()) {
                addIfPresent(blocks, line.substring(bullet.end()), true);
                previousLineWasItem = true;
                continue;
            }
            List<int[]> markers = new ArrayList<>(); // {start, end} of accepted numbered markers
            Matcher m = NUMBER_MARKER.matcher(line);
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                if (m.start() == 0 || n == expected || n == 1) { // a line may start a list at any number
                    markers.add(new int[] {m.start(), m.end()});
                    expected = n + 1;
                }
            }
            if (markers.isEmpty()) {
                if (previousLineWasItem && !blocks.isEmpty()) {
                    Block last = blocks.removeLast();
                    blocks.add(new Block(last.text() + " " + line, true));
                } else {
                    blocks.add(new Block(line, false));
                    previousLineWasItem = false;
                }
                continue;
            }
            addIfPresent(blocks, line.substring(0, markers.getFirst()[0]), false);
            for (int k = 0; k < markers.size(); k++) {
                int end = k + 1 < markers.size() ? markers.get(k + 1)[0] : line.length();
                addIfPresent(blocks, line.substring(markers.get(k)[1], end), true);
            }
            previousLineWasItem = true;
        }
        return blocks;
    }

    private static void addIfPresent(List<Block> blocks, String text, boolean listItem) {
        String s = text.strip();
        if (!s.isEmpty()) {
            blocks.add(new Block(s, listItem));
        }
    }
}
