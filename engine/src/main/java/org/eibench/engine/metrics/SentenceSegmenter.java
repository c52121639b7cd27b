package org.eibench.engine.metrics;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits answers into sentences for the coherence and recall metrics: list items and lines first (see
 * {@link TextBlocks}), then {@link BreakIterator}'s English sentence rules inside each block, with two repairs:
 * no break after common abbreviations ({@code Mr.}, {@code Dr.}, {@code e.g.} …) and list markers never stand
 * alone. Decimals such as {@code 3.5} are never split. Deterministic and thread-safe.
 */
public final class SentenceSegmenter {
    /** A fragment ending in one of these is continued by the next fragment, whatever BreakIterator says. */
    private static final Pattern ABBREVIATION_END = Pattern.compile(
            "(?i)(?:^|[\\s(])(?:mr|mrs|ms|dr|prof|sr|jr|st|mt|vs|cf|approx|e\\.g|i\\.e)\\.$");

    private SentenceSegmenter() {}

    /** The sentences of {@code text} in order, stripped, list markers removed; empty for blank text. */
    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (TextBlocks.Block block : TextBlocks.split(text)) {
            out.addAll(sentencesOfBlock(block.text()));
        }
        return out;
    }

    /**
     * The candidate trigger units of an answer: its list items when it has at least two, else its sentences.
     */
    public static List<String> units(String answer) {
        if (answer == null) {
            return List.of();
        }
        List<TextBlocks.Block> blocks = TextBlocks.split(answer);
        List<String> items = blocks.stream().filter(TextBlocks.Block::listItem).map(TextBlocks.Block::text).toList();
        return items.size() >= 2 ? items : sentences(answer);
    }

    static List<String> sentencesOfBlock(String block) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        it.setText(block);
        List<String> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            pending.append(block, start, end);
            String sofar = pending.toString().strip();
            if (!ABBREVIATION_END.matcher(sofar).find()) {
                out.add(sofar);
                pending.setLength(0);
            }
        }
        String rest = pending.toString().strip();
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }
}
