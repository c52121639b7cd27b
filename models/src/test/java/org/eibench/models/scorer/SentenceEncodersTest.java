package org.eibench.models.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoder specifications and the BERT checkpoint path's errors; BertCheckpointEncoderTest runs a real TorchScript model. */
class SentenceEncodersTest {

    @Test
    void unknownSpecificationsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SentenceEncoders.open("gpt"));
        assertTrue(e.getMessage().contains("'minilm' or 'bert:<folder>'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SentenceEncoders.open("bert:"));
    }

    @Test
    void missingFolderIsNamed(@TempDir Path tmp) {
        Path missing = tmp.resolve("bert-base-uncased");
        EncoderException e = assertThrows(EncoderException.class, () -> SentenceEncoders.open("bert:" + missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void folderWithoutModelIsExplained(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("tokenizer.json"), "{}");
        EncoderException e = assertThrows(EncoderException.class, () -> BertCheckpointEncoder.open(tmp));
        assertTrue(e.getMessage().contains("no TorchScript model"), e.getMessage());
    }

    @Test
    void folderWithoutTokenizerIsExplained(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("model.pt"), new byte[] {1, 2, 3});
        EncoderException e = assertThrows(EncoderException.class, () -> BertCheckpointEncoder.open(tmp));
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
    }

    @Test
    void modelFileChoice(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("b.pt"), new byte[0]);
        assertEquals(tmp.resolve("b.pt"), BertCheckpointEncoder.findModelFile(tmp));
        Files.write(tmp.resolve("a.pt"), new byte[0]);
        EncoderException e = assertThrows(EncoderException.class, () -> BertCheckpointEncoder.findModelFile(tmp));
        assertTrue(e.getMessage().contains("several"), e.getMessage());
        Files.write(tmp.resolve("model.pt"), new byte[0]);
        assertEquals(tmp.resolve("model.pt"), BertCheckpointEncoder.findModelFile(tmp));
    }

    @Test
    void theWeightsDigestIsTheModelFilesSha256WithoutLoadingIt(@TempDir Path tmp) throws IOException {
        // "abc" has the SHA-256 of FIPS 180-2's example; these bytes are no TorchScript model, so nothing was loaded
        Files.writeString(tmp.resolve("model.pt"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                SentenceEncoders.weightsSha256("bert:" + tmp));
        assertEquals(MiniLm.MODEL_SHA256, SentenceEncoders.weightsSha256("minilm"));
        assertEquals(MiniLm.MODEL_SHA256, SentenceEncoders.weightsSha256(null));
        assertThrows(IllegalArgumentException.class, () -> SentenceEncoders.weightsSha256("glove"));
    }
}
