package org.eibench.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.eibench.engine.judge.JudgeScore.Status;

/**
 * Fuzzes the judge score parser against the reference: the regex {@code \{score: (\d+)/\d+\}} of get_scores.py
 * applied directly (with Python 3's Unicode {@code \d}) and Python's {@code int()} of the digits, worked out here
 * with {@link BigInteger} so that no number is too large. The parser must never throw, must find a score exactly when
 * the reference regex does, and must return the reference's numbers.
 */
class JudgeScoreFuzzTest {
    private static final Pattern REFERENCE =
            Pattern.compile("\\{score: (\\d+)/\\d+\\}", Pattern.UNICODE_CHARACTER_CLASS);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** The zero of every decimal digit script Unicode has (ASCII, Arabic-Indic, ..., Mathematical, Osmanya). */
    private static final List<Integer> DIGIT_ZEROS = IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
            .filter(cp -> Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER && Character.digit(cp, 10) == 0)
            .boxed().toList();

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"{score: ", "/", "}", "{score: 3/4}", "\u0662", "\uD835\uDFCE", "99999999999999999999"})
    void parseAgreesWithTheReferenceRegex(FuzzedDataProvider data) {
        String reply = data.consumeRemainingAsString();
        JudgeScore score = JudgeScore.parse(reply);
        Matcher m = REFERENCE.matcher(reply);
        if (!m.find()) {
            assertEquals(new JudgeScore(Status.NO_SCORE, -1, -1), score);
            assertTrue(score.recall().isEmpty() && score.referenceRatio().isEmpty());
            return;
        }
        String match = m.group();
        BigInteger c = pythonInt(m.group(1));
        BigInteger t = pythonInt(match.substring(match.indexOf('/') + 1, match.length() - 1));
        assertEquals(expected(c, t), score, "parsing " + match);
        checkInvariants(score);
    }

    @FuzzTest(maxDuration = "60s")
    void renderedScoreParsesBack(FuzzedDataProvider data) {
        long total = data.consumeLong(1, Long.MAX_VALUE);
        long correct = data.consumeLong(0, total);
        int zero = DIGIT_ZEROS.get(data.consumeInt(0, DIGIT_ZEROS.size() - 1));
        String before = data.consumeString(40);
        String after = data.consumeRemainingAsString();
        if (REFERENCE.matcher(before).find() || REFERENCE.matcher(before + "{").find()) {
            return; // an earlier score in the text would rightly win
        }
        String reply = before + "{score: " + digits(correct, zero) + "/" + digits(total, zero) + "}" + after;
        JudgeScore score = JudgeScore.parse(reply);
        assertEquals(new JudgeScore(Status.VALID, correct, total), score, "parsing " + reply);
        checkInvariants(score);
    }

    private static JudgeScore expected(BigInteger c, BigInteger t) {
        if (c.compareTo(LONG_MAX) > 0 || t.compareTo(LONG_MAX) > 0) {
            return new JudgeScore(Status.MALFORMED, -1, -1);
        }
        boolean valid = t.signum() > 0 && c.compareTo(t) <= 0;
        return new JudgeScore(valid ? Status.VALID : Status.MALFORMED, c.longValueExact(), t.longValueExact());
    }

    private static void checkInvariants(JudgeScore score) {
        if (score.status() == Status.VALID) {
            assertTrue(0 <= score.correct() && score.correct() <= score.total() && score.total() > 0, score.toString());
            double recall = score.recall().orElseThrow();
            assertTrue(recall >= 0 && recall <= 1, score.toString());
            assertEquals(OptionalDouble.of(recall), score.referenceRatio());
        } else {
            assertTrue(score.recall().isEmpty(), score.toString());
        }
    }

    /** Python's {@code int()} of a string of Unicode decimal digits. */
    private static BigInteger pythonInt(String digits) {
        BigInteger value = BigInteger.ZERO;
        for (int cp : digits.codePoints().toArray()) {
            value = value.multiply(BigInteger.TEN).add(BigInteger.valueOf(Character.digit(cp, 10)));
        }
        return value;
    }

    private static String digits(long value, int zero) {
        StringBuilder sb = new StringBuilder();
        for (char d : Long.toString(value).toCharArray()) {
            sb.appendCodePoint(zero + (d - '0'));
        }
        return sb.toString();
    }
}
