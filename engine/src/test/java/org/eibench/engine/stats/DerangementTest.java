package org.eibench.engine.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DerangementTest {
    @Test
    void movesEveryElementAndIsAPermutation() {
        for (int n = 2; n < 40; n++) {
            int[] p = Derangement.of(n, n);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertEquals(i, sorted[i]);
                assertNotEquals(i, p[i]);
            }
        }
    }

    @Test
    void keepsGroupsApart() {
        // elements 0-2 are one image's questions, 3-4 another's, 5-9 each their own
        int[] group = {0, 0, 0, 1, 1, 2, 3, 4, 5, 6};
        int[] p = Derangement.of(group.length, 17, (i, j) -> group[i] == group[j]);
        for (int i = 0; i < p.length; i++) {
            assertNotEquals(group[i], group[p[i]], "element " + i);
        }
    }

    @Test
    void seeded() {
        assertArrayEquals(Derangement.of(30, 5), Derangement.of(30, 5));
        assertThrows(IllegalArgumentException.class, () -> Derangement.of(1, 5));
    }
}
