package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Prefix planning over slots in given states, without a model: which slot a prompt takes and whose cells. */
class PrefixPlannerTest {
    private static final PromptPrefix.Image IMAGE = new PromptPrefix.Image("sha-of-the-image", 576);
    private static final PendingRequest REQUEST = new PendingRequest(
            GenerationRequest.raw("p", List.of(), SamplingParams.greedy(4)), result -> { }, null);

    /** BOS "USER: " (3 tokens), the image, then a question; 576 + 3 + question positions. */
    private static PreparedPrompt prompt(int... question) {
        PromptPrefix prefix = new PromptPrefix(List.of(new PromptPrefix.Text(new int[] {1, 2, 3}), IMAGE,
                new PromptPrefix.Text(question)));
        return new PreparedPrompt(null, List.of(new PromptPrefix.Text(new int[] {0})), prefix, prefix.positions(),
                List.of(), null, 0);
    }

    private static Slot[] slots(int count) {
        Slot[] slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            slots[i] = new Slot(i);
        }
        return slots;
    }

    /** An idle slot whose cells hold {@code prompt}'s prefix, last used at {@code lastUsed}. */
    private static void retain(Slot slot, PreparedPrompt prompt, long lastUsed) {
        slot.prefix = prompt.prefix();
        slot.retained = prompt.positions();
        slot.lastUsed = lastUsed;
    }

    /** A slot prefilling {@code prompt} that has decoded {@code position} positions. */
    private static void active(Slot slot, PreparedPrompt prompt, int position) {
        slot.admit(REQUEST, prompt, 0, null, 0);
        slot.position = position;
    }

    @Test
    void withoutReuseTheLeastRecentlyUsedSlotStartsEmpty() {
        Slot[] slots = slots(3);
        retain(slots[0], prompt(7, 8), 5);
        retain(slots[1], prompt(7, 8), 2);
        retain(slots[2], prompt(7, 8), 9);
        PrefixPlanner.Reuse reuse = new PrefixPlanner(slots, false).plan(prompt(7, 8));
        assertSame(slots[1], reuse.target());
        assertEquals(0, reuse.positions());
    }

    @Test
    void aFreeSlotHoldingTheLongestPrefixIsTakenAndTheLastTokenIsDecodedAgain() {
        Slot[] slots = slots(3);
        retain(slots[0], prompt(9), 0);
        retain(slots[1], prompt(7, 8, 9), 1);
        PrefixPlanner planner = new PrefixPlanner(slots, true);
        PrefixPlanner.Reuse reuse = planner.plan(prompt(7, 8, 10));
        assertSame(slots[1], reuse.target());
        assertSame(slots[1], reuse.source());
        assertEquals(3 + 576 + 2, reuse.positions());
        PrefixPlanner.Reuse same = planner.plan(prompt(7, 8, 9));
        assertEquals(3 + 576 + 2, same.positions(), "the same prompt again keeps its last token to decode");
        assertFalse(same.awaited());
    }

    @Test
    void anActiveSequenceWithAClearlyLongerPrefixIsCopiedIntoTheLeastRecentSlot() {
        Slot[] slots = slots(3);
        retain(slots[0], new PreparedPrompt(null, List.of(), new PromptPrefix(List.of(
                new PromptPrefix.Text(new int[] {1, 2, 3}))), 3, List.of(), null, 0), 4);
        active(slots[1], prompt(7, 8), 3 + 576 + 2);
        PrefixPlanner.Reuse reuse = new PrefixPlanner(slots, true).plan(prompt(7, 9));
        assertSame(slots[2], reuse.target(), "slot 2 was never used");
        assertSame(slots[1], reuse.source());
        assertEquals(3 + 576 + 1, reuse.positions());
        assertFalse(reuse.awaited());
    }

    @Test
    void aPrefixTheLeaderHasNotDecodedYetIsAwaitedAndStartsOnceDecoded() {
        Slot[] slots = slots(2);
        PreparedPrompt leaderPrompt = prompt(7, 8);
        active(slots[0], leaderPrompt, 3);
        PrefixPlanner planner = new PrefixPlanner(slots, true);
        PrefixPlanner.Reuse reuse = planner.plan(prompt(7, 9));
        assertTrue(reuse.awaited());
        assertSame(slots[0], reuse.source());
        assertEquals(3 + 576 + 1, reuse.positions());

        slots[1].admit(REQUEST, prompt(7, 9), 1, slots[0], reuse.positions());
        assertEquals(SlotState.WAITING, slots[1].state);
        assertEquals(List.of(), planner.startable(), "the leader has decoded 3 of 580 positions");
        slots[0].position = 3 + 576 + 2;
        PrefixPlanner.Reuse ready = planner.startable().getFirst();
        assertSame(slots[1], ready.target());
        assertEquals(3 + 576 + 1, ready.positions());
    }

    @Test
    void aWaitingRequestWhoseLeaderSlotWasReusedTakesWhatIsLeft() {
        Slot[] slots = slots(2);
        active(slots[0], prompt(7, 8), 3);
        slots[1].admit(REQUEST, prompt(7, 9), 1, slots[0], 3 + 576 + 1);
        // the leader's slot now runs another request, which has only the 3 text positions in common
        PendingRequest other = new PendingRequest(REQUEST.request(), result -> { }, null);
        PreparedPrompt textOnly = new PreparedPrompt(null, List.of(), new PromptPrefix(List.of(
                new PromptPrefix.Text(new int[] {1, 2, 3, 4}))), 4, List.of(), null, 0);
        slots[0].admit(other, textOnly, 2, null, 0);
        slots[0].position = 4;
        PrefixPlanner.Reuse ready = new PrefixPlanner(slots, true).startable().getFirst();
        assertEquals(3, ready.positions());
    }

    /** A prompt of another image (another sample): BOS "USER: ", that image, a question. */
    private static PreparedPrompt otherImagePrompt(String hash, int... question) {
        PromptPrefix prefix = new PromptPrefix(List.of(new PromptPrefix.Text(new int[] {1, 2, 3}),
                new PromptPrefix.Image(hash, 576), new PromptPrefix.Text(question)));
        return new PreparedPrompt(null, List.of(new PromptPrefix.Text(new int[] {0})), prefix, prefix.positions(),
                List.of(), null, 0);
    }

    /** One free slot holding the image prefix of {@code prompt(7, 8)}, two empty cache sequences, and their planner. */
    private record Parking(Slot slot, Slot[] slots, Slot[] cache, PrefixPlanner planner) {
        static Parking withAFreeImagePrefix() {
            Slot[] slots = PrefixPlannerTest.slots(1);
            Slot[] cache = {new Slot(1), new Slot(2)};
            retain(slots[0], prompt(7, 8), 0);
            return new Parking(slots[0], slots, cache, new PrefixPlanner(slots, cache, true));
        }
    }

    @Test
    void aFreeSlotsImagePrefixIsParkedBeforeAnotherSampleOverwritesIt() {
        Parking p = Parking.withAFreeImagePrefix();
        PrefixPlanner.Reuse reuse = p.planner().plan(otherImagePrompt("another-image", 5));
        assertSame(p.slot(), reuse.target());
        assertEquals(3, reuse.positions(), "only the chat opening is shared");
        Slot entry = p.planner().parkingFor(p.slot(), reuse.positions(), reuse.source());
        assertSame(p.cache()[0], entry, "the least recently used cache sequence receives the image prefix");
    }

    @Test
    void aPrefixWhoseGroupHasEndedIsParkedOnlyWhileAnotherRequestOfTheGroupIsOutstanding() {
        Parking p = Parking.withAFreeImagePrefix();
        p.slot().retainedGroup = "sample-7";
        p.slot().retainedImagesDone = true;
        PrefixPlanner over = new PrefixPlanner(p.slots(), p.cache(), true, Long.MAX_VALUE, group -> false);
        PrefixPlanner.Reuse reuse = over.plan(otherImagePrompt("another-image", 5));
        assertEquals(null, over.parkingFor(p.slot(), reuse.positions(), reuse.source()),
                "the sample's calls are over: nobody will copy its image prefix");
        PrefixPlanner outstanding = new PrefixPlanner(p.slots(), p.cache(), true, Long.MAX_VALUE,
                "sample-7"::equals);
        assertSame(p.cache()[0], outstanding.parkingFor(p.slot(), reuse.positions(), reuse.source()),
                "a call of the sample is still queued or running");
        p.slot().retainedImagesDone = false;
        assertSame(p.cache()[0], over.parkingFor(p.slot(), reuse.positions(), reuse.source()),
                "its caller may send more calls of the sample");
    }

    @Test
    void nothingIsParkedWhenTheNewRequestKeepsTheImageOrTheCacheHoldsItAlready() {
        Parking p = Parking.withAFreeImagePrefix();
        PrefixPlanner.Reuse same = p.planner().plan(prompt(7, 9));
        assertEquals(3 + 576 + 1, same.positions());
        assertEquals(null, p.planner().parkingFor(p.slot(), same.positions(), same.source()),
                "the question tail alone is not worth a copy");
        retain(p.cache()[1], prompt(7), 4);
        assertEquals(null, p.planner().parkingFor(p.slot(), 3, p.slot()), "the cache already holds the image");
        assertEquals(null, new PrefixPlanner(p.slots(), p.cache(), false).parkingFor(p.slot(), 3, p.slot()),
                "no cache without prefix reuse");
    }

    @Test
    void aCachedPrefixIsCopiedIntoAFreeSlotAndTheLeastRecentlyUsedEntryIsEvicted() {
        Slot[] slots = slots(2);
        Slot[] cache = {new Slot(2), new Slot(3)};
        retain(slots[0], otherImagePrompt("a", 1), 0);
        retain(slots[1], otherImagePrompt("b", 1), 1);
        PrefixPlanner planner = new PrefixPlanner(slots, cache, true);
        retain(cache[0], prompt(7, 8), 0);
        planner.touch(cache[0]);
        retain(cache[1], otherImagePrompt("c", 1), 0);
        planner.touch(cache[1]);
        PrefixPlanner.Reuse reuse = planner.plan(prompt(7, 9));
        assertSame(cache[0], reuse.source());
        assertSame(slots[0], reuse.target(), "the least recently used free slot takes the copy");
        assertEquals(3 + 576 + 1, reuse.positions());
        assertSame(cache[1], planner.parkingFor(slots[0], 0, reuse.source()),
                "the copy source is not evicted, even when it is the least recently used");
        planner.touch(cache[0]);
        assertSame(cache[1], planner.parkingFor(slots[0], 0, null));
        planner.touch(cache[1]);
        assertSame(cache[0], planner.parkingFor(slots[0], 0, null));
    }
}
