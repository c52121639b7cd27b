package org.eibench.engine.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eibench.engine.run.AtomicFiles;
import org.eibench.models.json.JsonMappers;

/**
 * judge.jsonl as the reference judge scripts write it: one {@code {"<image path>": "<judge reply>"}} object per line,
 * in sample order, so the reference get_scores.py and get_scores_complex.py read it unchanged.
 *
 * <p>An image path repeats on several lines in EI Complex (one line per question). Reading accepts any number of
 * keys per line and takes them in order, as the reference's {@code data.items()} loop does.
 */
public final class JudgeJsonl {
    private static final ObjectMapper JSON = JsonMappers.create();

    private JudgeJsonl() {}

    /** Writes the whole file atomically (a crash leaves the previous file or none, never half of this one). */
    public static void write(Path file, Collection<JudgeLine> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JudgeLine line : lines) {
            text.append(JSON.writeValueAsString(Map.of(line.image(), line.reply()))).append('\n');
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static List<JudgeLine> read(Path file) throws IOException {
        List<JudgeLine> out = new ArrayList<>();
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < text.size(); n++) {
            if (text.get(n).isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text.get(n));
            } catch (JsonProcessingException e) {
                throw new IOException(file + ":" + (n + 1) + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new IOException(file + ":" + (n + 1) + ": expected {\"<image path>\": \"<judge reply>\"}");
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new IOException(file + ":" + (n + 1) + ": the reply for " + e.getKey() + " is not a string");
                }
                out.add(new JudgeLine(e.getKey(), e.getValue().textValue(), false));
            }
        }
        return out;
    }
}
