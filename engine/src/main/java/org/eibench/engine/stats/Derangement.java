package org.eibench.engine.stats;

import java.util.SplittableRandom;

/**
 * Seeded derangements: a permutation in which no element stays in place (Sattolo's algorithm: a random cycle through
 * all elements), optionally also keeping apart elements that share a group (the several questions of one image).
 */
public final class Derangement {
    /** Random cycles tried before giving up on keeping groups apart. */
    static final int TRIES = 1_000;

    private Derangement() {}

    /** Whether elements i and j belong together (and so must not be mapped onto each other). */
    @FunctionalInterface
    public interface SameGroup {
        boolean test(int i, int j);
    }

    /** A random derangement of {@code 0..n-1}: {@code p[i] != i} for every i. */
    public static int[] of(int n, long seed) {
        return of(n, seed, (i, j) -> false);
    }

    /**
     * A random derangement of {@code 0..n-1} in which {@code sameGroup.test(i, p[i])} is false for every i, when
     * one is found in {@value #TRIES} random cycles; otherwise the last cycle tried (which still moves every element).
     *
     * @throws IllegalArgumentException when {@code n < 2}: one element cannot be moved
     */
    public static int[] of(int n, long seed, SameGroup sameGroup) {
        if (n < 2) {
            throw new IllegalArgumentException("a derangement needs at least 2 elements, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] p = null;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            p = cycle(n, random);
            if (apart(p, sameGroup)) {
                return p;
            }
        }
        return p;
    }

    private static int[] cycle(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i); // j < i, never i itself: Sattolo's variant of the shuffle gives one n-cycle
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static boolean apart(int[] p, SameGroup sameGroup) {
        for (int i = 0; i < p.length; i++) {
            if (sameGroup.test(i, p[i])) {
                return false;
            }
        }
        return true;
    }
}
