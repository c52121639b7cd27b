package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unified KV layout ({@link KvLayout#UNIFIED}) end to end on the tiny fixture, with the CFSA-shaped requests of
 * {@link PrefixCacheIdentityTest} (two to four of its samples): cached prefixes are shared by partial copies within the one
 * buffer, whose size is the running sequences' cells plus the cache's, and what stays identical is pinned. What does
 * not: with more than one sequence, cells of a sequence sit among the others' at indices that depend on the schedule,
 * so logits differ in their last bits from the per-sequence layout's (docs/performance.md counts it on 100 samples).
 */
class UnifiedKvLayoutTest {
    private static final Set<String> SAMPLES = Set.of("sample-0", "sample-1", "sample-2", "sample-3");
    private static final int CELLS_PER_SEQUENCE = 1024;
    private static final int CACHE_CELLS = 8 * 1024;

    private static List<List<GenerationRequest>> rounds(Path dir, Set<String> samples) throws IOException {
        return PrefixCacheIdentityTest.rounds(dir).stream()
                .map(round -> round.stream().filter(request -> samples.contains(request.group())).toList())
                .toList();
    }

    private static VlmSpec.Builder unified(int parallel) {
        return TinyLlava.spec().optParallel(parallel).optContextSize(parallel * CELLS_PER_SEQUENCE)
                .optKvLayout(KvLayout.UNIFIED);
    }

    @Test
    void cachedPrefixesAreSharedInOneBufferAndTheSameScheduleAnswersTheSameTwice(@TempDir Path dir)
            throws IOException {
        List<List<GenerationRequest>> rounds = rounds(dir, SAMPLES);
        long cell = PrefixCacheIdentityTest.tinyBytesPerCell();
        List<DecodeOutcome> first;
        WorkCounts with;
        try (VisionLanguageModel vlm = VisionLanguageModel.load(unified(3).optPrefixCache(CACHE_CELLS * cell)
                .build())) {
            assertEquals(3 * CELLS_PER_SEQUENCE + CACHE_CELLS, vlm.kvCells(),
                    "the cache is cells in the one buffer, not streams of 1024 cells each");
            first = PrefixCacheIdentityTest.run(vlm, rounds);
            with = vlm.batchGenerator().stats().work();
        }
        assertTrue(with.prefixesCached() >= SAMPLES.size(), "prefixes were cached: " + with);
        assertTrue(with.cacheCopies() >= SAMPLES.size(), "cached prefixes were copied back: " + with);
        assertEquals(with.distinctImages() * 3, with.imagePrefills(),
                "each image is prefilled once per stage instruction before it, as per sequence: " + with);
        WorkCounts without;
        try (VisionLanguageModel vlm = VisionLanguageModel.load(unified(3).optPrefixCache(0).build())) {
            assertEquals(first.size(), PrefixCacheIdentityTest.run(vlm, rounds).size());
            without = vlm.batchGenerator().stats().work();
        }
        assertEquals(0, without.prefixesCached());
        assertTrue(with.promptPositionsDecoded() < without.promptPositionsDecoded(), with + " vs " + without);
        try (VisionLanguageModel vlm = VisionLanguageModel.load(unified(3).optPrefixCache(CACHE_CELLS * cell)
                .build())) {
            assertEquals(first, PrefixCacheIdentityTest.run(vlm, rounds),
                    "the same requests in the same order place the cells alike: the same bits again");
        }
    }

    @Test
    void oneSequenceWithoutReuseIsBitIdenticalToThePerSequenceLayout(@TempDir Path dir) throws IOException {
        List<List<GenerationRequest>> rounds = rounds(dir, Set.of("sample-0", "sample-1"));
        List<DecodeOutcome> perSequence;
        try (VisionLanguageModel vlm = VisionLanguageModel.load(TinyLlava.spec().optParallel(1)
                .optPrefixReuse(false).build())) {
            perSequence = PrefixCacheIdentityTest.run(vlm, rounds);
        }
        try (VisionLanguageModel vlm = VisionLanguageModel.load(unified(1).optPrefixReuse(false).build())) {
            assertEquals(perSequence, PrefixCacheIdentityTest.run(vlm, rounds),
                    "one sequence's cells sit at its positions in either layout");
        }
    }
}
