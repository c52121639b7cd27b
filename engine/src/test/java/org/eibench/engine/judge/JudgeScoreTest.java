package org.eibench.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.eibench.engine.judge.JudgeScore.Status;
import org.junit.jupiter.api.Test;

class JudgeScoreTest {
    @Test
    void validScoreGivesItsRatio() {
        JudgeScore s = JudgeScore.parse("{score: 3/4} The record names three of four triggers.");
        assertEquals(new JudgeScore(Status.VALID, 3, 4), s);
        assertEquals(OptionalDouble.of(0.75), s.recall());
        assertEquals(OptionalDouble.of(0.75), s.referenceRatio());
    }

    @Test
    void firstMatchWinsAsInPythonsSearch() {
        assertEquals(new JudgeScore(Status.VALID, 1, 3), JudgeScore.parse("first {score: 1/3} then {score: 3/3}"));
    }

    @Test
    void patternIsExactlyTheReferences() {
        assertEquals(Status.NO_SCORE, JudgeScore.parse("{Score: 2/5}").status()); // case-sensitive
        assertEquals(Status.NO_SCORE, JudgeScore.parse("{score:2/5}").status()); // the space is required
        assertEquals(Status.NO_SCORE, JudgeScore.parse("{score: 2 / 5}").status());
        assertEquals(Status.NO_SCORE, JudgeScore.parse("{score: correct/total}").status());
        assertEquals(Status.NO_SCORE, JudgeScore.parse("score: 2/5").status());
        assertEquals(Status.NO_SCORE, JudgeScore.parse("").status());
        assertEquals(new JudgeScore(Status.VALID, 2, 5), JudgeScore.parse("{{score: 2/5}}"));
    }

    @Test
    void unicodeDigitsMatchAsPython3Does() {
        // Arabic-Indic 2 and 5: Python's \d and int() accept them
        assertEquals(new JudgeScore(Status.VALID, 2, 5), JudgeScore.parse("{score: \u0662/\u0665}"));
    }

    @Test
    void digitsBeyondTheBasicPlaneMatchAsPython3Does() {
        // fuzz finding (JudgeScoreFuzzTest#renderedScoreParsesBack): Brahmi and Mathematical digits are \d in Python and
        // Java's regex, but Long.parseLong refused them, so a score in them came back MALFORMED
        assertEquals(new JudgeScore(Status.VALID, 2, 5), JudgeScore.parse("{score: \uD804\uDC68/\uD804\uDC6B}"));
        assertEquals(new JudgeScore(Status.VALID, 10, 12), JudgeScore.parse("{score: \uD835\uDFCF\uD835\uDFCE/1\uD835\uDFD0}"));
    }

    @Test
    void moreCorrectThanTotalIsMalformedButKeepsTheReferenceRatio() {
        JudgeScore s = JudgeScore.parse("{score: 5/4}");
        assertEquals(new JudgeScore(Status.MALFORMED, 5, 4), s);
        assertTrue(s.recall().isEmpty());
        assertEquals(OptionalDouble.of(1.25), s.referenceRatio());
    }

    @Test
    void zeroTotalIsMalformedWithoutAnyRatio() {
        JudgeScore s = JudgeScore.parse("{score: 0/0}");
        assertEquals(new JudgeScore(Status.MALFORMED, 0, 0), s);
        assertTrue(s.recall().isEmpty());
        assertTrue(s.referenceRatio().isEmpty());
    }

    @Test
    void numbersBeyondALongAreMalformed() {
        assertEquals(new JudgeScore(Status.MALFORMED, -1, -1), JudgeScore.parse("{score: 99999999999999999999/3}"));
    }

    @Test
    void noMatchHasNoRatio() {
        JudgeScore s = JudgeScore.parse("I think the record is good.");
        assertEquals(new JudgeScore(Status.NO_SCORE, -1, -1), s);
        assertTrue(s.recall().isEmpty());
        assertTrue(s.referenceRatio().isEmpty());
    }
}
