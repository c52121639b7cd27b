package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectionTest {
    private static List<Sample> samples(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Sample("img/" + i + ".png", i, Benchmark.BASIC,
                "img/" + i + ".png", "Why?", "1. A.", List.of("A."), i % 2 == 0 ? "happy" : "sad")).toList();
    }

    @Test
    void shardsPartitionTheSelectionStablyAndIndependentlyOfOrder() {
        List<Sample> all = samples(1000);
        int n = 7;
        Set<String> union = new HashSet<>();
        int total = 0;
        List<Sample> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(42));
        for (int k = 1; k <= n; k++) {
            Selection shard = Selection.ALL.withShard(new Selection.Shard(k, n));
            List<Sample> part = shard.apply(all);
            assertTrue(part.size() > 1000 / n / 2, "shards are roughly balanced: " + part.size());
            total += part.size();
            part.forEach(s -> union.add(s.id()));
            assertEquals(part.stream().map(Sample::id).sorted().toList(),
                    shard.apply(shuffled).stream().map(Sample::id).sorted().toList(), "order does not matter");
            assertEquals(part, shard.apply(all), "stable");
        }
        assertEquals(1000, total, "pairwise disjoint");
        assertEquals(1000, union.size(), "union is everything");
    }

    @Test
    void shardMembershipIsAPureFunctionOfTheId() {
        // Fixed values guard against an accidental change of the hash: that would reshuffle shards of running jobs.
        Selection.Shard shard = new Selection.Shard(1, 4);
        assertEquals(Long.remainderUnsigned(Selection.stableHash("CAER-S/train/Happy/0001.png"), 4) == 0,
                shard.contains("CAER-S/train/Happy/0001.png"));
        assertEquals(0x9f86d081884c7d65L, Selection.stableHash("test"));
    }

    @Test
    void limitAppliesBeforeShardSoShardsOfALimitedRunMergeBack() {
        List<Sample> all = samples(100);
        Selection limited = Selection.ALL.withLimit(30);
        Set<String> union = new HashSet<>();
        for (int k = 1; k <= 3; k++) {
            limited.withShard(new Selection.Shard(k, 3)).apply(all).forEach(s -> union.add(s.id()));
        }
        assertEquals(limited.apply(all).stream().map(Sample::id).collect(java.util.stream.Collectors.toSet()), union);
    }

    @Test
    void idsCategoriesAndLimit() {
        List<Sample> all = samples(10);
        assertEquals(List.of("img/0.png", "img/2.png"),
                Selection.ALL.withCategories(Set.of("happy")).withLimit(2).apply(all).stream().map(Sample::id).toList());
        assertEquals(List.of("img/3.png", "img/5.png"),
                Selection.ALL.withIds(Set.of("img/5.png", "img/3.png")).apply(all).stream().map(Sample::id).toList());
        assertThrows(IllegalArgumentException.class, () -> Selection.ALL.withIds(Set.of("nope")).apply(all));
        assertThrows(IllegalArgumentException.class, () -> Selection.ALL.withCategories(Set.of("fear")).apply(all));
    }

    @Test
    void shardParsing() {
        assertEquals(new Selection.Shard(2, 4), Selection.Shard.parse("2/4"));
        assertThrows(IllegalArgumentException.class, () -> Selection.Shard.parse("0/4"));
        assertThrows(IllegalArgumentException.class, () -> Selection.Shard.parse("5/4"));
        assertThrows(IllegalArgumentException.class, () -> Selection.Shard.parse("two"));
    }
}
