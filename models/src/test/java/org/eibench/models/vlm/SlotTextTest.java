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
        byte[] alphabet = concat("USER: a</s>b ### ü§ 猫 😀 x".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xE2, (byte) 0x82, (byte) 0xFF, (byte) 0xC0, (byte) 0x80});
        Random random = new Random(17);
        int stopsFound = 0;
        for (int round = 0; round < 2000; round++) {
            Slot slot = new Slot(0);
            int pieces = 1 + random.nextInt(40);
            boolean stopped = false;
            for (int p = 0; p < pieces && !stopped; p++) {
                byte[] piece = new byte[random.nextInt(4)];
                for (int i = 0; i < piece.length; i++) {
                    piece[i] = alphabet[random.nextInt(alphabet.length)];
                }
                slot.appendPiece(piece);
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
        assertTrue(stopsFound > 100, "the random texts must reach stop strings often: " + stopsFound);
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

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
