package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real EIBench files load without a single problem and have the published counts. */
class EibenchDatasetRealFilesTest {
    @Test
    void basicHas1615SamplesInFourCategories() throws DatasetException {
        List<Sample> basic = EibenchDataset.load(SharedData.eibenchDir(), Benchmark.BASIC);
        assertEquals(1615, basic.size());
        Map<String, Long> perCategory = new TreeMap<>(basic.stream()
                .collect(Collectors.groupingBy(Sample::category, Collectors.counting())));
        assertEquals(Map.of("happy", 91L, "angry", 342L, "sad", 462L, "excited", 720L), perCategory);
        assertEquals(1615, basic.stream().map(Sample::id).distinct().count());
        assertTrue(basic.stream().allMatch(s -> s.triggers().size() >= 2 && s.triggers().size() <= 10),
                "the README says lists hold 2 to 10 triggers");
        for (int i = 0; i < basic.size(); i++) {
            assertEquals(i, basic.get(i).ordinal());
        }
    }

    @Test
    void complexHas50QuestionsOver23Images() throws DatasetException {
        Path dir = SharedData.eibenchDir();
        List<Sample> complex = EibenchDataset.load(dir, Benchmark.COMPLEX);
        assertEquals(50, complex.size());
        assertEquals(23, complex.stream().map(Sample::imageKey).distinct().count());
        assertEquals(50, complex.stream().map(Sample::id).distinct().count());
        assertEquals("EmoSet-118k/image/anger/anger_00189.jpg#1", complex.get(0).id());
        assertEquals("EmoSet-118k/image/anger/anger_00189.jpg#2", complex.get(1).id());
        assertEquals("anger", complex.get(0).category());
        assertTrue(complex.stream().allMatch(s -> !s.triggers().isEmpty()));
        assertEquals(Set.of("anger", "contentment", "excitement", "fear", "sadness"),
                complex.stream().map(Sample::category).collect(Collectors.toSet()));
    }

    @Test
    void idsAreStableAcrossLoads() throws DatasetException {
        Path dir = SharedData.eibenchDir();
        assertEquals(EibenchDataset.load(dir, Benchmark.COMPLEX), EibenchDataset.load(dir, Benchmark.COMPLEX));
    }
}
