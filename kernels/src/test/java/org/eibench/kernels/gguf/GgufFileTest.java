package org.eibench.kernels.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads the real tiny LLaVA pair; expected values come from gguf-py's reader of the pinned llama.cpp source. */
class GgufFileTest {

    @Test
    void anUnchangedFileIsParsedOnceAndAChangedOneAgain(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path copy = java.nio.file.Files.copy(GgufFixtures.textModel(), tmp.resolve("model.gguf"));
        long before = GgufFile.parseCount();
        GgufFile first = GgufFile.read(copy);
        assertTrue(first == GgufFile.read(copy), "the second read returns the header already parsed");
        assertEquals(1, GgufFile.parseCount() - before);
        byte[] bytes = java.nio.file.Files.readAllBytes(copy);
        java.nio.file.Files.write(copy, java.util.Arrays.copyOf(bytes, bytes.length + 32));
        assertEquals(bytes.length + 32L, GgufFile.read(copy).fileSize(), "another size is another file");
        assertEquals(2, GgufFile.parseCount() - before);
    }

    @Test
    void readsTheTextModelHeader() throws Exception {
        GgufFile f = GgufFile.read(GgufFixtures.textModel());
        assertEquals(3, f.version());
        assertEquals(29, f.metadata().size());
        assertEquals(21, f.tensors().size());
        assertEquals(32, f.alignment());
        assertEquals("llama", f.architecture());
        assertEquals(256, f.getUInt("llama.embedding_length").getAsLong());
        assertEquals(2, f.getUInt("llama.block_count").getAsLong());
        assertEquals(4096, f.getUInt("llama.context_length").getAsLong());
        assertEquals(10000.0, f.getFloat("llama.rope.freq_base").getAsDouble());
        assertEquals(Boolean.TRUE, f.getBool("tokenizer.ggml.add_bos_token").orElseThrow());
        GgufArray tokens = f.getArray("tokenizer.ggml.tokens").orElseThrow();
        assertEquals(1024, tokens.size());
        assertEquals(List.of("<unk>", "<s>", "</s>", "<image>", "<0x00>"), tokens.strings().subList(0, 5));
        assertEquals(GgufValueType.INT32, f.getArray("tokenizer.ggml.token_type").orElseThrow().elementType());
        assertTrue(f.chatTemplate().orElseThrow().startsWith("{% for message in messages %}"));
        assertEquals(1836288, f.parameterCount());

        GgufTensorInfo first = f.tensors().get(0);
        assertEquals("output.weight", first.name());
        assertEquals(GgmlType.F16, first.type());
        assertEquals(256, first.dim(0));
        assertEquals(1024, first.dim(1));
        assertEquals(0, first.offset());
        assertEquals(24544, f.dataOffset());
        GgufTensorInfo last = f.tensors().get(20);
        assertEquals("output_norm.weight", last.name());
        assertEquals(3698656, f.dataOffset() + last.offset());
        assertEquals(f.fileSize(), f.dataOffset() + last.offset() + last.byteSize());
    }

    @Test
    void truncatedCopiesOfTheFixtureAreMalformed() throws Exception {
        byte[] full = java.nio.file.Files.readAllBytes(GgufFixtures.textModel());
        for (int cut = 0; cut < 24544 + 64; cut += cut < 64 ? 1 : 61) {
            Path p = GgufTestFiles.write(java.util.Arrays.copyOf(full, cut));
            MalformedGgufException e = org.junit.jupiter.api.Assertions.assertThrows(MalformedGgufException.class, () -> GgufFile.read(p));
            assertTrue(e.offset() <= cut, e.getMessage());
        }
    }

    @Test
    void summarisesTheTextModel() throws Exception {
        GgufInfo info = GgufInfo.of(GgufFile.read(GgufFixtures.textModel()));
        assertEquals("llama", info.architecture());
        assertEquals("Hf", info.name());
        assertEquals("MOSTLY_F16", info.fileType());
        assertEquals(256L, info.embeddingLength());
        assertEquals(2L, info.blockCount());
        assertEquals(4L, info.headCount());
        assertEquals(4L, info.headCountKv());
        assertEquals(1024L, info.vocabSize());
        assertEquals("llama", info.tokenizerModel());
        assertEquals(1L, info.bosTokenId());
        assertEquals(2L, info.eosTokenId());
        assertFalse(info.isMmproj());
        assertNull(info.vision());
        assertTrue(info.describe().contains("architecture:"));
        assertTrue(info.chatTemplatePreview(30).endsWith("..."));
    }

    @Test
    void summarisesTheMmproj() throws Exception {
        GgufInfo info = GgufInfo.of(GgufFile.read(GgufFixtures.mmproj()));
        assertEquals("clip", info.architecture());
        assertEquals(41, info.tensorCount());
        assertEquals(513280, info.parameterCount());
        assertTrue(info.isMmproj());
        GgufInfo.Vision v = info.vision();
        assertEquals("mlp", v.projectorType());
        assertEquals(Boolean.TRUE, v.hasVisionEncoder());
        assertEquals(336L, v.imageSize());
        assertEquals(14L, v.patchSize());
        assertEquals(128L, v.embeddingLength());
        assertEquals(2L, v.blockCount());
        assertEquals(256L, v.projectionDim());
        assertEquals("mlp", info.toMap().get("projector_type"));
    }

    @Test
    void theFixturePairFits() throws Exception {
        ProjectorFit fit = ProjectorFit.check(GgufFile.read(GgufFixtures.textModel()), GgufFile.read(GgufFixtures.mmproj()));
        assertTrue(fit.fits(), fit.message());
        assertEquals(256, fit.projectionDim());
    }

    @Test
    void aMismatchedProjectorIsReportedWithBothFiles() throws Exception {
        Path text = GgufFixtures.textModel();
        Path mmproj = GgufTestFiles.write(new GgufTestWriter()
                .kv("general.architecture", GgufValueType.STRING, "clip")
                .kv("clip.projector_type", GgufValueType.STRING, "mlp")
                .tensor("mm.0.weight", GgmlType.F32, 8, 16)
                .tensor("mm.2.weight", GgmlType.F32, 16, 512)
                .bytes());
        ProjectorFit fit = ProjectorFit.check(GgufFile.read(text), GgufFile.read(mmproj));
        assertFalse(fit.fits());
        assertEquals(512, fit.projectionDim());
        assertEquals(256, fit.embeddingLength());
        assertTrue(fit.message().contains(text.toString()) && fit.message().contains(mmproj.toString()), fit.message());
        assertTrue(fit.message().contains("512") && fit.message().contains("256"), fit.message());
    }
}
