package org.eibench.models.scorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the committed tiny random-weight TorchScript BERT (data/fixtures/tiny-bert-torchscript) through the PyTorch
 * engine and compares its [CLS] vectors with the double-precision reference that make_fixture.py computed.
 */
class BertCheckpointEncoderTest {
    /** float32 in libtorch against double in Python, through two layers of hidden size 32. */
    private static final double TOLERANCE = 1e-4;

    private static Path dir;
    private static JsonNode reference;
    private static SentenceEncoder encoder;

    static Path fixture() {
        String repo = System.getProperty("eibench.repo.dir", Path.of("..").toAbsolutePath().normalize().toString());
        Path d = Path.of(repo, "data", "fixtures", "tiny-bert-torchscript");
        assertTrue(Files.isRegularFile(d.resolve("model.pt")), "committed fixture missing at " + d);
        return d;
    }

    @BeforeAll
    static void open() throws IOException {
        dir = fixture();
        reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        encoder = SentenceEncoders.open("bert:" + dir);
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
    }

    private static List<String> sentences() {
        List<String> out = new ArrayList<>();
        reference.get("sentences").forEach(s -> out.add(s.get("text").asText()));
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    @Test
    void tokenizerGivesTheReferenceIds() throws IOException {
        try (HuggingFaceTokenizer tokenizer = Tokenizers.load(dir.resolve("tokenizer.json"), BertCheckpointEncoder.MAX_TOKENS)) {
            for (JsonNode s : reference.get("sentences")) {
                Encoding e = tokenizer.encode(s.get("text").asText());
                assertArrayEquals(longs(s.get("ids")), e.getIds(), s.get("text").asText());
                long[] ones = new long[e.getIds().length];
                Arrays.fill(ones, 1);
                assertArrayEquals(ones, e.getAttentionMask());
                assertArrayEquals(new long[e.getIds().length], e.getTypeIds());
            }
        }
    }

    @Test
    void clsVectorsMatchTheReference() {
        assertEquals(reference.get("hidden").asInt(), encoder.dimension());
        assertEquals("bert:" + dir.toAbsolutePath().normalize(), encoder.name());
        for (JsonNode s : reference.get("sentences")) {
            float[] cls = encoder.encode(List.of(s.get("text").asText()), Pooling.CLS)[0];
            assertArrayEquals(floats(s.get("cls")), cls, (float) TOLERANCE, s.get("text").asText());
        }
    }

    @Test
    void paddedBatchGivesTheVectorsOfSentencesAlone() {
        List<String> sentences = sentences(); // 9, 8, 16 and 8 tokens: the short ones are padded in the batch
        for (Pooling pooling : Pooling.values()) {
            float[][] together = encoder.encode(sentences, pooling);
            for (int i = 0; i < sentences.size(); i++) {
                float[] alone = encoder.encode(List.of(sentences.get(i)), pooling)[0];
                assertArrayEquals(alone, together[i], 1e-5f, pooling + " sentence " + i);
                if (pooling == Pooling.CLS) {
                    float[] expected = floats(reference.get("sentences").get(i).get("cls"));
                    assertArrayEquals(expected, together[i], (float) TOLERANCE, "batched sentence " + i);
                }
            }
        }
    }

    @Test
    void meanPoolingGivesUnitVectors() {
        for (float[] v : encoder.encode(sentences(), Pooling.MEAN_L2)) {
            double sumSq = 0;
            for (float x : v) {
                sumSq += x * x;
            }
            assertEquals(1.0, Math.sqrt(sumSq), 1e-5);
        }
    }

    @Test
    void onlyPtFileUnderAnotherNameIsUsed(@TempDir Path tmp) throws IOException {
        Files.copy(dir.resolve("model.pt"), tmp.resolve("tiny-bert.pt"));
        Files.copy(dir.resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        JsonNode first = reference.get("sentences").get(0);
        try (BertCheckpointEncoder other = BertCheckpointEncoder.open(tmp)) {
            float[] cls = other.encode(List.of(first.get("text").asText()), Pooling.CLS)[0];
            assertArrayEquals(floats(first.get("cls")), cls, (float) TOLERANCE);
        }
    }
}
