package org.eibench.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JudgePolicyTest {
    @Test
    void referencePolicyIsTheReferenceScriptsSampling() {
        JudgePolicy p = JudgePolicy.load("reference");
        assertEquals(new SamplingSettings(0.1, 0.9, 50, 512, Optional.empty()), p.sampling());
        assertEquals(5, p.maxAttempts());
        assertEquals("{score: ", p.requiredMarker());
        assertEquals("{score: 0/1}", p.fallbackReply());
    }

    @Test
    void markerIsComparedInLowerCaseLikeTheScripts() {
        JudgePolicy p = JudgePolicy.load("reference");
        assertTrue(p.accepts("blah {score: 2/5}"));
        assertTrue(p.accepts("{SCORE: 2/5}")); // accepted, though get_scores.py's regex will not match it
        assertFalse(p.accepts("{score:2/5}"));
    }

    @Test
    void grammarPolicyConstrainsTheStartOfTheReply() {
        JudgePolicy p = JudgePolicy.load("grammar");
        String grammar = p.sampling().grammar().orElseThrow();
        assertTrue(Pattern.compile("(?m)^root\\s+::= \"\\{score: \" correct \"/\" total \"\\}\" explanation$")
                .matcher(grammar).find(), grammar);
        assertEquals(0.1, p.temperature());
        assertEquals(0.9, p.topP());
        assertEquals(50, p.topK());
        assertEquals(512, p.maxNewTokens());
    }

    @Test
    void unknownPolicyNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JudgePolicy.load("greedy"));
        assertEquals("unknown judge policy 'greedy'; choose one of [reference, grammar]", e.getMessage());
    }
}
