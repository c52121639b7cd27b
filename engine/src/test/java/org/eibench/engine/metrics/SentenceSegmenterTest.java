package org.eibench.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSegmenterTest {

    @Test
    void numberedListItemsAreSentencesWithoutMarkers() {
        assertEquals(List.of("Concern.", "Hand on forehead.", "Facial expression of concern."),
                SentenceSegmenter.sentences("1. Concern.\n2. Hand on forehead.\n3. Facial expression of concern."));
        assertEquals(List.of("Loss", "Fear"), SentenceSegmenter.sentences("1) Loss\n2) Fear"));
    }

    @Test
    void inlineListsAreSplitAtTheirMarkers() {
        assertEquals(List.of("The reasons are:", "The dog is barking.", "The rain is falling."),
                SentenceSegmenter.sentences("The reasons are: 1. The dog is barking. 2. The rain is falling."));
    }

    @Test
    void abbreviationsDoNotEndSentences() {
        assertEquals(List.of("The woman looks sad.", "Mr. Smith, her neighbour, is comforting her."),
                SentenceSegmenter.sentences("The woman looks sad. Mr. Smith, her neighbour, is comforting her."));
        assertEquals(List.of("Her posture, e.g. the slumped shoulders, shows defeat.", "Dr. Lee (i.e. The doctor) agrees."),
                SentenceSegmenter.sentences("Her posture, e.g. the slumped shoulders, shows defeat. Dr. Lee (i.e. The doctor) agrees."));
    }

    @Test
    void decimalsDoNotEndSentences() {
        assertEquals(List.of("The score rose 3.5 points.", "It cost $2.50 in 2019."),
                SentenceSegmenter.sentences("The score rose 3.5 points. It cost $2.50 in 2019."));
    }

    @Test
    void bulletsMarkdownAndContinuationLines() {
        assertEquals(List.of("Crying child", "Broken toy", "Dark room"),
                SentenceSegmenter.sentences("- Crying child\n* Broken toy\n• Dark room"));
        assertEquals(List.of("Facial expression: she frowns.", "Overall, she seems upset."),
                SentenceSegmenter.sentences("**Facial expression**: she frowns.\n\nOverall, she seems upset."));
        assertEquals(List.of("A long trigger that continues here.", "Second."),
                SentenceSegmenter.sentences("1. A long trigger that\ncontinues here.\n2. Second."));
    }

    @Test
    void blankTextHasNoSentences() {
        assertEquals(List.of(), SentenceSegmenter.sentences(""));
        assertEquals(List.of(), SentenceSegmenter.sentences(" \n\n "));
        assertEquals(List.of(), SentenceSegmenter.sentences(null));
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
