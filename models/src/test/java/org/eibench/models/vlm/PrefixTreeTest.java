package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The radix tree of prompt prefixes without a model: what it finds, how it splits and prunes, which leaf goes. */
class PrefixTreeTest {
    private static final PromptPrefix.Image CAT = new PromptPrefix.Image("sha-cat", 576);
    private static final PromptPrefix.Image DOG = new PromptPrefix.Image("sha-dog", 576);

    private static PromptPrefix prefix(Object... parts) {
        List<PromptPrefix.Segment> segments = new ArrayList<>();
        for (Object part : parts) {
            segments.add(part instanceof int[] tokens ? new PromptPrefix.Text(tokens) : (PromptPrefix.Segment) part);
        }
        return new PromptPrefix(segments);
    }

    private static int[] tokens(int... ids) {
        return ids;
    }

    @Test
    void findsWhatEachHolderSharesWithAPromptInOneWalk() {
        PrefixTree<String> tree = new PrefixTree<>();
        tree.put("cat-question", prefix(tokens(1, 2, 3), CAT, tokens(7, 8, 9)));
        tree.put("cat-other-question", prefix(tokens(1, 2, 3), CAT, tokens(7, 5)));
        tree.put("dog", prefix(tokens(1, 2, 3), DOG, tokens(7, 8, 9)));
        tree.put("text-only", prefix(tokens(4, 4)));
        Map<String, Integer> shared = tree.shared(prefix(tokens(1, 2, 3), CAT, tokens(7, 8, 6)));
        assertEquals(3 + 576 + 2, shared.get("cat-question"));
        assertEquals(3 + 576 + 1, shared.get("cat-other-question"));
        assertEquals(3, shared.get("dog"), "another image: only the opening text is shared");
        assertFalse(shared.containsKey("text-only"), "nothing shared, nothing reported");
        assertEquals(List.of("cat-question", "cat-other-question", "dog"), List.copyOf(shared.keySet()),
                "deepest first");
    }

    @Test
    void anImageIsOneIndivisibleSymbolAndAnImageWithoutHashNeverMatches() {
        PrefixTree<String> tree = new PrefixTree<>();
        tree.put("short-image", prefix(tokens(1), new PromptPrefix.Image("sha-cat", 100)));
        tree.put("unhashed", prefix(tokens(1), new PromptPrefix.Image("", 576), tokens(2)));
        Map<String, Integer> shared = tree.shared(prefix(tokens(1), CAT, tokens(2)));
        assertEquals(1, shared.get("short-image"), "same hash, other positions: not the same image");
        assertEquals(1, shared.get("unhashed"));
        assertEquals(1, tree.shared(prefix(tokens(1), new PromptPrefix.Image("", 576), tokens(2))).get("unhashed"),
                "an image without a hash does not even match itself");
    }

    @Test
    void aTextSegmentSharedOnlyInPartEndsTheMatchAsCommonPositionsDoes() {
        PromptPrefix split = prefix(tokens(1, 2), tokens(3, 4));
        PromptPrefix whole = prefix(tokens(1, 2, 3, 4));
        PrefixTree<String> tree = new PrefixTree<>();
        tree.put("split", split);
        assertEquals(whole.commonPositions(split, Integer.MAX_VALUE), tree.shared(whole).get("split"));
        assertEquals(2, tree.shared(whole).get("split"));
    }

    @Test
    void insertingSplitsAnEdgeAndRemovingPrunesWhatNoHolderNeeds() {
        PrefixTree<String> tree = new PrefixTree<>();
        tree.put("a", prefix(tokens(1, 2, 3, 4)));
        assertEquals(1, tree.nodeCount(), "one holder, one edge: the trie is compressed");
        tree.put("b", prefix(tokens(1, 2, 9)));
        assertEquals(3, tree.nodeCount(), "the edge splits after 1, 2");
        tree.put("prefix-of-a", prefix(tokens(1, 2, 3, 4)));
        assertEquals(3, tree.nodeCount(), "the same prefix shares a node");
        assertTrue(tree.isLeaf("a") && tree.isLeaf("b") && tree.isLeaf("prefix-of-a"));
        tree.remove("b");
        assertEquals(2, tree.nodeCount(), "b's edge goes; the split node stays");
        assertNull(tree.shared(prefix(tokens(1, 2, 9))).get("b"));
        assertEquals(2, tree.shared(prefix(tokens(1, 2, 9))).get("a"));
        tree.remove("a");
        tree.remove("prefix-of-a");
        assertEquals(0, tree.nodeCount());
        assertEquals(0, tree.size());
    }

