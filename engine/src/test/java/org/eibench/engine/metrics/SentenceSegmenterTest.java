package org.eibench.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SentenceSegmenterTest {

    private static Stream<Arguments> sentenceCases() {
        return Stream.of(
                Arguments.of("numbered list items are sentences without markers",
                        "1. Concern.\n2. Hand on forehead.\n3. Facial expression of concern.",
                        List.of("Concern.", "Hand on forehead.", "Facial expression of concern.")),
                Arguments.of("numbered list items with parentheses", "1) Loss\n2) Fear", List.of("Loss", "Fear")),
                Arguments.of("inline lists are split at their markers",
                        "The reasons are: 1. The dog is barking. 2. The rain is falling.",
                        List.of("The reasons are:", "The dog is barking.", "The rain is falling.")),
                Arguments.of("a title abbreviation does not end a sentence",
                        "The woman looks sad. Mr. Smith, her neighbour, is comforting her.",
                        List.of("The woman looks sad.", "Mr. Smith, her neighbour, is comforting her.")),
                Arguments.of("e.g., i.e. and Dr. do not end sentences",
                        "Her posture, e.g. the slumped shoulders, shows defeat. Dr. Lee (i.e. The doctor) agrees.",
                        List.of("Her posture, e.g. the slumped shoulders, shows defeat.",
                                "Dr. Lee (i.e. The doctor) agrees.")),
                Arguments.of("decimals do not end sentences", "The score rose 3.5 points. It cost $2.50 in 2019.",
                        List.of("The score rose 3.5 points.", "It cost $2.50 in 2019.")),
                Arguments.of("bullets", "- Crying child\n* Broken toy\n• Dark room",
                        List.of("Crying child", "Broken toy", "Dark room")),
                Arguments.of("markdown emphasis and blank lines",
                        "**Facial expression**: she frowns.\n\nOverall, she seems upset.",
                        List.of("Facial expression: she frowns.", "Overall, she seems upset.")),
                Arguments.of("continuation lines join their item", "1. A long trigger that\ncontinues here.\n2. Second.",
                        List.of("A long trigger that continues here.", "Second.")),
                Arguments.of("empty text has no sentences", "", List.of()),
                Arguments.of("blank text has no sentences", " \n\n ", List.of()),
                Arguments.of("no text has no sentences", null, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sentenceCases")
    void sentences(String behaviour, String text, List<String> expected) {
        assertEquals(expected, SentenceSegmenter.sentences(text));
    }

    @Test
    void unitsPreferListItemsOverSentences() {
        assertEquals(List.of("Her dog died.", "She is crying. Tears run down."),
                SentenceSegmenter.units("She is sad.\n1. Her dog died.\n2. She is crying. Tears run down."));
        assertEquals(List.of("She is sad.", "Her dog died."), SentenceSegmenter.units("She is sad. Her dog died."));
        // one item is not a list: the sentences are the units
        assertEquals(List.of("Reason:", "Her dog died.", "She cries."), SentenceSegmenter.units("Reason:\n1. Her dog died. She cries."));
    }
}
