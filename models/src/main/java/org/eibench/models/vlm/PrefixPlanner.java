package org.eibench.models.vlm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * short or another free slot or cache sequence already holds it. A cached prefix is a copy source like an active
 * sequence. The cache is bounded by its number of sequences ({@link VlmSpec#prefixCacheBytes()}); in the per-sequence
 * KV layout each holds one prefix, so the longest match is found by comparing the prompt with each of them.
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
    /** Use clock of the cache sequences (least recently used is evicted first). */
    private long clock;

    PrefixPlanner(Slot[] slots, Slot[] cache, boolean enabled) {
        this.slots = slots;
        this.cache = enabled ? cache : new Slot[0];
        this.enabled = enabled;
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
     * sequence already holds. A cache sequence whose prefix the parked one contains is replaced (as a radix tree
     * extends a leaf); otherwise the least recently used one other than {@code source} (which the new request copies
     * from) is evicted.
     */
    Slot parkingFor(Slot target, int kept, Slot source) {
        if (cache.length == 0 || !target.free() || target.retained == 0) {
            return null;
        }
        int held = kept;
        for (Slot other : slots) {
            if (other != target && other.free()) {
                held = Math.max(held, target.prefix.commonPositions(other.prefix, other.retained));
            }
        }
        Slot contained = null;
        for (Slot entry : cache) {
            int common = target.prefix.commonPositions(entry.prefix, entry.retained);
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
        Reuse best = new Reuse(leastRecent, leastRecent, reusable(prompt.prefix(), prompt.positions(), leastRecent));
        for (Slot slot : free) {
            int positions = reusable(prompt.prefix(), prompt.positions(), slot);
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
            int positions = reusable(prompt.prefix(), prompt.positions(), slot);
            if (positions > activePositions) {
                active = slot;
                activePositions = positions;
            }
            int once = Math.min(prompt.prefix().commonPositions(slot.prefix, slot.promptPositions),
                    prompt.positions() - 1);
            if (once > leaderPositions) {
                leader = slot;
                leaderPositions = once;
            }
        }
        for (Slot entry : cache) {
            int positions = reusable(prompt.prefix(), prompt.positions(), entry);
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
        int cached = slot.free() ? slot.retained : slot.waiting() ? 0 : Math.min(slot.position, slot.promptPositions);
        return Math.min(prefix.commonPositions(slot.prefix, cached), positions - 1);
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
