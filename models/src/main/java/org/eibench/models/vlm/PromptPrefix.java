package org.eibench.models.vlm;

import java.util.List;

/**
 * What a sequence's KV cells hold from position 0, as comparable prompt segments (text token ids, images by content
 * hash), so that a new request can find how many leading positions another sequence has already computed.
 *
 * @param segments the prompt's parts in order
 */
record PromptPrefix(List<Segment> segments) {
    static final PromptPrefix EMPTY = new PromptPrefix(List.of());

    PromptPrefix {
        segments = List.copyOf(segments);
    }

    /** One part of a prompt and the KV positions it takes. */
    sealed interface Segment permits Text, Image {
        int positions();
    }

    /** Text token ids, one position each; also a prompt part of a {@link PreparedPrompt}. */
    record Text(int[] tokens) implements Segment, PreparedPrompt.Part {
        @Override
        public int positions() {
            return tokens.length;
        }
    }

    /** An image by content hash (libmtmd's chunk id); an empty hash never matches. */
    record Image(String hash, int positions) implements Segment {
    }

    /** KV positions of the whole prefix. */
    int positions() {
        return segments.stream().mapToInt(Segment::positions).sum();
    }

    /**
     * The longest leading part of this prefix within {@code limit} positions that does not end inside an image (an
     * image counts only as a whole): how much of a shared prefix a sequence holding {@code limit} positions can give.
     */
    int wholePositionsWithin(int limit) {
        int whole = 0;
        for (Segment segment : segments) {
            if (whole + segment.positions() <= limit) {
                whole += segment.positions();
            } else {
                return segment instanceof Text ? Math.max(whole, limit) : whole;
            }
        }
        return whole;
    }

    /**
     * Leading positions this prefix shares with {@code other}, counting only the first {@code available} positions of
     * {@code other} (those actually in its KV cache). An image counts only as a whole: its positions are never split.
     */
    int commonPositions(PromptPrefix other, int available) {
        int common = 0;
        int count = Math.min(segments.size(), other.segments.size());
        for (int i = 0; i < count; i++) {
            Segment mine = segments.get(i);
            Segment theirs = other.segments.get(i);
            int room = available - common;
            if (mine instanceof Text a && theirs instanceof Text b) {
                int limit = Math.min(Math.min(a.tokens().length, b.tokens().length), room);
                int same = 0;
                while (same < limit && a.tokens()[same] == b.tokens()[same]) {
                    same++;
                }
                common += same;
                if (same < a.tokens().length || same < b.tokens().length) {
                    return common;
                }
            } else if (mine instanceof Image a && theirs instanceof Image b && !a.hash().isEmpty()
                    && a.hash().equals(b.hash()) && a.positions() == b.positions() && a.positions() <= room) {
                common += a.positions();
            } else {
                return common;
            }
        }
        return common;
    }
}
