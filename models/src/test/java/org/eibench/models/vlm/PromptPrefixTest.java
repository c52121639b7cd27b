package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Longest common prefix in KV positions, images counted whole. */
class PromptPrefixTest {
    private static PromptPrefix prefix(PromptPrefix.Segment... segments) {
        return new PromptPrefix(List.of(segments));
    }

    private static PromptPrefix.Text text(int... tokens) {
        return new PromptPrefix.Text(tokens);
    }

    @Test
    void countsTextTokensAndWholeImages() {
        PromptPrefix a = prefix(text(1, 5, 6), new PromptPrefix.Image("cat", 576), text(7, 8, 9));
        PromptPrefix b = prefix(text(1, 5, 6), new PromptPrefix.Image("cat", 576), text(7, 8, 4, 4));
        assertEquals(3 + 576 + 2, a.commonPositions(b, Integer.MAX_VALUE));
        assertEquals(a.positions(), a.commonPositions(a, a.positions()));
        assertEquals(3, a.commonPositions(b, 3 + 575), "an image only partly in the cache is not reused");
        assertEquals(3 + 576 + 1, a.commonPositions(b, 3 + 576 + 1), "text up to what the cache holds");
        assertEquals(3, a.commonPositions(prefix(text(1, 5, 6), new PromptPrefix.Image("dog", 576)), 10_000));
        assertEquals(2, a.commonPositions(prefix(text(1, 5), new PromptPrefix.Image("cat", 576)), 10_000),
                "text that ends early cannot continue into the image");
        assertEquals(0, prefix(new PromptPrefix.Image("", 4)).commonPositions(prefix(new PromptPrefix.Image("", 4)),
                10), "an image without a hash never matches");
    }
}
