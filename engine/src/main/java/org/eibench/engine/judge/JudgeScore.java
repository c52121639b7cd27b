package org.eibench.engine.judge;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {score: C/T}} a judge reply contains, found as the reference get_scores.py finds it.
 *
 * <p>The pattern is the reference's {@code \{score: (\d+)/\d+\}} with a second group for T; the first match
 * counts. {@code \d} matches Unicode digits, as in Python 3. A match with C &gt; T or T = 0 (or numbers too large
 * for a long) is {@link Status#MALFORMED}: it is recorded, never clamped.
 *
 * @param status whether a usable score was found
 * @param correct C, the triggers the judge found in the answer (-1 when absent or unreadable)
 * @param total T, the triggers in the ground truth as the judge counted them (-1 when absent or unreadable)
 */
public record JudgeScore(Status status, long correct, long total) {
    /** Whether and how a reply carried a score. */
    public enum Status {
        /** {@code {score: C/T}} with 0 &lt;= C &lt;= T and T &gt; 0. */
        VALID,
        /** The pattern matched but C &gt; T, T = 0, or a number does not fit a long. */
        MALFORMED,
        /** The pattern did not match. */
        NO_SCORE
    }

    private static final Pattern SCORE =
            Pattern.compile("\\{score: (\\d+)/(\\d+)\\}", Pattern.UNICODE_CHARACTER_CLASS);

    /** Finds the first score in a reply. */
    public static JudgeScore parse(String reply) {
        Matcher m = SCORE.matcher(reply);
        if (!m.find()) {
            return new JudgeScore(Status.NO_SCORE, -1, -1);
        }
        long c = decimal(m.group(1));
        long t = decimal(m.group(2));
        if (c < 0 || t < 0) {
            return new JudgeScore(Status.MALFORMED, -1, -1);
        }
        return new JudgeScore(t == 0 || c > t ? Status.MALFORMED : Status.VALID, c, t);
    }

    /**
     * The value of a run of Unicode decimal digits as Python's {@code int()} reads it, or -1 when it does not fit a
     * long. By code point: {@link Long#parseLong} reads chars and refuses digits outside the BMP (e.g. U+1D7CE).
     */
    private static long decimal(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); ) {
            int cp = digits.codePointAt(i);
            i += Character.charCount(cp);
            try {
                value = Math.addExact(Math.multiplyExact(value, 10), Character.digit(cp, 10));
            } catch (ArithmeticException tooLong) {
                return -1;
            }
        }
        return value;
    }

    /** C / T for a valid score. */
    public OptionalDouble recall() {
        return status == Status.VALID ? OptionalDouble.of((double) correct / total) : OptionalDouble.empty();
    }

    /**
     * C / T as get_scores.py computes it: any match with T &gt; 0, so C &gt; T gives a ratio above 1. Empty without a
     * match, and for T = 0, where the reference script stops with ZeroDivisionError.
     */
    public OptionalDouble referenceRatio() {
        return correct >= 0 && total > 0 ? OptionalDouble.of((double) correct / total) : OptionalDouble.empty();
    }
}
