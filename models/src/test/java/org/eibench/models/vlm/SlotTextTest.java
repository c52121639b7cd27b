package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A slot's per-token text ({@link Slot#appendPiece}, {@link Slot#findStop}) equals decoding all of its bytes at every
 * token, and finds a stop string where searching the whole text would: also when pieces split characters, carry
 * invalid UTF-8 or a stop string spans several pieces.
 */
class SlotTextTest {
    private static final List<String> STOPS = List.of("</s>", "USER:", "ü§", "###");

    @Test
    void incrementalTextAndStopsEqualAFullDecodeAtEveryToken() {
        // token-like pieces: stop fragments, whole and split multi-byte characters, invalid bytes
        byte[] cat = "猫".getBytes(StandardCharsets.UTF_8);
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        List<byte[]> fragments = List.of(utf8("US"), utf8("ER"), utf8(":"), utf8("</"), utf8("s"), utf8(">"),
                utf8("#"), utf8("##"), utf8("ü"), utf8("§"), utf8(" "), utf8("a b"), cat,
                Arrays.copyOfRange(cat, 0, 1), Arrays.copyOfRange(cat, 1, 3), Arrays.copyOfRange(emoji, 0, 2),
                Arrays.copyOfRange(emoji, 2, 4), new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[0]);
        Random random = new Random(17);
        int stopsFound = 0;
        for (int round = 0; round < 2000; round++) {
            Slot slot = new Slot(0);
            int pieces = 1 + random.nextInt(60);
            boolean stopped = false;
            for (int p = 0; p < pieces && !stopped; p++) {
                slot.appendPiece(fragments.get(random.nextInt(fragments.size())));
                String full = slot.text();
                assertEquals(full, slot.generatedText.toString(), "round " + round + " piece " + p);
                for (String stop : STOPS) {
                    int at = slot.findStop(stop);
                    assertEquals(full.indexOf(stop), at, "round " + round + " piece " + p + " stop " + stop);
                    if (at >= 0) {
                        stopped = true; // the generator finishes the slot at the first stop found
                        stopsFound++;
                        break;
                    }
                }
            }
            slot.release(true);
            assertEquals("", slot.generatedText.toString());
        }
        assertTrue(stopsFound > 200, "the random texts must reach stop strings often: " + stopsFound);
    }

    @Test
    void aStopStringSplitAcrossPiecesAndACharacterSplitAcrossPiecesAreFound() {
        Slot slot = new Slot(0);
        byte[] cat = "猫".getBytes(StandardCharsets.UTF_8);
        slot.appendPiece("A </".getBytes(StandardCharsets.UTF_8));
        slot.appendPiece(Arrays.copyOfRange(cat, 0, 2));
        assertEquals("A </\uFFFD", slot.generatedText.toString());
        slot.appendPiece(Arrays.copyOfRange(cat, 2, 3));
        assertEquals("A </猫", slot.generatedText.toString());
        assertEquals(-1, slot.findStop("</s>"));
        slot.appendPiece("</".getBytes(StandardCharsets.UTF_8));
        slot.appendPiece("s".getBytes(StandardCharsets.UTF_8));
        assertEquals(-1, slot.findStop("</s>"));
        slot.appendPiece(">".getBytes(StandardCharsets.UTF_8));
        assertEquals(5, slot.findStop("</s>"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
