package org.eibench.models.vlm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides where an admitted request's KV prefix comes from, over a {@link BatchGenerator}'s slots (it reads their
 * state and changes nothing; the generator makes the KV calls).
 *
 * <p>A free slot keeps its KV cells and remembers the prompt parts (text token ids, images by content hash) they hold,
 * up to the first generated token. An admitted request takes the free slot whose cells share its longest prefix;
 * when an active sequence has already decoded a prefix at least {@link #MIN_COPY_POSITIONS} longer, the least
 * recently used free slot gets a copy of that sequence. An image counts only as a whole, and the last prompt token is
 * always decoded so that its logits give the first sampled token. A request whose prefix an active sequence is still
 * prefilling (e.g. CFSA's questions on one image, admitted together) waits until that <em>leader</em> has decoded the
 * shared positions; if the leader stops first (fails, or its slot is reused), the waiting request takes what is left,
 * possibly nothing.
 *
 * <p>Prefix cache: beside the slots, {@code cache} sequences (never admitted to) hold the prompt prefixes of finished
 * requests whose slot was taken by another request: before a free slot's cells are overwritten, the generator
 * <em>parks</em> them in the least recently used cache sequence ({@link #parkingFor}), unless what would be lost is
 * short, another free slot or cache sequence already holds it, or no request will ask for it (its request was the last
 * of its group to show its images and none of the group is outstanding: a sample whose image calls are over). A cached
 * prefix is a copy source like an active sequence. The cache is bounded by its number of sequences
 * ({@link VlmSpec#prefixCacheBytes()}) and, in the unified KV layout, by the cells they hold together
 * ({@link #evictionsFor}).
 *
 * <p>What each slot and each cache sequence holds is indexed in a radix tree ({@link PrefixTree}, one for the slots and
 * one for the cache), kept in step with the slots' prefixes before each decision, so the prefix a prompt shares with
 * every sequence comes from one walk down the prompt.
 */
final class PrefixPlanner {
    /**
     * Least gain, in positions, for which a request takes its prefix from another sequence: such a copy duplicates that
     * sequence's whole KV stream (every layer), which only pays off against a real prefill.
     */
    static final int MIN_COPY_POSITIONS = 32;

    /**
     * Where a request's KV prefix comes from: {@code source}'s first {@code positions} positions, which {@code source}
     * holds now, or only once it has decoded them ({@code awaited}); {@code target} is the slot the request takes.
     */
    record Reuse(Slot target, Slot source, int positions, boolean awaited) {
        Reuse(Slot target, Slot source, int positions) {
            this(target, source, positions, false);
        }
    }

    /**
     * Least positions worth parking in the cache (a stream copy): an image or a long shared instruction, not the
     * question text that one call adds to a prefix the cache holds already.
     */
    static final int MIN_PARK_POSITIONS = 128;

    private final Slot[] slots;
    private final Slot[] cache;
    private final boolean enabled;
    /**
     * Most positions the cache sequences hold together (a unified KV buffer's cells beyond the slots'); per sequence,
     * where each cache sequence is its own stream, {@link Long#MAX_VALUE}: the number of sequences bounds the cache.
     */
    private final long cacheCells;
    /** Whether a group still has requests queued, in preparation or running. */
    private final Predicate<String> groupOutstanding;
    private final PrefixTree<Slot> slotTree = new PrefixTree<>();
    private final PrefixTree<Slot> cacheTree = new PrefixTree<>();
    /** Use clock of the cache sequences (least recently used is evicted first). */
    private long clock;

    PrefixPlanner(Slot[] slots, Slot[] cache, boolean enabled, long cacheCells, Predicate<String> groupOutstanding) {
        this.slots = slots;
        this.cache = enabled ? cache : new Slot[0];
        this.enabled = enabled;
        this.cacheCells = cacheCells;
        this.groupOutstanding = groupOutstanding;
    }

    /** A planner that takes every group as possibly outstanding (nothing is dropped for being over). */
    PrefixPlanner(Slot[] slots, Slot[] cache, boolean enabled, long cacheCells) {
        this(slots, cache, enabled, cacheCells, group -> true);
    }

    PrefixPlanner(Slot[] slots, Slot[] cache, boolean enabled) {
        this(slots, cache, enabled, Long.MAX_VALUE);
    }

    PrefixPlanner(Slot[] slots, boolean enabled) {
        this(slots, new Slot[0], enabled);
    }

    /** Marks a cache sequence as just used (parked into or copied from). */
    void touch(Slot entry) {
        entry.lastUsed = clock++;
    }

    /**
     * The cache sequence that should receive {@code target}'s retained prefix before it is overwritten by a request
     * that keeps only its first {@code kept} positions, or null when nothing worth keeping would be lost: fewer than
     * {@link #MIN_PARK_POSITIONS} positions beyond what the new request keeps and what another free slot or cache
     * sequence already holds, or when the request that left it was the last of its group to show its images and none of
     * the group is outstanding (each EIBench sample has its own image: nobody would copy it). A cache sequence whose
     * prefix the parked one contains is replaced (as a radix tree extends a leaf); otherwise the least recently used
     * one other than {@code source} (which the new request copies from) is evicted.
     */
    Slot parkingFor(Slot target, int kept, Slot source) {
        if (cache.length == 0 || !target.free() || target.retained == 0 || target.retained > cacheCells
                || target.retainedImagesDone && !groupOutstanding.test(target.retainedGroup)) {
            return null;
        }
        index();
        Map<Slot, Integer> inSlots = slotTree.shared(target.prefix);
        Map<Slot, Integer> inCache = cacheTree.shared(target.prefix);
        int held = kept;
        for (Slot other : slots) {
            if (other != target && other.free()) {
                held = Math.max(held, held(target.prefix, inSlots, other, other.retained));
            }
        }
        Slot contained = null;
        for (Slot entry : cache) {
            int common = held(target.prefix, inCache, entry, entry.retained);
            held = Math.max(held, common);
            if (entry != source && entry.retained > 0 && common == entry.retained) {
                contained = entry;
            }
        }
        if (target.retained - held < MIN_PARK_POSITIONS) {
            return null;
        }
        if (contained != null) {
            return contained;
        }
        Slot oldest = null;
        for (Slot entry : cache) {
            if (entry != source && (oldest == null || entry.lastUsed < oldest.lastUsed)) {
                oldest = entry;
            }
        }
        return oldest;
    }

    /**
     * The cache sequences to clear, least recently used first, before {@code entry} takes {@code positions}, so that
     * the cache holds at most its cells ({@code cacheCells}); never {@code entry} itself, nor {@code source}, which the
     * new request copies from. Per sequence, none: each cache sequence has its own stream.
     */
    List<Slot> evictionsFor(Slot entry, int positions, Slot source) {
        long held = positions;
        for (Slot other : cache) {
            if (other != entry) {
                held += other.retained;
            }
        }
        List<Slot> evicted = new ArrayList<>();
        if (held <= cacheCells) {
            return evicted;
        }
        index();
        // a leaf first: the cells of a prefix that another cache sequence extends stay held by that one
        while (held > cacheCells) {
            Slot oldest = cacheTree.leastRecentLeaf(other -> other.lastUsed,
                    other -> other != entry && other != source && other.retained > 0);
            if (oldest == null) {
                break;
            }
            evicted.add(oldest);
            held -= oldest.retained;
            cacheTree.remove(oldest);
        }
        return evicted;
    }

    /** Whether prefixes are reused at all ({@link VlmSpec#prefixReuse()}); without, a finished slot's cells go. */
    boolean enabled() {
        return enabled;
    }

    /**
     * Chooses a free slot for a prompt and where its KV prefix comes from: the free slot whose own retained cells
     * match the longest prefix (prefix affinity), or, when an active sequence or a cache sequence holds a clearly
     * longer one (by at least {@link #MIN_COPY_POSITIONS}), the least recently used free slot filled with a copy of
     * that sequence. With no
     * match the least recently used free slot is taken, so recently finished prefixes stay longest.
     */
    Reuse plan(PreparedPrompt prompt) {
        List<Slot> free = Arrays.stream(slots).filter(Slot::free).toList();
        Slot leastRecent = free.stream().min((a, b) -> Long.compare(a.lastUsed, b.lastUsed)).orElseThrow();
        if (!enabled) {
            return new Reuse(leastRecent, leastRecent, 0);
        }
        index();
        Map<Slot, Integer> inSlots = slotTree.shared(prompt.prefix());
        Map<Slot, Integer> inCache = cacheTree.shared(prompt.prefix());
        Reuse best = new Reuse(leastRecent, leastRecent, reusable(prompt, inSlots, leastRecent));
        for (Slot slot : free) {
            int positions = reusable(prompt, inSlots, slot);
            if (positions > best.positions()) {
                best = new Reuse(slot, slot, positions);
            }
        }
        Slot active = null;
        int activePositions = 0;
        Slot leader = null;
        int leaderPositions = 0;
        for (Slot slot : slots) {
            if (!slot.decoding()) {
                continue;
            }
            int positions = reusable(prompt, inSlots, slot);
            if (positions > activePositions) {
                active = slot;
                activePositions = positions;
            }
            int once = Math.min(held(prompt.prefix(), inSlots, slot, slot.promptPositions), prompt.positions() - 1);
            if (once > leaderPositions) {
                leader = slot;
                leaderPositions = once;
            }
        }
        for (Slot entry : cache) {
            int positions = reusable(prompt, inCache, entry);
            if (positions > activePositions) {
                active = entry;
                activePositions = positions;
            }
        }
        int now = Math.max(best.positions(), activePositions);
        if (leaderPositions >= now + MIN_COPY_POSITIONS && leaderPositions > activePositions) {
            return new Reuse(leastRecent, leader, leaderPositions, true);
        }
        return activePositions >= best.positions() + MIN_COPY_POSITIONS
                ? new Reuse(leastRecent, active, activePositions) : best;
    }

    /**
     * Prompt positions whose KV cells {@code slot} already holds, leaving at least the last prompt token to decode
     * (its logits give the first sampled token).
     */
    static int reusable(PromptPrefix prefix, int positions, Slot slot) {
        return Math.min(prefix.commonPositions(slot.prefix, available(slot)), positions - 1);
    }

    /** {@link #reusable(PromptPrefix, int, Slot)} from the positions the tree found {@code prompt} shares. */
    private static int reusable(PreparedPrompt prompt, Map<Slot, Integer> shared, Slot slot) {
        return Math.min(held(prompt.prefix(), shared, slot, available(slot)), prompt.positions() - 1);
    }

    /** KV positions of its prefix that {@code slot} holds now. */
    private static int available(Slot slot) {
        return slot.free() ? slot.retained : slot.waiting() ? 0 : Math.min(slot.position, slot.promptPositions);
    }

    /**
     * Of the positions {@code prefix} shares with {@code slot}'s prefix (as the tree found), those among the slot's
     * first {@code available}, an image counting only as a whole: {@link PromptPrefix#commonPositions}.
     */
    private static int held(PromptPrefix prefix, Map<Slot, Integer> shared, Slot slot, int available) {
        return Math.min(shared.getOrDefault(slot, 0), prefix.wholePositionsWithin(available));
    }

    /** Brings the trees in step with the prefixes the slots and cache sequences hold now. */
    private void index() {
        index(slotTree, slots);
        index(cacheTree, cache);
    }

    private static void index(PrefixTree<Slot> tree, Slot[] holders) {
        for (Slot holder : holders) {
            PromptPrefix indexed = tree.prefixOf(holder);
            if (indexed != holder.prefix && !(indexed == null && holder.prefix.segments().isEmpty())) {
                tree.put(holder, holder.prefix);
            }
        }
    }

    /**
     * The waiting slots that may start now, each with the prefix it takes from its leader: those whose leader has
     * decoded the shared prefix, or has stopped working on it (finished, failed, slot reused), in which case the
     * slot takes whatever prefix is still there, possibly none.
     */
    List<Reuse> startable() {
        List<Reuse> ready = new ArrayList<>();
        for (Slot slot : slots) {
            if (!slot.waiting()) {
                continue;
            }
            Slot leader = slot.leader;
            boolean sameRequest = leader.pending == slot.leaderRequest;
            if (sameRequest && leader.position < slot.awaitedPositions) {
                continue;
            }
            ready.add(new Reuse(slot, leader, Math.min(slot.awaitedPositions,
                    reusable(slot.prefix, slot.promptPositions, leader))));
        }
        return ready;
    }
}
