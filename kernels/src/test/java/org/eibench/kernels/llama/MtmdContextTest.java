package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.eibench.kernels.gguf.GgufFile;
import org.eibench.kernels.gguf.GgufTestFiles;
import org.eibench.kernels.gguf.GgufTestWriter;
import org.eibench.kernels.gguf.GgufValueType;
import org.eibench.kernels.gguf.ProjectorFit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libmtmd through the binding on the tiny LLaVA fixture, and the checks in front of it. */
class MtmdContextTest {
    private static LlamaModel model;
    private static MtmdContext mtmd;

    @BeforeAll
    static void load() {
        model = LlamaModel.load(TinyFixture.model(), LlamaModel.Params.defaults().withGpuLayers(0));
        mtmd = MtmdContext.load(TinyFixture.mmproj(), model, new MtmdContext.Params(false, 2, false));
    }

    @AfterAll
    static void free() {
        if (model != null) {
            model.close(); // closes the mtmd context first
        }
    }

    @Test
    void tokenizesThePromptIntoTextImageText() {
        assertTrue(mtmd.supportsVision());
        assertEquals("<__media__>", mtmd.mediaMarker());
        try (MtmdBitmap bitmap = mtmd.bitmapFromFile(TinyFixture.image());
                MtmdInputChunks chunks = mtmd.tokenize("USER: <__media__>Describe the image.\nASSISTANT:",
                        List.of(bitmap), true, true)) {
            assertEquals(336, bitmap.width());
            assertEquals(336, bitmap.height());
            assertEquals(64, bitmap.id().length(), "SHA-256 hex id");
            assertEquals(3, chunks.size());
            assertEquals(MtmdInputChunk.Type.TEXT, chunks.get(0).type());
            assertEquals(MtmdInputChunk.Type.IMAGE, chunks.get(1).type());
            assertEquals(576, chunks.get(1).tokenCount());
            assertEquals(576, chunks.get(1).positionCount());
            assertEquals(bitmap.id(), chunks.get(1).id());
            assertEquals(model.vocab().bos(), chunks.get(0).textTokens()[0]);
            assertEquals(589, chunks.tokenCount());

            ImageEmbedding embedding = mtmd.encode(chunks.get(1));
            assertEquals(576, embedding.tokens());
            assertEquals(256, embedding.width());
            assertTrue(Arrays.stream(toDoubles(embedding.toArray())).allMatch(Double::isFinite));
        }
    }

    @Test
    void encodeAllGivesTheSameEncodingsOneImagePerCallForLlava() throws IOException {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(80, 60,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        picture.setRGB(10, 10, 0xff8800);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(picture, "png", png);
        try (MtmdBitmap first = mtmd.bitmapFromFile(TinyFixture.image());
                MtmdBitmap second = mtmd.bitmapFromBytes(png.toByteArray(), "second.png");
                MtmdInputChunks chunks = mtmd.tokenize("USER: <__media__> and <__media__>?\nASSISTANT:",
                        List.of(first, second), true, true)) {
            List<MtmdInputChunk> images = chunks.chunks().stream()
                    .filter(c -> c.type() == MtmdInputChunk.Type.IMAGE).toList();
            assertEquals(2, images.size());
            MtmdContext.Encodings all = mtmd.encodeAll(images);
            assertEquals(2, all.embeddings().size());
            assertEquals(2, all.encoderCalls(), "LLaVA's vision graph takes one image per call");
            for (int i = 0; i < 2; i++) {
                assertTrue(Arrays.equals(mtmd.encode(images.get(i)).toArray(), all.embeddings().get(i).toArray()),
                        "image " + i + ": batch API and mtmd_encode_chunk agree bit for bit");
            }
            assertEquals(0, mtmd.encodeAll(List.of()).encoderCalls());
            assertThrows(IllegalArgumentException.class, () -> mtmd.encodeAll(List.of(chunks.get(0))));
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    @Test
    void bytesAndFileGiveTheSameBitmap() throws IOException {
        try (MtmdBitmap fromFile = mtmd.bitmapFromFile(TinyFixture.image());
                MtmdBitmap fromBytes = mtmd.bitmapFromBytes(Files.readAllBytes(TinyFixture.image()), "test.png")) {
            assertEquals(fromFile.id(), fromBytes.id());
        }
    }

    @Test
    void notAnImageIsAClearError(@TempDir Path tmp) throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.png"), "these are notes, not pixels");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mtmd.bitmapFromFile(text));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
        byte[] png = Files.readAllBytes(TinyFixture.image());
        byte[] truncated = Arrays.copyOf(png, 40); // valid signature and header, no pixel data
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                () -> mtmd.bitmapFromBytes(truncated, "truncated.png"));
        assertTrue(cut.getMessage().contains("truncated PNG"), cut.getMessage());
        byte[] damaged = png.clone(); // whole chunk structure, but the compressed pixel data zeroed: stb refuses it
        int idat = new String(png, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("IDAT");
        Arrays.fill(damaged, idat + 4, idat + 24, (byte) 0);
        IllegalArgumentException undecodable = assertThrows(IllegalArgumentException.class,
                () -> mtmd.bitmapFromBytes(damaged, "damaged.png"));
        assertTrue(undecodable.getMessage().contains("is not a decodable image"), undecodable.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mtmd.bitmapFromFile(tmp.resolve("missing.jpg")));
        byte[] wav = "RIFF\0\0\0\0WAVEfmt ".getBytes();
        assertThrows(IllegalArgumentException.class, () -> mtmd.bitmapFromBytes(wav, "sound.wav"));
    }

    @Test
    void markerCountMustMatchImages() {
        try (MtmdBitmap bitmap = mtmd.bitmapFromFile(TinyFixture.image())) {
            assertThrows(IllegalArgumentException.class, () -> mtmd.tokenize("no marker here", List.of(bitmap), true,
                    true));
            assertThrows(IllegalArgumentException.class, () -> mtmd.tokenize("<__media__> <__media__>",
                    List.of(bitmap), true, true));
        }
    }

    @Test
    void mmprojWidthIsCheckedAgainstTheTextModel() throws Exception {
        assertEquals(256, ProjectorFit.projectionDim(mtmd.gguf()).orElseThrow());
        assertTrue(ProjectorFit.check(model.gguf(), mtmd.gguf()).fits());
        GgufFile wider = GgufFile.read(GgufTestFiles.write(new GgufTestWriter()
                .kv("general.architecture", GgufValueType.STRING, "llama")
                .kv("llama.embedding_length", GgufValueType.UINT32, 4096L).bytes()));
        ProjectorFit fit = ProjectorFit.check(wider, mtmd.gguf());
        assertTrue(!fit.fits() && fit.message().contains("4096") && fit.message().contains("made for this model"),
                fit.message());
    }

    @Test
    void aTextModelIsNotAnMmproj() {
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class,
                () -> MtmdContext.load(TinyFixture.model(), model, MtmdContext.Params.defaults()));
        assertTrue(e.getMessage().contains("mmproj"), e.getMessage());
    }
}
