package org.eibench.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eibench.engine.judge.JudgeScore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link JudgeScore#parse} per judge reply. {@code mixed}: 1615 replies, half with the score first and half with it
 * after the explanation, as judges answer; {@code no_score}: replies without a score, where the pattern scans it all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JudgeScoreBenchmark {
    @Param({"mixed", "no_score"})
    public String replies;

    private String[] texts;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(5);
        texts = new String[GroundTruths.BASIC_SAMPLES];
        for (int i = 0; i < texts.length; i++) {
            int total = 2 + random.nextInt(9);
            texts[i] = switch (replies) {
                case "mixed" -> Phrases.judgeReply(random.nextInt(total + 1), total, i % 2 == 0, random);
                case "no_score" -> Phrases.judgeReplyWithoutScore(random);
                default -> throw new IllegalArgumentException("replies must be mixed or no_score, got " + replies);
            };
        }
    }

    @Benchmark
    public JudgeScore parse() {
        String reply = texts[next];
        next = (next + 1) % texts.length;
        return JudgeScore.parse(reply);
    }
}
