package org.eibench.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeJsonlTest {
    @TempDir
    Path dir;

    @Test
    void writesOneObjectPerLineAndReadsRepeatedImagesBack() throws Exception {
        List<JudgeLine> lines = List.of(
                new JudgeLine("EmoSet-118k/image/anger/anger_00189.jpg", "{score: 2/5} \"quoted\"\nnext line", false),
                new JudgeLine("EmoSet-118k/image/anger/anger_00189.jpg", "{score: 1/5} caf\u00e9", false));
        Path file = dir.resolve("judge.jsonl");
        JudgeJsonl.write(file, lines);
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, text.size());
        assertEquals("{\"EmoSet-118k/image/anger/anger_00189.jpg\":\"{score: 2/5} \\\"quoted\\\"\\nnext line\"}", text.get(0));
        assertEquals(lines, JudgeJsonl.read(file));
    }

    @Test
    void readsSeveralKeysOnOneLineInOrder() throws Exception {
        Path file = dir.resolve("judge.jsonl");
        Files.writeString(file, "{\"a.png\": \"{score: 1/2}\", \"b.png\": \"x\"}\n\n{\"c.png\": \"y\"}\n");
        assertEquals(List.of(new JudgeLine("a.png", "{score: 1/2}", false), new JudgeLine("b.png", "x", false),
                new JudgeLine("c.png", "y", false)), JudgeJsonl.read(file));
    }

    @Test
    void badLinesNameFileAndLine() throws Exception {
        Path file = dir.resolve("judge.jsonl");
        Files.writeString(file, "{\"a.png\": \"x\"}\n{\"b.png\": 3}\n");
        Exception e = assertThrows(java.io.IOException.class, () -> JudgeJsonl.read(file));
        assertEquals(file + ":2: the reply for b.png is not a string", e.getMessage());
        Files.writeString(file, "[1, 2]\n");
        e = assertThrows(java.io.IOException.class, () -> JudgeJsonl.read(file));
        assertTrue(e.getMessage().startsWith(file + ":1: expected"), e.getMessage());
    }
}
