package org.eibench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eibench.engine.judge.JudgeScore;
import org.eibench.kernels.similarity.SimilarityMatrix;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * Runs every benchmark the JMH annotation processor listed once, outside JMH, for every combination of its
 * {@code @Param} values: setups (trial, iteration, invocation), one call, teardowns. A broken benchmark then fails
 * {@code mvn verify} in seconds instead of failing a long JMH run.
 */
class BenchmarkSetupTest {

    @TestFactory
    Stream<DynamicTest> everyListedBenchmarkRunsOnce() throws IOException {
        List<BenchmarkListEntry> entries;
        try (InputStream in = BenchmarkSetupTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertNotNull(in, "META-INF/BenchmarkList is missing: JMH's annotation processor did not run");
            entries = BenchmarkList.readBenchmarkList(in);
        }
        assertFalse(entries.isEmpty(), "no benchmarks listed");
        return entries.stream().flatMap(entry -> {
            Class<?> type = load(entry.getUserClassQName());
            String methodName = entry.getUsername().substring(entry.getUsername().lastIndexOf('.') + 1);
            return paramCombinations(type).stream().map(params -> DynamicTest.dynamicTest(
                    type.getSimpleName() + "." + methodName + " " + params,
                    () -> assertNotNull(runOnce(type, methodName, params), "the benchmark returned null")));
        });
    }

    @Test
    void kernelsAgreeOnOnePair() throws Exception {
        SimilarityMatrix java = (SimilarityMatrix) runOnce(SimilarityBenchmark.class, "singlePair",
                Map.of("kernel", "java", "triggers", "10", "units", "40"));
        SimilarityMatrix nd4j = (SimilarityMatrix) runOnce(SimilarityBenchmark.class, "singlePair",
                Map.of("kernel", "nd4j", "triggers", "10", "units", "40"));
        assertEquals(10, java.rows());
        assertEquals(40, java.cols());
        for (int i = 0; i < java.values().length; i++) {
            assertEquals(java.values()[i], nd4j.values()[i], 1e-5, "cell " + i);
        }
    }

    @Test
    void judgeRepliesCarryTheScoreTheyShould() {
        JudgeScoreBenchmark mixed = new JudgeScoreBenchmark();
        mixed.replies = "mixed";
        mixed.setUp();
        for (int i = 0; i < 10; i++) {
            assertEquals(JudgeScore.Status.VALID, mixed.parse().status());
        }
        JudgeScoreBenchmark none = new JudgeScoreBenchmark();
        none.replies = "no_score";
        none.setUp();
        assertEquals(JudgeScore.Status.NO_SCORE, none.parse().status());
    }

    @Test
    void generatedGroundTruthsParseLikeTheRealOnes() {
        GroundTruths generated = GroundTruths.load("generated");
        assertEquals(GroundTruths.BASIC_SAMPLES, generated.texts().size());
        double mean = Arrays.stream(generated.triggerCounts()).average().orElseThrow();
        assertTrue(mean > 4.0 && mean < 5.2, "mean triggers per list " + mean + ", real data has 4.6");
        assertTrue(Arrays.stream(generated.triggerCounts()).allMatch(n -> n >= 2 && n <= 11));
        TextSplitBenchmark text = new TextSplitBenchmark();
        text.corpus = "generated";
        text.setUp();
        for (int i = 0; i < GroundTruths.BASIC_SAMPLES; i++) {
            assertTrue(text.triggerListParse().isPresent(), "generated list " + i + " does not parse");
        }
    }

    @Test
    void resumeFindsEveryRecord() throws Exception {
        assertEquals(GroundTruths.BASIC_SAMPLES, runOnce(RecordReadBenchmark.class, "resumeOpenPerRecord",
                Map.of("mode", "user")));
        Object read = runOnce(RecordReadBenchmark.class, "readPerRecord", Map.of("mode", "cfsa"));
        assertEquals(GroundTruths.BASIC_SAMPLES, ((Map<?, ?>) read).size());
    }

    /** Instantiates, sets the params, runs all setups, calls the benchmark method once, runs all teardowns. */
    static Object runOnce(Class<?> type, String methodName, Map<String, String> params) throws Exception {
        Object bench = type.getConstructor().newInstance();
        for (Map.Entry<String, String> p : params.entrySet()) {
            setParam(bench, type.getField(p.getKey()), p.getValue());
        }
        Method method = type.getMethod(methodName);
        List<Method> setups = annotated(type, Setup.class);
        List<Method> teardowns = annotated(type, TearDown.class);
        for (Level level : Level.values()) {
            invokeAll(bench, setups, level); // a failing setup fails the test; there is nothing to tear down yet
        }
        try {
            return invoke(bench, method);
        } finally {
            for (Level level : List.of(Level.Invocation, Level.Iteration, Level.Trial)) {
                invokeAll(bench, teardowns, level);
            }
        }
    }

    private static List<Map<String, String>> paramCombinations(Class<?> type) {
        List<Map<String, String>> combos = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Field f : type.getFields()) {
            Param param = f.getAnnotation(Param.class);
            if (param == null) {
                continue;
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (String value : param.value()) {
                    Map<String, String> extended = new LinkedHashMap<>(combo);
                    extended.put(f.getName(), value);
                    next.add(extended);
                }
            }
            combos = next;
        }
        return combos;
    }

    private static List<Method> annotated(Class<?> type, Class<? extends java.lang.annotation.Annotation> a) {
        return Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(a)).toList();
    }

    private static void invokeAll(Object bench, List<Method> methods, Level level) throws Exception {
        for (Method m : methods) {
            Level declared = m.isAnnotationPresent(Setup.class) ? m.getAnnotation(Setup.class).value()
                    : m.getAnnotation(TearDown.class).value();
            if (declared == level) {
                invoke(bench, m);
            }
        }
    }

    private static Object invoke(Object bench, Method m) throws Exception {
        if (m.getParameterCount() != 0) {
            throw new AssertionError(m + " takes parameters; benchmarks here return their result instead of taking a"
                    + " Blackhole or state objects, so that this test can call them");
        }
        try {
            return m.invoke(bench);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static void setParam(Object bench, Field f, String value) throws IllegalAccessException {
        if (f.getType() == int.class) {
            f.setInt(bench, Integer.parseInt(value));
        } else {
            f.set(bench, value);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("BenchmarkList names " + name + ", which is not on the test classpath", e);
        }
    }
}
