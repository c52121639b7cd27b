package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The minimum of prompt positions is the size of a per-group token trie, an image counting as its positions. */
class MinimumPositionsTest {
    private static PromptPrefix prompt(String image, int... question) {
        return new PromptPrefix(List.of(new PromptPrefix.Text(new int[] {1, 2, 3}), new PromptPrefix.Image(image, 10),
                new PromptPrefix.Text(question)));
    }

    @Test
    void eachPromptAddsWhatItDoesNotShareWithAnEarlierPromptOfItsGroup() {
        MinimumPositions minimum = new MinimumPositions();
        assertEquals(3 + 10 + 2, minimum.add("s1", prompt("a", 7, 8)));
        assertEquals(2, minimum.add("s1", prompt("a", 9, 8)), "opening and image are shared");
        assertEquals(1, minimum.add("s1", prompt("a", 7, 8, 5)), "extends the first prompt by one token");
        assertEquals(0, minimum.add("s1", prompt("a", 7)), "a prefix of an earlier prompt adds nothing");
        assertEquals(12, minimum.add("s1", prompt("b", 7, 8)), "another image: only the opening is shared");
        assertEquals(15, minimum.add("s2", prompt("a", 7, 8)), "another group shares nothing");
        assertEquals(15 + 2 + 1 + 12 + 15, minimum.total());
        assertEquals(3, minimum.images(), "image a in s1, image b in s1, image a in s2");
    }

    @Test
    void aRequestsGroupIsItsIdUnlessGiven() {
        GenerationRequest request = GenerationRequest.raw("p", List.of(), SamplingParams.greedy(4)).withId("s/1");
        assertEquals("s/1", request.group());
        assertEquals("s", request.withGroup("s").group());
        assertEquals("s", request.withGroup("s").withId("s/2").group());
        assertEquals("s/3", request.withId("s/3").group());
    }
}
