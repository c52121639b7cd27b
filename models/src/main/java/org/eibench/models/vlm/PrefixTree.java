package org.eibench.models.vlm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A radix tree (compressed trie) of prompt prefixes, indexing which holders (KV sequences) hold which prefix, so that
 * the prefix a prompt shares with every holder is found in one walk down the prompt instead of one comparison per
 * holder.
 *
 * <p>A prefix is a string of symbols: each text token is one symbol of one position, an image is one indivisible
 * symbol of all its positions (equal when content hash and positions are equal; an empty hash never matches), and
 * each text segment ends with a separator of no position, so that matching agrees with
 * {@link PromptPrefix#commonPositions}: a text segment shared only in part ends the match. Each edge holds a run of
 * symbols; a node is where prefixes branch or a holder's prefix ends. Removing a holder prunes the nodes no other
 * holder needs (a node left with one child is not merged back into it).
 *
 * @param <H> the holders, compared by {@code equals} (identity for {@link Slot})
 */
final class PrefixTree<H> {
    private static final int SEPARATOR = -1;

    /** A prefix flattened into symbols: token ids, {@link #SEPARATOR}, or {@code -2 - i} for {@code images[i]}. */
    private record Path(int[] symbols, PromptPrefix.Image[] images, int[] positionsBefore) {
        static Path of(PromptPrefix prefix) {
            int length = 0;
            int imageCount = 0;
            for (PromptPrefix.Segment segment : prefix.segments()) {
                if (segment instanceof PromptPrefix.Text text) {
                    length += text.tokens().length + 1;
                } else {
                    length++;
                    imageCount++;
                }
            }
            int[] symbols = new int[length];
            int[] positionsBefore = new int[length + 1];
            PromptPrefix.Image[] images = new PromptPrefix.Image[imageCount];
            int at = 0;
            int imageAt = 0;
            for (PromptPrefix.Segment segment : prefix.segments()) {
                if (segment instanceof PromptPrefix.Text text) {
                    for (int token : text.tokens()) {
                        symbols[at] = token;
                        positionsBefore[at + 1] = positionsBefore[at] + 1;
                        at++;
                    }
                    symbols[at] = SEPARATOR;
                    positionsBefore[at + 1] = positionsBefore[at];
                    at++;
                } else {
                    PromptPrefix.Image image = (PromptPrefix.Image) segment;
                    images[imageAt] = image;
                    symbols[at] = -2 - imageAt++;
                    positionsBefore[at + 1] = positionsBefore[at] + image.positions();
                    at++;
                }
            }
            return new Path(symbols, images, positionsBefore);
        }

        int length() {
            return symbols.length;
        }

        /** The key of a node's child edge that starts with symbol {@code i}: a token, the separator or an image. */
        Object key(int i) {
            int symbol = symbols[i];
            if (symbol >= SEPARATOR) {
                return symbol;
            }
            PromptPrefix.Image image = images[-2 - symbol];
            // an image without a hash must never match: a key of its own, equal to nothing else
            return image.hash().isEmpty() ? new Object() : image;
        }

        boolean same(int i, Path other, int j) {
            int a = symbols[i];
            int b = other.symbols[j];
            if (a >= SEPARATOR || b >= SEPARATOR) {
                return a == b;
            }
            PromptPrefix.Image mine = images[-2 - a];
            return !mine.hash().isEmpty() && mine.equals(other.images[-2 - b]);
        }
    }

    /** A node: the edge from its parent is {@code path}'s symbols {@code [from, to)}. */
    private static final class Node<H> {
        Node<H> parent;
        Path path;
        int from;
        int to;
        /** Positions from the root to the end of this node's edge. */
        int depth;
        final Map<Object, Node<H>> children = new HashMap<>();
        final List<H> holders = new ArrayList<>(1);

        Node(Node<H> parent, Path path, int from, int to, int depth) {
            this.parent = parent;
            this.path = path;
            this.from = from;
            this.to = to;
            this.depth = depth;
        }

        boolean isLeaf() {
            return children.isEmpty();
        }
    }

    private final Node<H> root = new Node<>(null, null, 0, 0, 0);
    /** Each holder's node, in the order they were indexed (holders compare by identity: {@link Slot}). */
    private final Map<H, Node<H>> nodes = new LinkedHashMap<>();
    private final Map<H, PromptPrefix> indexed = new LinkedHashMap<>();

    /** The prefix indexed for {@code holder}, or null. */
    PromptPrefix prefixOf(H holder) {
        return indexed.get(holder);
    }

    /** Indexes {@code holder} as holding {@code prefix} (an empty prefix removes it); replaces what it held. */
    void put(H holder, PromptPrefix prefix) {
        Objects.requireNonNull(holder, "holder");
        remove(holder);
        if (prefix.segments().isEmpty()) {
            return;
        }
        Path path = Path.of(prefix);
        Node<H> node = root;
        int i = 0;
        while (i < path.length()) {
            Object key = path.key(i);
            Node<H> child = node.children.get(key);
            if (child == null) {
                child = new Node<>(node, path, i, path.length(), path.positionsBefore()[path.length()]);
                node.children.put(key, child);
                node = child;
                i = path.length();
                break;
            }
            int matched = matched(path, i, child);
            if (matched < child.to - child.from) {
                child = split(node, key, child, matched);
            }
            node = child;
            i += matched;
        }
        node.holders.add(holder);
        nodes.put(holder, node);
        indexed.put(holder, prefix);
    }

    /** How many symbols of {@code child}'s edge equal {@code path}'s from symbol {@code i} on. */
    private static int matched(Path path, int i, Node<?> child) {
        int matched = 0;
        int edge = child.to - child.from;
        while (matched < edge && i + matched < path.length()
                && path.same(i + matched, child.path, child.from + matched)) {
            matched++;
        }
        return matched;
    }

    /** Splits {@code child}'s edge after {@code matched} symbols; returns the new node in between. */
    private Node<H> split(Node<H> parent, Object key, Node<H> child, int matched) {
        int cut = child.from + matched;
        Node<H> middle = new Node<>(parent, child.path, child.from, cut,
                child.depth - (child.path.positionsBefore()[child.to] - child.path.positionsBefore()[cut]));
        parent.children.put(key, middle);
        child.parent = middle;
        child.from = cut;
        middle.children.put(child.path.key(cut), child);
        return middle;
    }

    /** Removes {@code holder} and prunes the nodes no holder needs any more. */
    void remove(H holder) {
        Node<H> node = nodes.remove(holder);
        indexed.remove(holder);
        if (node == null) {
            return;
        }
        node.holders.remove(holder);
        while (node != root && node.holders.isEmpty() && node.children.isEmpty()) {
            Node<H> parent = node.parent;
            parent.children.values().remove(node);
            node = parent;
        }
    }

    /**
     * The positions {@code query} shares with each holder's prefix, for every holder that shares at least one: one
     * walk down the query, then the holders below each node it passed, each visited once (time proportional to the
     * query plus the holders reported).
     */
    Map<H, Integer> shared(PromptPrefix query) {
        Map<H, Integer> result = new LinkedHashMap<>();
        if (query.segments().isEmpty()) {
            return result;
        }
        Path path = Path.of(query);
        List<Node<H>> passed = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        Node<H> node = root;
        int i = 0;
        while (i < path.length()) {
            Node<H> child = node.children.get(path.key(i));
            if (child == null) {
                break;
            }
            int matched = matched(path, i, child);
            i += matched;
            passed.add(child);
            depths.add(path.positionsBefore()[i]);
            if (matched < child.to - child.from) {
                break;
            }
            node = child;
        }
        // deepest first: a holder below a deeper passed node shares that node's depth
        Node<H> below = null;
        for (int k = passed.size() - 1; k >= 0; k--) {
            Node<H> at = passed.get(k);
            int depth = depths.get(k);
            if (depth > 0) {
                collect(at, below, depth, result);
            }
            below = at;
        }
        return result;
    }

    /** Adds the holders in {@code node}'s subtree, except {@code skip}'s, as sharing {@code depth} positions. */
    private void collect(Node<H> node, Node<H> skip, int depth, Map<H, Integer> result) {
        for (H holder : node.holders) {
            result.putIfAbsent(holder, depth);
        }
        for (Node<H> child : node.children.values()) {
            if (child != skip) {
                collect(child, null, depth, result);
            }
        }
    }

    /**
     * Whether no other holder's prefix extends {@code holder}'s (its node is a leaf): removing it frees positions that
     * no other holder shares.
     */
    boolean isLeaf(H holder) {
        Node<H> node = nodes.get(holder);
        return node != null && node.isLeaf();
    }

    /** The least recently used holder at a leaf among those {@code allowed}, or null. */
    H leastRecentLeaf(ToLongFunction<H> lastUsed, Predicate<H> allowed) {
        H oldest = null;
        for (Map.Entry<H, Node<H>> entry : nodes.entrySet()) {
            H holder = entry.getKey();
            if (entry.getValue().isLeaf() && allowed.test(holder)
                    && (oldest == null || lastUsed.applyAsLong(holder) < lastUsed.applyAsLong(oldest))) {
                oldest = holder;
            }
        }
        return oldest;
    }

    /** Number of holders indexed. */
    int size() {
        return nodes.size();
    }

    /** Number of nodes below the root (edges), for tests of the compression. */
    int nodeCount() {
        return count(root) - 1;
    }

    private int count(Node<H> node) {
        int total = 1;
        for (Node<H> child : node.children.values()) {
            total += count(child);
        }
        return total;
    }
}
