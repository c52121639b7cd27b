package org.eibench.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RecordComponentsTest {
    @Test
    void passesWhenEveryComponentIsPresent() {
        assertDoesNotThrow(() -> RecordComponents.requireNonNull("Pair", "left", "a", "right", 1));
    }

    @Test
    void namesTheRecordAndTheMissingComponent() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> RecordComponents.requireNonNull("Pair", "left", "a", "right", null));
        assertEquals("Pair: right is null", e.getMessage());
    }

    @Test
    void namesEveryMissingComponent() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> RecordComponents.requireNonNull("Triple", "a", null, "b", 2, "c", null));
        assertEquals("Triple: a, c are null", e.getMessage());
    }

    @Test
    void rejectsANameWithoutAValue() {
        assertThrows(IllegalArgumentException.class, () -> RecordComponents.requireNonNull("Pair", "left"));
    }
}
