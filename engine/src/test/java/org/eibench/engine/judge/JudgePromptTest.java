package org.eibench.engine.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eibench.models.chat.ChatMessage;
import org.junit.jupiter.api.Test;

class JudgePromptTest {
    // The reference scripts' text (llama3-eval.py and llama3-eval-complex.py), written out here on purpose.
    private static final String SYSTEM = "You are a helpful and precise assistant for checking the quality of the answer."
            + " Only say the content user wanted.";
    private static final String BASIC = "Your task is to assess a record aimed at comprehend an emotion and compare it"
            + " against the truth label. Determine the number of potential triggers identified correctly versus those"
            + " missed. Please provide your assessment in the format: {score: correct/total}, e.g. {score: 2/5} for 2"
            + " correct and 5 in total. And include an explanation of your assessment."
            + " The record is below:\n\nRecord of comprehension:\n{answer}. Here is the ground truth label:\n\n"
            + "Ground Truth:\n{ground truth}\n\nYour Assessment:";
    private static final String COMPLEX = "Your task is to assess a record aimed at comprehending an emotion and compare"
            + " it against the truth label. Determine the number of potential triggers identified correctly versus those"
            + " missed. Please provide your assessment in the format: {score: correct/total}, e.g. {score: 2/5} for 2"
            + " correct and 5 in total. And include an explanation of your assessment."
            + " The record is below:\n\nRecord of comprehension:\n{answer}. Here is the ground truth label:\n\n"
            + "Ground Truth:\n{ground truth}\n\nYour Assessment:";

    @Test
    void resourcesEqualTheReferenceTextByteForByte() {
        JudgePrompt basic = JudgePrompt.load("basic");
        JudgePrompt complex = JudgePrompt.load("complex");
        assertArrayEquals(SYSTEM.getBytes(StandardCharsets.UTF_8), basic.system().getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(SYSTEM.getBytes(StandardCharsets.UTF_8), complex.system().getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(BASIC.getBytes(StandardCharsets.UTF_8), basic.userTemplate().getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(COMPLEX.getBytes(StandardCharsets.UTF_8), complex.userTemplate().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fillsBothPlaceholdersAndKeepsTheLiteralScoreBraces() {
        String answer = "1. The smile.\n2. The cake.";
        String truth = "1. Smiling.\n2. Birthday cake.\n3. Friends";
        String expected = BASIC.replace("{answer}", answer).replace("{ground truth}", truth);
        List<ChatMessage> messages = JudgePrompt.load("basic").messages(answer, truth);
        assertEquals(List.of(ChatMessage.system(SYSTEM), ChatMessage.user(expected)), messages);
        assertEquals(true, messages.get(1).content().contains("{score: correct/total}, e.g. {score: 2/5}"));
    }

    @Test
    void placeholderTextInsideAnAnswerIsNotSubstitutedAgain() {
        String answer = "I cannot see {ground truth} or $1 \\ {score: 9/9}";
        String user = JudgePrompt.load("complex").userMessage(answer, "1. Rain");
        assertEquals(COMPLEX.replace("{answer}", "@A@").replace("{ground truth}", "1. Rain").replace("@A@", answer), user);
    }

    @Test
    void unknownBenchmarkNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JudgePrompt.load("video"));
        assertEquals("no judge prompt for benchmark 'video'; choose one of [basic, complex]", e.getMessage());
    }
}
