package org.eibench.engine.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a text file line by line, decoding UTF-8 strictly and reporting each undecodable line. */
final class StrictUtf8 {
    /**
     * The decoded lines of a file.
     *
     * @param lines line texts without terminators; index i is line i+1
     * @param badLines 1-based numbers of lines that were not valid UTF-8 (decoded with U+FFFD for diagnostics)
     */
    record Lines(List<String> lines, List<Integer> badLines) {
        String joined() {
            return String.join("\n", lines);
        }

        boolean isBad(int lineNumber) {
            return badLines.contains(lineNumber);
        }
    }

    private StrictUtf8() {}

    /** Reads {@code file}; problems (missing file, bad bytes) go to {@code problems}; null when unreadable. */
    static Lines read(Path file, List<Problem> problems) {
        byte[] bytes;
        try {
            bytes = InputFiles.readText(file, "the annotation file");
        } catch (NoSuchFileException e) {
            problems.add(new Problem(file, 0, "file not found; point --eibench at the folder that holds the"
                    + " EIBench annotation files (EIBench/EI_Basic and EI_Complex of Lum1104/EIBench)"));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, 0, "cannot read: " + e.getMessage()));
            return null;
        }
        int start = hasBom(bytes) ? 3 : 0;
        List<String> lines = new ArrayList<>();
        List<Integer> bad = new ArrayList<>();
        while (start <= bytes.length) {
            int end = indexOf(bytes, (byte) '\n', start);
            int stop = end < 0 ? bytes.length : end;
            int contentEnd = stop > start && bytes[stop - 1] == '\r' ? stop - 1 : stop;
            if (end < 0 && start == bytes.length) {
                break; // file ends with a newline: no further line
            }
            ByteBuffer slice = ByteBuffer.wrap(bytes, start, contentEnd - start);
            int lineNumber = lines.size() + 1;
            try {
                lines.add(strict().decode(slice).toString());
            } catch (CharacterCodingException e) {
                int offset = firstBadByte(bytes, start, contentEnd);
                problems.add(new Problem(file, lineNumber, String.format(
                        "not valid UTF-8 (byte 0x%02X at column %d); re-save the file as UTF-8",
                        bytes[offset] & 0xff, offset - start + 1)));
                bad.add(lineNumber);
                lines.add(new String(bytes, start, contentEnd - start, StandardCharsets.UTF_8));
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return new Lines(lines, bad);
    }

    private static CharsetDecoder strict() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Finds the first byte that starts an undecodable sequence (by decoding growing prefixes). */
    private static int firstBadByte(byte[] bytes, int from, int to) {
        int good = from;
        for (int i = from + 1; i <= to; i++) {
            try {
                strict().decode(ByteBuffer.wrap(bytes, from, i - from));
                good = i;
            } catch (CharacterCodingException e) {
                if (i - good > 4) { // longer than any UTF-8 sequence: the byte at 'good' is bad
                    return good;
                }
            }
        }
        return Math.min(good, to - 1);
    }

    private static boolean hasBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
    }

    private static int indexOf(byte[] bytes, byte target, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }
}
