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
    /** "USER: <image> and <image>?": the fixture's image, then {@link #secondPng()}. */
    private static MtmdBitmap firstImage;
    private static MtmdBitmap secondImage;
    private static MtmdInputChunks twoImagePrompt;

    @BeforeAll
    static void load() {
        model = LlamaModel.load(TinyFixture.model(), LlamaModel.Params.defaults().withGpuLayers(0));
        mtmd = MtmdContext.load(TinyFixture.mmproj(), model, new MtmdContext.Params(false, 2, false));
        try {
            firstImage = mtmd.bitmapFromFile(TinyFixture.image());
            secondImage = mtmd.bitmapFromBytes(secondPng(), "second.png");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        twoImagePrompt = mtmd.tokenize("USER: <__media__> and <__media__>?\nASSISTANT:",
                List.of(firstImage, secondImage), true, true);
    }

    @AfterAll
    static void free() {
        for (AutoCloseable resource : new AutoCloseable[] {twoImagePrompt, firstImage, secondImage}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
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
        MtmdInputChunks chunks = twoImagePrompt;
        List<MtmdInputChunk> images = imageChunks(chunks);
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

    @Test
    void imagesDecodedTogetherGiveTheSameLogitsAsOneImagePerCall() throws IOException {
        MtmdInputChunks chunks = twoImagePrompt;
        List<MtmdInputChunk> images = imageChunks(chunks);
        List<ImageEmbedding> embeddings = images.stream().map(mtmd::encode).toList();
        assertTrue(mtmd.canDecodeJointly(images.get(0)), "LLaVA: ordinary positions, causal attention");
        // sequence s: s + 1 text positions, then image s % 2 (one call per image: 512 + 64), then one text token
        float[][] alone = new float[3][];
        try (LlamaContext context = threeSequences(512)) {
            for (int seq = 0; seq < 3; seq++) {
                prefill(context, seq);
                int next = mtmd.decodeImage(context, images.get(seq % 2), embeddings.get(seq % 2), seq + 1,
                        seq, context.batchSize());
                alone[seq] = lastLogits(context, seq, next);
            }
        }
        assertTrue(!Arrays.equals(alone[0], alone[1]), "the two images give different logits");
        // micro-batches of 512: slices of 170 + 170 + 170 + 66; of 192: nine slices of 64
        for (int microBatch : new int[] {512, 192}) {
            try (LlamaContext context = threeSequences(microBatch)) {
                List<MtmdContext.ImagePlacement> placements = new java.util.ArrayList<>();
                for (int seq = 2; seq >= 0; seq--) { // any order: decoded by sequence id
                    prefill(context, seq);
                    placements.add(new MtmdContext.ImagePlacement(images.get(seq % 2), embeddings.get(seq % 2),
                            seq, seq + 1));
                }
                int[] next = mtmd.decodeImages(context, placements);
                for (int i = 0; i < 3; i++) {
                    int seq = placements.get(i).sequence();
                    assertEquals(seq + 1 + 576, next[i], "position after the image, in the order given");
                    assertTrue(Arrays.equals(alone[seq], lastLogits(context, seq, next[i])),
                            "sequence " + seq + ", micro-batches of " + microBatch + ": bit for bit");
                }
            }
        }
        assertTrue(MtmdContext.slicesJointly(new int[] {576, 576, 576, 576}, 512), "4 x 128, then 4 x 64");
        assertTrue(MtmdContext.slicesJointly(new int[] {576, 100}, 512), "2 x 100, then 1 x 476");
        assertTrue(!MtmdContext.slicesJointly(new int[] {576, 576, 576}, 100), "slices of 33");
        assertTrue(!MtmdContext.slicesJointly(new int[] {576, 600}, 512), "the last slice of 24");
        assertTrue(!MtmdContext.slicesJointly(new int[] {576}, 512), "one image: nothing to share");
        try (LlamaContext context = threeSequences(100)) {
            var thin = List.of(new MtmdContext.ImagePlacement(images.get(0), embeddings.get(0), 0, 0),
                    new MtmdContext.ImagePlacement(images.get(1), embeddings.get(1), 1, 0));
            var e = assertThrows(IllegalArgumentException.class, () -> mtmd.decodeImages(context, thin));
            assertTrue(e.getMessage().contains("slices of at least 64"), e.getMessage());
            var twice = List.of(new MtmdContext.ImagePlacement(images.get(0), embeddings.get(0), 0, 0),
                    new MtmdContext.ImagePlacement(images.get(1), embeddings.get(1), 0, 0));
            assertThrows(IllegalArgumentException.class, () -> mtmd.decodeImages(context, twice));
            var gap = List.of(new MtmdContext.ImagePlacement(images.get(0), embeddings.get(0), 1, 5),
                    new MtmdContext.ImagePlacement(images.get(1), embeddings.get(1), 0, 0));
            e = assertThrows(IllegalArgumentException.class, () -> mtmd.decodeImages(context, gap));
            assertTrue(e.getMessage().contains("sequence 1"), e.getMessage());
            var text = List.of(new MtmdContext.ImagePlacement(chunks.get(0), embeddings.get(0), 0, 0),
                    new MtmdContext.ImagePlacement(images.get(1), embeddings.get(1), 1, 0));
            assertThrows(IllegalArgumentException.class, () -> mtmd.decodeImages(context, text));
        }
    }

    private static LlamaContext threeSequences(int microBatch) {
        return LlamaContext.create(model, LlamaContext.Params.defaults().withContextSize(3 * 1024).withSequences(3)
                .withMicroBatchSize(microBatch).withThreads(2));
    }

    /** Decodes {@code seq + 1} text positions into sequence {@code seq}, so the sequences' images start apart. */
    private static void prefill(LlamaContext context, int seq) {
        int[] tokens = {model.vocab().bos(), 1, 2};
        try (LlamaBatch batch = context.newBatch(8, 1)) {
            for (int i = 0; i <= seq; i++) {
                batch.add(tokens[i], i, false, seq);
            }
            context.decodeOrThrow(batch, "prefix of sequence " + seq);
        }
    }

    /** Decodes one text token at {@code position} of {@code seq} and returns its logits. */
    private static float[] lastLogits(LlamaContext context, int seq, int position) {
        try (LlamaBatch batch = context.newBatch(1, 1)) {
            int index = batch.add(3, position, true, seq);
            context.decodeOrThrow(batch, "token after the image of sequence " + seq);
            return context.logits(index);
        }
    }

    /** A second image, unlike the fixture's: a small PNG with one orange pixel. */
    private static byte[] secondPng() throws IOException {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(80, 60,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        picture.setRGB(10, 10, 0xff8800);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(picture, "png", png);
        return png.toByteArray();
    }

    private static List<MtmdInputChunk> imageChunks(MtmdInputChunks chunks) {
        return chunks.chunks().stream().filter(c -> c.type() == MtmdInputChunk.Type.IMAGE).toList();
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
