package org.eibench.models.vlm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The least number of prompt positions a run's LLM must decode: per request group ({@link GenerationRequest#group()},
 * a sample's calls), the size of a token trie over the group's prompts, an image counting its
 * positions as one edge. Adding a prompt adds its positions less its longest common prefix with any earlier prompt of
 * its group, which is exactly what it adds to that trie.
 *
 * <p>Groups are kept least recently used first and the oldest are dropped beyond {@link #GROUPS}: a runner has far
 * fewer samples in flight, so a dropped group does not come back.
 */
final class MinimumPositions {
    /** Groups remembered; beyond it the least recently used is dropped. */
    static final int GROUPS = 4096;

    private final Map<String, List<PromptPrefix>> groups = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<PromptPrefix>> eldest) {
            return size() > GROUPS;
        }
    };
    private long total;
    private long images;

    /** Adds a prompt of {@code group}; returns the positions it adds to the minimum. */
    long add(String group, PromptPrefix prompt) {
        List<PromptPrefix> earlier = groups.computeIfAbsent(group, g -> new ArrayList<>());
        int shared = 0;
        for (PromptPrefix other : earlier) {
            shared = Math.max(shared, prompt.commonPositions(other, other.positions()));
        }
        earlier.add(prompt);
        long added = prompt.positions() - shared;
        total += added;
        int start = 0;
        for (PromptPrefix.Segment segment : prompt.segments()) {
            if (segment instanceof PromptPrefix.Image && start >= shared) {
                images++;
            }
            start += segment.positions();
        }
        return added;
    }

    /** Image prefills the minimum needs: the trie's image edges (an image after text its earlier calls lack). */
    long images() {
        return images;
    }

    /** The minimum so far, over every group. */
    long total() {
        return total;
    }
}