    @Test
    void putReplacesWhatAHolderHeldAndAnEmptyPrefixRemovesIt() {
        PrefixTree<String> tree = new PrefixTree<>();
        PromptPrefix first = prefix(tokens(1, 2, 3));
        tree.put("slot", first);
        assertSame(first, tree.prefixOf("slot"));
        tree.put("slot", prefix(tokens(5, 6)));
        assertNull(tree.shared(prefix(tokens(1, 2, 3))).get("slot"));
        assertEquals(2, tree.shared(prefix(tokens(5, 6, 7))).get("slot"));
        tree.put("slot", PromptPrefix.EMPTY);
        assertEquals(0, tree.size());
        assertNull(tree.prefixOf("slot"));
    }

    @Test
    void theLeastRecentlyUsedLeafIsEvictedNotAPrefixAnotherHolderExtends() {
        PrefixTree<String> tree = new PrefixTree<>();
        tree.put("image-prefix", prefix(tokens(1), CAT));
        tree.put("image-and-question", prefix(tokens(1), CAT, tokens(5, 6)));
        tree.put("dog", prefix(tokens(1), DOG));
        Map<String, Long> lastUsed = Map.of("image-prefix", 1L, "image-and-question", 3L, "dog", 2L);
        assertFalse(tree.isLeaf("image-prefix"));
        assertTrue(tree.isLeaf("image-and-question"));
        assertEquals("dog", tree.leastRecentLeaf(lastUsed::get, holder -> true),
                "image-prefix is older but its cells are shared with image-and-question");
        assertEquals("image-and-question", tree.leastRecentLeaf(lastUsed::get, holder -> !holder.equals("dog")));
        tree.remove("image-and-question");
        assertEquals("image-prefix", tree.leastRecentLeaf(lastUsed::get, holder -> true),
                "once its extension is gone, the prefix is a leaf again");
        assertNull(tree.leastRecentLeaf(lastUsed::get, holder -> false));
    }

    /** On random prefixes over a small alphabet (so that they share a lot), the tree agrees with commonPositions. */
    @Test
    void agreesWithCommonPositionsOnRandomPrefixes() {
        Random random = new Random(12);
        List<PromptPrefix.Segment> pool = List.of(CAT, DOG, new PromptPrefix.Image("", 576),
                new PromptPrefix.Image("sha-cat", 4));
        for (int round = 0; round < 200; round++) {
            PrefixTree<Integer> tree = new PrefixTree<>();
            List<PromptPrefix> held = new ArrayList<>();
            for (int holder = 0; holder < 8; holder++) {
                PromptPrefix prefix = randomPrefix(random, pool);
                held.add(prefix);
                tree.put(holder, prefix);
            }
            int removed = random.nextInt(8);
            tree.remove(removed);
            for (int query = 0; query < 5; query++) {
                PromptPrefix prompt = random.nextBoolean() ? randomPrefix(random, pool)
                        : held.get(random.nextInt(held.size()));
                Map<Integer, Integer> shared = tree.shared(prompt);
                for (int holder = 0; holder < held.size(); holder++) {
                    int expected = holder == removed ? 0 : prompt.commonPositions(held.get(holder), Integer.MAX_VALUE);
                    assertEquals(expected, shared.getOrDefault(holder, 0), "round " + round + ", holder " + holder);
                }
            }
        }
    }

    private static PromptPrefix randomPrefix(Random random, List<PromptPrefix.Segment> images) {
        List<PromptPrefix.Segment> segments = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0 && random.nextInt(3) == 0) {
                segments.add(images.get(random.nextInt(images.size())));
            } else {
                int[] tokens = new int[random.nextInt(5)];
                for (int t = 0; t < tokens.length; t++) {
                    tokens[t] = random.nextInt(3);
                }
                segments.add(new PromptPrefix.Text(tokens));
            }
        }
        return new PromptPrefix(segments);
    }

    @Test
    void wholePositionsWithinALimitNeverEndInsideAnImage() {
        PromptPrefix prompt = prefix(tokens(1, 2, 3), CAT, tokens(7, 8));
        assertEquals(2, prompt.wholePositionsWithin(2));
        assertEquals(3, prompt.wholePositionsWithin(100), "inside the image: up to its start");
        assertEquals(3 + 576 + 1, prompt.wholePositionsWithin(3 + 576 + 1));
        assertEquals(3 + 576 + 2, prompt.wholePositionsWithin(10_000));
        assertEquals(0, prompt.wholePositionsWithin(0));
    }
}
