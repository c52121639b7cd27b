package org.eibench.engine.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerListTest {
    @Test
    void parsesNumberedListsWithWrappedLines() {
        assertEquals(Optional.of(List.of("A gift.", "A smile that lasts.")),
                TriggerList.parse("1. A gift.\n2. A smile\nthat lasts."));
    }

    @Test
    void dropsOnlyAnUnfinishedLastItem() {
        assertEquals(Optional.of(List.of("Crowd.", "Game.", "Event.")), TriggerList.parse("1. Crowd.\n2. Game.\n3. Event.\n4. "));
        assertTrue(TriggerList.parse("1. Crowd.\n2. \n3. Event.").isEmpty());
        assertTrue(TriggerList.parse("1. ").isEmpty());
    }

    @Test
    void rejectsListsThatDoNotStartAtOne() {
        assertTrue(TriggerList.parse("2. A.\n3. B.").isEmpty());
        assertTrue(TriggerList.parse("no numbers").isEmpty());
    }
}
